"""Writes indicators/migrations/guards.json: the append-only rules the migrations make, read from fresh databases.

    python -m indicators.store.record_guards NEW.db postgresql://…/an_empty_database

Run it after changing a migration; the tests compare the file with what fresh databases hold."""
from __future__ import annotations

import json
import sys
from importlib import resources

from . import Store
from .guards import GUARDS_FILE, current_rules


def record(targets: dict[str, str]) -> dict:
    """What guards.json holds, read from fresh databases (dialect → a target without a schema)."""
    out = {}
    for dialect, target in targets.items():
        with Store(target, migrate=True, guarded=False) as store:
            rules = current_rules(store.conn, dialect)
            out[dialect] = {"version": max(store.applied_versions()),
                            "rules": {name: sha for name, (sha, _enabled) in sorted(rules.items())}}
    return out


if __name__ == "__main__":
    recorded = record({"sqlite": sys.argv[1], "postgresql": sys.argv[2]})
    path = resources.files("indicators").joinpath(*GUARDS_FILE)
    path.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{path}: {sum(len(d['rules']) for d in recorded.values())} rules")
