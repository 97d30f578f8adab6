"""What is sent out each week and as it happens: what changed in a span, each change explained (changes/),
the week's snapshot with its brief, files and charts (snapshot/), and the alerts opened and resolved after
every write with their words, Atom feed and webhook. Data flows collectors → indicators ← dashboard: these
modules read the store through the readings and the model, and their output goes to the CLI, the scheduler's
jobs, the dashboard's Export and Alerts pages, and outward through the webhook."""
