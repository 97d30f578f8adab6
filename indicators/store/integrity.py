"""The store's integrity, as `barometer check` reports it: the schema's version against this tool's, the
append-only rules against those the migrations made (guards.py), the rows of each table, and every archived
payload's bytes against the sha256 they are filed under. Read-only: a check never writes."""
from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field

from ..languages.i18n import _
from . import guards
from .migrations import migrations


@dataclass
class Report:
    version: int
    known: int
    rows: dict[str, int]
    rules: int
    payloads: int
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def as_json(self) -> dict:
        return {"ok": self.ok, "schema_version": self.version, "known_version": self.known, "rows": self.rows,
                "rules_checked": self.rules, "payloads_checked": self.payloads, "failures": self.failures}


def _version_failure(version: int, known: int) -> str | None:
    if version > known:
        return _("the schema is at version {version}, newer than this barometer knows ({known}): upgrade barometer "
                 "before writing to it").format(version=version, known=known)
    if version < known:
        return _("the schema is at version {version}, older than this barometer's ({known}): `barometer init` "
                 "migrates it").format(version=version, known=known)
    return None


def _payload_failures(store) -> tuple[int, list[str]]:
    """Each archived payload read back and hashed again: its sha256 and its size must be what it is filed under."""
    failures, checked = [], 0
    rows = store.conn.execute("SELECT sha256, size, compression, body FROM raw_payloads ORDER BY sha256")
    for sha, size, compression, body in rows:
        checked += 1
        try:
            data = zlib.decompress(bytes(body)) if compression == "zlib" else bytes(body)
        except zlib.error as exc:
            failures.append(_("archived payload {sha}: its bytes cannot be read back ({error})").format(
                sha=sha, error=exc))
            continue
        if hashlib.sha256(data).hexdigest() != sha:
            failures.append(_("archived payload {sha}: its bytes do not hash to the sha256 it is filed under "
                              "(they were changed)").format(sha=sha))
        elif size is not None and len(data) != size:
            failures.append(_("archived payload {sha}: {found} bytes, where {size} were archived").format(
                sha=sha, found=len(data), size=size))
    return checked, failures


def check(store) -> Report:
    """Everything `barometer check` says of a store opened read-only."""
    applied = store.applied_versions()
    version = max(applied) if applied else 0
    known = max(v for v, _name, _sql in migrations(store.dialect))
    tables = sorted(t for t in store.table_names() if t not in store.sql.bookkeeping)
    rows = {t: store.conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    failures = [f for f in [_version_failure(version, known)] if f]
    rules = 0
    if version == known:  # the rules of another version are not this tool's to judge
        rules = len(guards.expected_rules(store.dialect))
        failures += [_("append-only rule {rule}: {problem}").format(rule=name, problem=guards.problem_word(kind))
                     for name, kind in guards.problems(store.conn, store.dialect)]
    payloads = 0
    if "raw_payloads" in rows:
        payloads, bad = _payload_failures(store)
        failures += bad
    return Report(version, known, rows, rules, payloads, failures)
