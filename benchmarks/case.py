"""One benchmark case in its own process: `python -m benchmarks.case CASE SIZE REPEAT WORKDIR`.

A case module exposes `measure(size, workdir) -> (rows, {metric: value})`, or `run(size) -> dict`
whose numeric entries (but "rows") are its metrics; either is called REPEAT times.
"""
from __future__ import annotations

import importlib
import json
import resource
import sys
from pathlib import Path


def main() -> None:
    case, size, repeat, workdir = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    module = importlib.import_module(f"benchmarks.{case}")
    samples: dict[str, list[float]] = {}
    rows = 0
    for _ in range(repeat):
        if hasattr(module, "measure"):
            rows, metrics = module.measure(size, workdir)
        else:
            result = module.run(size)
            rows = result.get("rows", 0)
            metrics = {k: v for k, v in result.items()
                       if k != "rows" and isinstance(v, (int, float)) and not isinstance(v, bool)}
        for name, value in metrics.items():
            samples.setdefault(name, []).append(value)
    from .__main__ import summarise
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"case": case, "size": size, "rows": rows, "peak_rss_mb": peak_kb / 1024,
                      "metrics": {k: summarise(v) for k, v in samples.items()}}))


if __name__ == "__main__":
    main()
