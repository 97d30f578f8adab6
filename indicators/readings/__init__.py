"""Where an indicator stands: estimates, baselines and change as intervals on each indicator's basis, when two
figures may be compared, the summary (each indicator's standing, its verdict, the headline counts), the
first screen's story per family, and how a standing reads on every surface (numbers, periods, the verdict
chart). Data flows collectors → indicators ← dashboard: collectors and people put figures into the store, these
modules read them from it against the model's catalogue, and the dashboard, the reports and the public database
show what they compute; nothing here writes."""
