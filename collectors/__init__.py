"""Collectors of public sources: one module per source, each with plan, fetch and parse."""
from . import acled, csv, gdelt, ioda, nbrb, ooni, owid_covid, wikipedia, worldbank

REGISTRY = {m.SOURCE: m for m in (ooni, ioda, nbrb, worldbank, wikipedia, gdelt, owid_covid, acled, csv)}
