"""A week's snapshot: compute (what it says), table (one row per indicator), report (the brief),
files (CSV, JSON, XLSX, Data Package, zip), charts (PNG) and job (the weekly run)."""
