"""Guards that check themselves: the database's own rules (its triggers, and on PostgreSQL the functions they
call) compared with those the migrations create, before anything is written.

A trigger dropped, altered or disabled behind the store's back (a `DROP TRIGGER`, an `ALTER TABLE … DISABLE
TRIGGER`, a function replaced) would let history be deleted or rewritten without a word; a store opened for
writing refuses such a database instead. What the migrations create is recorded in guards.json (a sha256 of each
definition as the database gives it back, whitespace folded), written by `python -m indicators.store.guards`
from fresh databases and checked against them by the tests.
"""
from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from importlib import resources

from ..languages.i18n import N_, _
from .connection import StoreError

MISSING, ALTERED, DISABLED, UNEXPECTED = "missing", "altered", "disabled", "unexpected"
GUARDS_FILE = ("migrations", "guards.json")
# What each dialect's catalogue says of its rules: (name, definition, enabled) rows.
_SQLITE_RULES = "SELECT 'trigger ' || name, sql, 1 FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
_PG_RULES = """
SELECT 'trigger ' || c.relname || '.' || t.tgname, pg_get_triggerdef(t.oid), t.tgenabled = 'O'
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal AND n.nspname = current_schema()
UNION ALL
SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
       pg_get_functiondef(p.oid), TRUE
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = current_schema() AND p.prokind = 'f'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1
"""


class GuardsBroken(StoreError):
    """The database's append-only rules are not those the migrations made: nothing may be written to it."""


def _normalized(definition: str, schema: str | None) -> str:
    text = " ".join(definition.split())
    if schema:  # PostgreSQL names the schema the rule lives in: the same rule in another schema is the same
        text = re.sub(rf'(?<![\w"]){re.escape(schema)}\.', "", text)
    return text


def digest(definition: str) -> str:
    return hashlib.sha256(definition.encode("utf-8")).hexdigest()


def current_rules(conn, dialect: str) -> dict[str, tuple[str, bool]]:
    """Each rule the database holds: its sha256 (of the normalized definition) and whether it is enabled."""
    if dialect == "sqlite":
        rows, schema = conn.execute(_SQLITE_RULES).fetchall(), None
    else:
        schema = conn.execute("SELECT current_schema()").fetchone()[0]
        rows = conn.execute(_PG_RULES).fetchall()
    return {name: (digest(_normalized(sql or "", schema)), bool(enabled)) for name, sql, enabled in rows}


@lru_cache(maxsize=1)
def _recorded() -> dict:
    path = resources.files("indicators").joinpath(*GUARDS_FILE)
    return json.loads(path.read_text(encoding="utf-8"))


def expected_rules(dialect: str) -> dict[str, str]:
    """The rules the shipped migrations create, by name: their sha256."""
    return dict(_recorded()[dialect]["rules"])


def expected_version(dialect: str) -> int:
    return int(_recorded()[dialect]["version"])


def problems(conn, dialect: str) -> list[tuple[str, str]]:
    """(rule, what is wrong with it) for every rule missing, altered, disabled or not made by the migrations."""
    expected, found = expected_rules(dialect), current_rules(conn, dialect)
    out = []
    for name, sha in expected.items():
        if name not in found:
            out.append((name, MISSING))
        elif found[name][0] != sha:
            out.append((name, ALTERED))
        elif not found[name][1]:
            out.append((name, DISABLED))
    out += [(name, UNEXPECTED) for name in found if name not in expected]
    return out


PROBLEM_WORDS = {MISSING: N_("missing"), ALTERED: N_("altered"), DISABLED: N_("disabled"),
                 UNEXPECTED: N_("not made by the migrations")}


def problem_word(kind: str) -> str:
    return _(PROBLEM_WORDS[kind])


def refusal(where: str, found: list[tuple[str, str]]) -> GuardsBroken:
    listed = "; ".join(f"{name}: {problem_word(kind)}" for name, kind in found)
    return GuardsBroken(_("{db}: the database's append-only rules are not those its migrations made ({problems}); "
                          "nothing was written. Someone changed the database behind barometer's back: run "
                          "`barometer check`, restore the database from a backup or recreate the rules, and find "
                          "out what was deleted or rewritten meanwhile").format(db=where, problems=listed))
