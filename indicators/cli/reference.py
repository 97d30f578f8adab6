"""The command reference in docs/commands.md, generated from the commands' own help and the settings' list
(indicators/settings.py) so the two cannot drift:
`python -m indicators.cli.reference docs/commands.md` writes it; a test compares it with what this returns."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import settings
from .main import cli

WIDTH = 100  # help is wrapped at this width whatever the terminal, so the file is the same everywhere

HEAD = """# Commands and settings

Every `barometer` command and option, as `barometer --help` and `barometer COMMAND --help` give them, then every
setting a deployment makes through the environment. This file is generated from the commands' own help and from
`indicators/settings.py` (`python -m indicators.cli.reference docs/commands.md`); a test fails when it differs
from them, or when a command or option has no help.
"""


def commands() -> list[tuple[str, click.Command]]:
    """(name, command) for every command, the core's and those other packages register, in name order."""
    ctx = click.Context(cli, info_name="barometer")
    return [(name, cli.get_command(ctx, name)) for name in cli.list_commands(ctx)]


def help_text(command: click.Command, name: str | None = None) -> str:
    """`barometer --help` (no name), or `barometer NAME --help`, at WIDTH."""
    top = click.Context(cli, info_name="barometer", terminal_width=WIDTH, max_content_width=WIDTH)
    if name is None:
        return cli.get_help(top)
    return command.get_help(click.Context(command, info_name=name, parent=top, terminal_width=WIDTH,
                                          max_content_width=WIDTH))


def settings_table() -> str:
    """Every setting: its variable (a pattern's id in capitals as <ID>), its default, what it does."""
    rows = ["| variable | default | what it does |", "|---|---|---|"]
    for s in settings.ALL:
        if isinstance(s, settings.Pattern):
            rows.append(f"| `{s.template.format(id='<ID>')}` | — | {s.help} |")
        else:
            rows.append(f"| `{s.name}` | {f'`{s.default}`' if s.default else '—'} | {s.help} |")
    return "\n".join(rows) + "\n"


def reference() -> str:
    parts = [HEAD, "## barometer\n", "```text\n" + help_text(cli) + "\n```\n"]
    for name, command in commands():
        parts += [f"## barometer {name}\n", "```text\n" + help_text(command, name) + "\n```\n"]
    parts += ["## Settings\n", "Read when they are used, never at import: a value set for a process, a job or a test "
              "applies to the next call. `<ID>` is a source's id (`OONI`, `GDELT`, …) or, for `BAROMETER_CSV_URL_`, "
              "an indicator's, in capitals.\n", settings_table()]
    return "\n".join(parts)


def main(argv: list[str]) -> None:
    out = Path(argv[0])
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(reference(), encoding="utf-8")
    tmp.replace(out)


if __name__ == "__main__":
    main(sys.argv[1:])
