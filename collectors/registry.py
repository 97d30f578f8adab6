"""Every source this package can collect, by id: the one list the runner, the scheduler and the CLI read."""
from . import (acled, citizenlab, csv, freedom_house, gdelt, ioda, minsk_cases, nbrb, ooni, owid_vaccinations,
               who_covid, wikipedia, world_mortality, worldbank)
from .source import Source

REGISTRY: dict[str, Source] = {m.SOURCE.id: m.SOURCE for m in (
    ooni, ioda, nbrb, worldbank, wikipedia, gdelt, who_covid, world_mortality, owid_vaccinations, citizenlab,
    minsk_cases, freedom_house, acled, csv)}
