"""The public database: what it holds (tables built from the store, the summary and the public view of each
observation), its file written with sqlite-utils, its Datasette metadata, and the licences of the recorded
datasets. Data flows collectors → indicators ← dashboard: `barometer publish`, the weekly job and the
dashboard's Export page ask for a copy, and these modules read it from the store and the readings; nothing
confidential passes."""
