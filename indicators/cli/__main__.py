"""`python -m indicators.cli`: the same as `barometer`."""
from .main import main

main()
