"""The adversarial suite: each file tries one class of hostile input or misuse, and checks that it is
refused clearly (exit 2 naming the field, nothing written) or, where it is allowed, stored exactly."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from indicators.cli.main import cli
from tests.backends import table_digest

SRC = "https://example.org/report/1"
GOOD = ["--start", "2020-05-06", "--source", SRC, "--by", "analyst"]


def run(db_target, *args, env=None):
    """`barometer --db DB ARGS…` in process; a clean environment unless `env` says otherwise."""
    return CliRunner().invoke(cli, ["--db", str(db_target), *map(str, args)],
                              env={"BAROMETER_READONLY": "", **(env or {})})


def refused(result, field: str) -> str:
    """Exit 2 with a message naming `field`; the message is returned for further checks."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert field in result.output, result.output
    return result.output


@pytest.fixture
def initialized(db_target):
    result = run(db_target, "init")
    assert result.exit_code == 0, result.output
    return db_target


@pytest.fixture
def unchanged(initialized):
    """Call it at the end of a test: the database is byte for byte what it was at the start."""
    before = table_digest(initialized)
    return lambda: table_digest(initialized) == before

