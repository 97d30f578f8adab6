"""What a public copy of the database reads: every observation with its provenance and history (never the run
that wrote it, nor anything of the audit trail), and the metadata of the payloads behind them, never a body."""
from __future__ import annotations

from collections.abc import Iterable

# An observation as the public sees it on an indicator's page with its history shown (its confidential parts
# are blanked afterwards, by confidentiality.public_view): no run id, nothing of the collector's log.
_PUBLIC_READ = ", ".join((
    "id", "indicator_id", "period_start", "period_end", "qualifier", "value", "value_low", "value_high",
    "source_url", "citation", "note", "note_confidential", "source_confidential", "collector", "entered_by",
    "entered_at", "status", "supersedes", "status_changed_at", "status_reason", "payload_sha256"))
_PAYLOAD_READ = "sha256, source, url, status, fetched_at, content_type, size"


class PublicRows:
    def public_observations(self, *, ending_by: str | None = None) -> list[dict]:
        """Every observation (in force, corrected or retracted) whose period ends by `ending_by`, in id order,
        with the earlier revisions the rows correct, so that each correction's `supersedes` is among them."""
        where, params = ("WHERE period_end <= ?", [ending_by]) if ending_by else ("", [])
        rows = {r["id"]: r for r in self.query(
            f"SELECT {_PUBLIC_READ} FROM observations {where} ORDER BY id", params)}
        missing = {r["supersedes"] for r in rows.values() if r["supersedes"] is not None} - set(rows)
        while missing:  # a correction that moved its period past the date still names what it corrected
            found = self._public_by_id(missing)
            rows.update(found)
            missing = {r["supersedes"] for r in found.values() if r["supersedes"] is not None} - set(rows)
        return [rows[i] for i in sorted(rows)]

    def _public_by_id(self, ids: Iterable[int]) -> dict[int, dict]:
        ids, out = sorted(set(ids)), {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            out.update((r["id"], r) for r in self.query(
                f"SELECT {_PUBLIC_READ} FROM observations WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return out

    def payload_metadata(self, sha256s: Iterable[str]) -> list[dict]:
        """The archived payloads named, without their bodies, by sha256."""
        shas, out = sorted(set(sha256s)), []
        for i in range(0, len(shas), 500):
            chunk = shas[i:i + 500]
            out += self.query(f"SELECT {_PAYLOAD_READ} FROM raw_payloads "
                              f"WHERE sha256 IN ({','.join('?' * len(chunk))})", chunk)
        return sorted(out, key=lambda r: r["sha256"])
