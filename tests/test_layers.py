"""The layers of docs/ARCHITECTURE.md, checked over the import graph (grimp).

An import counts wherever it is written, at the top of a module or inside a function, and
a layer may not reach a forbidden one through another module either (the chains are
transitive). The product packages have no import cycles at all, and no test module imports
another (shared helpers live in tests/helpers).
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

PRODUCT = ("pulje", "workflows", "forms", "reports")
TESTS = Path(__file__).parent
DATABASE = ("pulje.models", "pulje.engine", "pulje.db", "sqlmodel", "sqlalchemy")

# (importer, what it must not reach, why)
FORBIDDEN = [
    *(("workflows", other, "the rules and state machines know nothing of the app")
      for other in ("pulje", "forms", "reports", "flask", "flask_babel", "sqlmodel")),
    *((lower, upper, "the data layer does not call up")
      for lower in ("pulje.models", "pulje.engine")
      for upper in ("pulje.services", "pulje.web", "pulje.cli")),
    *(("pulje.services", upper, "views, CLI and tests call the same services")
      for upper in ("pulje.web", "pulje.cli", "forms", "wtforms", "flask_wtf")),
    *(("forms", db, "forms give input its shape only") for db in DATABASE),
    *(("reports", other, "reports draw plain data they are handed")
      for other in ("pulje.services", "pulje.web", "pulje.models", "pulje.engine",
                    "pulje.db", "sqlmodel", "sqlalchemy")),
    *(("pulje.einvoice", other, "an e-invoice is read into plain data")
      for other in ("pulje.services", "pulje.web", "pulje.models", "pulje.engine",
                    "pulje.db", "sqlmodel", "sqlalchemy", "flask")),
]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PRODUCT, include_external_packages=True, cache_dir=None)


@pytest.mark.parametrize(("importer", "imported", "why"), FORBIDDEN,
                         ids=[f"{a}-/->{b}" for a, b, _ in FORBIDDEN])
def test_layer_imports_nothing_above_it(graph, importer, imported, why):
    if imported not in graph.modules:
        pytest.skip(f"{imported} is not imported anywhere")
    chain = graph.find_shortest_chain(importer=importer, imported=imported, as_packages=True)
    assert chain is None, f"{importer} reaches {imported} ({why}): {' -> '.join(chain)}"


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm without recursion: the groups of modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in edges[node]:
                    groups.append(sorted(group))
    return groups


def test_strongly_connected_finds_a_cycle_and_nothing_else():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}, "f": set()}
    assert sorted(strongly_connected(edges)) == [["a", "b", "c"], ["e"]]


def test_no_import_cycles_in_the_product_packages(graph):
    product = {m for m in graph.modules if m.split(".")[0] in PRODUCT}
    edges = {m: graph.find_modules_directly_imported_by(m) & product for m in product}
    cycles = []
    for group in strongly_connected(edges):
        # Name one concrete loop per group, so the message says which imports to untangle.
        first, second = group[0], next(iter(sorted(edges[group[0]] & set(group))))
        back = graph.find_shortest_chain(importer=second, imported=first)
        cycles.append(" -> ".join((first, *(back or (second,)))))
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def imported_test_modules(path: Path) -> set[str]:
    """The ``tests.**.test_*`` modules a file imports, wherever the import is written."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found |= {name for name in names
                  if name.startswith("tests.") and name.rsplit(".", 1)[-1].startswith("test_")}
    return found


def test_imported_test_modules_sees_every_form_of_import(tmp_path):
    module = tmp_path / "test_x.py"
    module.write_text("import tests.web.test_a\nfrom tests.web.test_b import read\n"
                      "from tests.web import test_c\nfrom tests.helpers.pages import read\n"
                      "def f():\n    from tests.test_d import g\n")
    assert imported_test_modules(module) == {"tests.web.test_a", "tests.web.test_b",
                                             "tests.web.test_c", "tests.test_d"}


def test_no_test_module_imports_another():
    """Shared helpers live in tests/helpers or in fixtures, so a test module can be moved,
    renamed or run alone without breaking another."""
    offenders = {
        f"{path.relative_to(TESTS.parent)} imports {', '.join(sorted(modules))}"
        for path in TESTS.rglob("*.py") if "node_modules" not in path.parts
        for modules in [imported_test_modules(path)] if modules
    }
    assert not offenders, "move the helpers to tests/helpers:\n" + "\n".join(sorted(offenders))
