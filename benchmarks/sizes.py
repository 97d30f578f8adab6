"""The benchmark sizes: indicators × days of daily observations."""
SIZES = {
    "tiny": (10, 30),        # smoke run in CI
    "10k": (20, 500),
    "100k": (100, 1000),
    "730k": (200, 3650),     # the targets in the issues are set at this size
    "1m": (274, 3650),
}


def rows(size: str) -> int:
    indicators, days = SIZES[size]
    return indicators * days
