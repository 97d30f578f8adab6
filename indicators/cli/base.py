"""What every `barometer` command shares: exit codes, the database and catalogue in use, the language of its
output, and a group that imports a command's module only when that command runs (so `barometer --help` loads no
heavy library)."""
from __future__ import annotations

import errno
import importlib
import os
import sys
from dataclasses import dataclass
from importlib.metadata import entry_points

import click

from .. import access
from ..languages import i18n
from ..model.catalogue import Catalogue, load_catalogue
from ..model.catalogue_translations import localize
from ..languages.i18n import _
from ..local_files import InputFileError
from ..store import DiskFull, GuardsBroken, NotFound, SchemaTooNew, Store, StoreError
from ..model.text_policy import printable
from ..model.validation import ValidationError


class BadInput(click.ClickException):
    """Bad input: a clear message, nothing written, exit code 2."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(printable(message))  # input echoed back never drives the terminal


@dataclass(frozen=True)
class LazyCommand:
    """A command known by name and help line; its module is imported when it is asked for."""

    target: str  # "package.module:attribute"
    help: str


class BarometerGroup(click.Group):
    """Turns the library's exceptions into the exit codes the CLI promises, and loads commands lazily: its own
    (`lazy`), then those other packages register under the entry-point group `plugins`, read only when a command
    that is not its own is asked for, or the list of commands."""

    def __init__(self, *args, lazy: dict[str, LazyCommand] | None = None, plugins: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})
        self.plugins = plugins
        self._registered: dict[str, LazyCommand] | None = None

    def registered(self) -> dict[str, LazyCommand]:
        """The commands registered under the entry-point group, by name (a package's own command wins)."""
        if self._registered is None:
            found = {}
            for point in (entry_points(group=self.plugins) if self.plugins else ()):
                command = point.load()
                if not isinstance(command, LazyCommand):
                    raise TypeError(f"entry point {point.name} = {point.value} is not a LazyCommand")
                found[point.name] = command
            self._registered = {name: c for name, c in found.items() if name not in self.lazy}
        return self._registered

    def _lazy(self, name: str) -> LazyCommand | None:
        return self.lazy.get(name) or self.registered().get(name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy, *self.registered()})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and (lazy := self._lazy(name)) is not None:
            module, _, attribute = lazy.target.partition(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the help lines given, without importing any command's module (and the same
        lines once a command has been loaded)."""
        rows = [(name, lazy.help if (lazy := self._lazy(name)) is not None
                 else self.commands[name].get_short_help_str(formatter.width))
                for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ValidationError as exc:
            where = _("record {n}: ").format(n=exc.index + 1) if exc.index is not None else ""
            raise BadInput(_("invalid input, nothing saved: {problem}").format(problem=f"{where}{exc}")) from exc
        except (access.ReadOnlyError, NotFound, i18n.UnknownLanguage, InputFileError) as exc:
            raise BadInput(str(exc)) from exc
        except (SchemaTooNew, GuardsBroken, DiskFull) as exc:  # not the input's fault: exit 1
            raise click.ClickException(printable(str(exc))) from exc
        except StoreError as exc:
            raise BadInput(str(exc)) from exc
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            quiet_stdout()  # the reader has had enough (`barometer list | head`): not a failure
            raise click.exceptions.Exit(0) from None
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise click.ClickException(printable(f"{type(exc).__name__}: {exc}")) from exc
            raise click.ClickException(printable(_("the disk is full ({error}): nothing was saved; free some space "
                                                   "and try again").format(error=exc))) from exc
        except Exception as exc:  # noqa: BLE001 - the promise is exit 1 with a message, not a traceback
            raise click.ClickException(printable(f"{type(exc).__name__}: {exc}")) from exc


def quiet_stdout() -> None:
    """Point standard output at /dev/null, so that nothing still buffered for a closed pipe is written (and
    fails) again when the process exits (the recipe of Python's signal documentation, "Note on SIGPIPE")."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test runner's buffer): nothing to point away
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def open_store(ctx: click.Context) -> Store:
    """The database chosen with --db (or $BAROMETER_DB, or ./data.db), closed when the command ends."""
    store = Store.open(ctx.find_root().obj["db_path"])
    ctx.call_on_close(store.close)
    return store


def catalogue(ctx: click.Context, *, localized: bool = False) -> Catalogue:
    """The catalogue chosen with --catalogue (or $BAROMETER_CATALOGUE, or the one shipped); `localized`: with its
    names, families, units and definitions in the command's language, for what it prints."""
    found = load_catalogue(ctx.find_root().obj.get("catalogue_path"))
    return localize(found, i18n.data_language()) if localized else found


def _choose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        ctx.with_resource(i18n.use(value))  # for this command (or the group's) and no longer
    return value


def lang_option(command):
    """`--lang be|ru|en`: the language of what the command prints (default: $BAROMETER_LANG, else English)."""
    return click.option("--lang", type=click.Choice(i18n.LANGUAGES, case_sensitive=False), default=None,
                        expose_value=False, callback=_choose_language, is_eager=True,
                        help="Language of the output: be, ru or en (default: $BAROMETER_LANG, else en).")(command)
