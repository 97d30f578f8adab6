"""Collectors of public sources: one module per source, each ending with its `Source` (see source.py); the list
of them is `registry.REGISTRY`. Nothing is imported here, so that reading `collectors.commands` for the
`barometer` command list loads no source and no HTTP client."""
