"""The docs keep up with the commands: every command and option has help; every command has a place in the
hand-written docs and every option is named there; and docs/commands.md is exactly the commands' own help, as
`python -m indicators.cli.reference docs/commands.md` writes it. README.md's links to the docs lead to pages
that exist."""
from __future__ import annotations

import re
from pathlib import Path

import click

from indicators.cli import reference

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
REGENERATE = "docs/commands.md differs from the commands' help: run python -m indicators.cli.reference docs/commands.md"


def written() -> str:
    """The README and every hand-written page of docs/ (the generated reference left out)."""
    pages = [ROOT / "README.md", *sorted(p for p in DOCS.glob("*.md") if p.name != "commands.md")]
    return "\n".join(p.read_text(encoding="utf-8") for p in pages)


def options(command: click.Command) -> list[click.Option]:
    return [p for p in command.params if isinstance(p, click.Option) and not p.hidden]


def test_the_command_reference_is_the_commands_own_help():
    assert (DOCS / "commands.md").read_text(encoding="utf-8") == reference.reference(), REGENERATE


def test_every_command_and_option_has_help():
    missing = [name for name, command in reference.commands() if not (command.help or command.short_help)]
    missing += [f"{name} {p.opts[0]}" for name, command in [("barometer", reference.cli), *reference.commands()]
                for p in options(command) if not p.help]
    assert missing == []


def test_every_command_has_a_place_in_the_docs_and_every_option_is_named_there():
    text = written()
    assert [name for name, _ in reference.commands() if f"barometer {name}" not in text] == []
    unnamed = [f"{name} {opt}" for name, command in [("barometer", reference.cli), *reference.commands()]
               for p in options(command) for opt in p.opts if opt.startswith("--") and opt != "--help"
               and not re.search(re.escape(opt) + r"(?![\w-])", text)]
    assert unnamed == []


def test_the_readme_is_a_way_in_and_its_links_lead_to_pages_that_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 250
    linked = re.findall(r"\]\(((?:docs/)[^)#]+)", readme)
    assert {"docs/commands.md", "docs/verdicts.md", "docs/data.md"} <= set(linked)
    assert [target for target in linked if not (ROOT / target).exists()] == []
    for page in DOCS.glob("*.md"):
        for target in re.findall(r"\]\(([\w./-]+\.(?:md|png))\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).exists(), (page.name, target)


def test_the_readmes_first_session_runs_as_written(tmp_path, monkeypatch):
    """Each command of "A first session", run in an empty folder, exits 0 (a new reader types them first)."""
    import shlex

    from click.testing import CliRunner

    from indicators.cli.main import cli

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## A first session", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [shlex.split(line, comments=True) for line in block.replace("\\\n", " ").splitlines()]
    monkeypatch.chdir(tmp_path)
    for argv in filter(None, commands):
        assert argv[0] == "barometer", argv
        result = CliRunner().invoke(cli, argv[1:])
        assert result.exit_code == 0, (argv, result.output)
