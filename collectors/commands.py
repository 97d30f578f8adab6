"""The commands this package adds to `barometer`, registered through the `barometer.commands` entry-point group
(pyproject.toml) so that the core never names this package. Each is a name and a help line; its module is
imported only when it runs."""
from indicators.cli.base import LazyCommand

init = LazyCommand("collectors.cli:init", "Create or migrate the database; load the catalogue and history.")
collect = LazyCommand("collectors.cli:collect", "Fetch new observations from public sources.")
reparse = LazyCommand("collectors.cli:reparse", "Run archived payloads through today's parsers.")
schedule = LazyCommand("collectors.cli:schedule", "Collect each source at its cadence, until stopped.")
