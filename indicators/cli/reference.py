"""The command reference in docs/commands.md, generated from the commands' own help so the two cannot drift:
`python -m indicators.cli.reference docs/commands.md` writes it; a test compares it with what this returns."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .main import cli

WIDTH = 100  # help is wrapped at this width whatever the terminal, so the file is the same everywhere

HEAD = """# Commands

Every `barometer` command and option, as `barometer --help` and `barometer COMMAND --help` give them. This file
is generated from the commands' own help (`python -m indicators.cli.reference docs/commands.md`); a test fails
when it differs from the help, or when a command or option has no help.
"""


def commands() -> list[tuple[str, click.Command]]:
    """(name, command) for every command, the core's and those other packages register, in name order."""
    ctx = click.Context(cli, info_name="barometer")
    return [(name, cli.get_command(ctx, name)) for name in cli.list_commands(ctx)]


def help_text(command: click.Command, path: list[str]) -> str:
    parent = None
    for name in path[:-1]:
        parent = click.Context(cli, info_name=name, terminal_width=WIDTH, max_content_width=WIDTH)
    ctx = click.Context(command, info_name=path[-1], parent=parent, terminal_width=WIDTH, max_content_width=WIDTH)
    return command.get_help(ctx)


def reference() -> str:
    parts = [HEAD, "## barometer\n", "```text\n" + help_text(cli, ["barometer"]) + "\n```\n"]
    for name, command in commands():
        parts += [f"## barometer {name}\n", "```text\n" + help_text(command, ["barometer", name]) + "\n```\n"]
    return "\n".join(parts)


def main(argv: list[str]) -> None:
    out = Path(argv[0])
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(reference(), encoding="utf-8")
    tmp.replace(out)


if __name__ == "__main__":
    main(sys.argv[1:])
