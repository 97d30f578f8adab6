"""The command this package adds to `barometer`, registered through the `barometer.commands` entry-point group
(pyproject.toml) so that the core never names this package; its module is imported only when it runs."""
from indicators.cli.base import LazyCommand

dashboard = LazyCommand("dashboard.cli:dashboard", "Open the dashboard in a browser.")
