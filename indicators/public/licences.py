"""The licence of each recorded dataset the install ships, as its folder's SOURCE.md states it, so that a public
copy can say under which terms each archived file was published (or that none were stated)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..model.catalogue import Catalogue

_BULLET = re.compile(r"^- \*\*Licence\*\*:\s*(.*)$")
_NEXT = re.compile(r"^(- |#|\s*$)")


@lru_cache(maxsize=64)
def licence_in(source_md: Path) -> str | None:
    """The text of the `- **Licence**:` bullet of a SOURCE.md, its Markdown emphasis dropped; None without one."""
    try:
        lines = source_md.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for i, line in enumerate(lines):
        m = _BULLET.match(line)
        if m:
            parts = [m.group(1)]
            for more in lines[i + 1:]:
                if _NEXT.match(more):
                    break
                parts.append(more.strip())
            return " ".join(p for p in parts if p).replace("**", "").replace("`", "") or None
    return None


def history_licences(catalogue: Catalogue) -> dict[str, str | None]:
    """Each shipped history file's address (the URL its payloads are archived under) → the licence its folder
    states (None: not stated)."""
    return {h.url: licence_in(h.path.parent / "SOURCE.md") for h in catalogue.history}
