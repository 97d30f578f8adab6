"""The layout holds: data flows collectors → indicators ← dashboard, the core's parts import only those below
them, nothing imports in a loop, no import is hidden in a function to dodge one, and `barometer --help` loads no
heavy library. A module named in a string ("package.module:attribute", as a lazily loaded command names its
module) counts as an import, and the commands other packages add to `barometer` arrive through entry points, so
the core names no outer package at all."""
import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import click

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("indicators", "collectors", "dashboard")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


NAMED = re.compile(r"^((?:indicators|collectors|dashboard)(?:\.\w+)*):\w+$")  # "package.module:attribute"


def imports(module: str) -> list[tuple[str, bool]]:
    """(imported project module, inside a function?) for every import statement of a module, and every module
    it names in a string to import later (as never inside a function: it is a declared dependency)."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nested = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
              for n in ast.walk(f)}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, path, node)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and NAMED.match(node.value):
            out.append((NAMED.match(node.value).group(1), False))
            continue
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target.split(".")[0] in PACKAGES:
                out.append((target, id(node) in nested))
    return out


GRAPH = {m: {t for t, _ in imports(m) if t != m} for m in MODULES}


def test_the_graph_covers_every_module_of_the_three_packages():
    assert {"indicators.store", "indicators.cli.main", "collectors.runner", "dashboard.views"} <= set(GRAPH)


def test_indicators_import_neither_collectors_nor_dashboard():
    backward = sorted((m, t) for m, ts in GRAPH.items() if m.startswith("indicators")
                      for t in ts if not t.startswith("indicators"))
    assert backward == []


def test_a_module_named_in_a_string_is_an_import_of_the_module_naming_it():
    assert "collectors.cli" in GRAPH["collectors.commands"] and "dashboard.cli" in GRAPH["dashboard.commands"]
    assert "indicators.cli.read" in GRAPH["indicators.cli.main"]


def declared_commands() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["entry-points"]["barometer.commands"]


def test_outer_packages_add_their_commands_through_entry_points_the_install_declares():
    from indicators.cli.base import LazyCommand
    from indicators.cli.main import COMMANDS
    declared = declared_commands()
    installed = {p.name: p.value for p in entry_points(group="barometer.commands")}
    assert installed == declared, "the install is older than pyproject.toml: run pip install -e ."
    assert not set(declared) & set(COMMANDS)
    for name, value in declared.items():
        module = value.partition(":")[0]
        assert module in MODULES and module.split(".")[0] in ("collectors", "dashboard"), value
    for point in entry_points(group="barometer.commands"):
        command = point.load()
        assert isinstance(command, LazyCommand) and command.help, point.value
        target, _, attribute = command.target.partition(":")
        assert target.split(".")[0] == point.value.split(".")[0], "a package registers only its own commands"
        assert isinstance(getattr(__import__(target, fromlist=[attribute]), attribute), click.Command)


# The core's first level from the ground up, as docs/layout.md lists it: a module of one part imports only its own
# part and those before it, so the sub-packages read in one direction (model, store, readings, public, reports,
# input, cli) and a new module or package must be given its place here.
CORE = ("settings", "languages", "access", "confidentiality", "outbound", "local_files", "model", "store",
        "readings", "seed", "shipped", "public", "reports", "input", "cli")


def _part(module: str) -> str:
    return module.split(".")[1]


def test_every_part_of_the_core_has_its_place_in_the_order():
    assert {_part(m) for m in GRAPH if m.startswith("indicators.")} == set(CORE)


def test_a_part_of_the_core_imports_only_itself_and_the_parts_below_it():
    upward = sorted((m, t) for m, ts in GRAPH.items() if m.startswith("indicators.")
                    for t in ts if t.startswith("indicators.")
                    and CORE.index(_part(t)) > CORE.index(_part(m)))
    assert upward == []


def test_collectors_do_not_import_the_dashboard():
    assert sorted((m, t) for m, ts in GRAPH.items() if m.startswith("collectors")
                  for t in ts if t.startswith("dashboard")) == []


def test_no_module_imports_one_that_imports_it_back():
    index, low, stack, on_stack, loops = {}, {}, [], set(), []

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                loops.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    assert loops == []


def test_no_project_module_is_imported_inside_a_function():
    hidden = sorted((m, t) for m in MODULES for t, nested in imports(m) if nested)
    assert hidden == []


@pytest.mark.parametrize("argv", [["--help"], ["--version"]])
def test_barometer_help_loads_no_heavy_library(argv):
    heavy = ("pandas", "openpyxl", "vl_convert", "streamlit", "altair", "frictionless", "apscheduler", "httpx",
             "babel", "psycopg")
    code = ("import sys\nfrom indicators.cli.main import cli\n"
            f"try:\n    cli.main({argv!r}, prog_name='barometer')\nexcept SystemExit:\n    pass\n"
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout
    if argv == ["--help"]:
        assert all(f"  {name} " in out.stdout for name in ("snapshot", "collect", "dashboard", "import"))
