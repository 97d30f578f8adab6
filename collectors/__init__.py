"""Collectors of public sources: one module per source, each ending with its `Source` (see source.py)."""
from . import acled, csv, gdelt, ioda, nbrb, ooni, owid_covid, wikipedia, worldbank
from .source import Source

REGISTRY: dict[str, Source] = {m.SOURCE.id: m.SOURCE for m in (ooni, ioda, nbrb, worldbank, wikipedia, gdelt,
                                                                owid_covid, acled, csv)}
