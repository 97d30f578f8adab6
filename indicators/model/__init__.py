"""What a figure is and what may be entered: the catalogue (every indicator, family, unit, cadence and basis,
read from `indicators/catalogue.toml`) and its texts in the reader's language, an observation, the one
validation path every figure passes before it is saved, the policy for free text, the words of verdicts,
freshness and qualifiers, and how an address reads as a browser shows it. Data flows collectors → indicators ←
dashboard; inside the core this is the floor the rest stands on: the store, the readings, the public database,
the reports and the ways in all import it, and it imports none of them (only the settings, the languages and
the check on local files)."""
