"""How figures get in by hand: add, correct and retract a figure, import a .csv or .xlsx file all or none, and
the sources of the figures entered by hand. Data flows collectors → indicators ← dashboard: the CLI and the
dashboard's editing pages call these modules, which check every figure through the model's validation, write
it to the store in one transaction, and then evaluate the alert rules (the reports); collectors write their
figures through the store directly."""
