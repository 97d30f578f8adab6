"""The `barometer` command: `main` assembles it, `base` holds what every command shares, and each other
module holds one group of commands (read, entry, snapshot). Exit codes: 0 ok, 2 bad input, 1 other failure."""
