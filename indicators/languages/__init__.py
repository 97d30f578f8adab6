"""The language every text is read in (be, ru, en): messages, numbers, dates and plurals, from the gettext
catalogues in `indicators/locale/`. Data flows collectors → indicators ← dashboard; every part of the core, the
collectors and the dashboard translate through this package, and it imports only the settings."""
