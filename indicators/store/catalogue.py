"""The catalogue's indicators as rows, so that SQL can join observations to their kind and tolerance."""
from __future__ import annotations

import json

from ..model.catalogue import Catalogue


class CatalogueRows:
    def sync_catalogue(self, catalogue: Catalogue) -> tuple[int, int]:
        """Bring the catalogue's entries in (added, changed); observations are untouched."""
        existing = {r["id"]: r for r in self.query("SELECT * FROM indicators")}
        rows = []
        for ind in catalogue.indicators.values():
            rows.append({
                "id": ind.id, "name": ind.name, "family": ind.family, "unit": ind.unit, "kind": ind.kind,
                "worse_when": ind.worse_when, "cadence": ind.cadence, "definition": ind.definition,
                "paper_context": ind.paper_context,
                "sources": json.dumps([s.__dict__ for s in ind.sources], ensure_ascii=False),
                "approx_tolerance": ind.approx_tolerance,
                "baseline_pin": json.dumps(ind.baseline_pin) if ind.baseline_pin else None,
                "collector": ind.collector, "params": json.dumps(ind.params, ensure_ascii=False, sort_keys=True),
                "position": ind.position, "basis": ind.basis,
            })
        added = [r for r in rows if r["id"] not in existing]
        changed = [r for r in rows if r["id"] in existing and existing[r["id"]] != r]
        if added or changed:
            columns = list(rows[0])
            with self.transaction():
                self.conn.executemany(
                    f"INSERT INTO indicators ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
                    f"ON CONFLICT (id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in columns[1:])}",
                    [tuple(r.values()) for r in added + changed])
        return len(added), len(changed)
