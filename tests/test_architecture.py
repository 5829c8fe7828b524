"""The package is laid out by layer, with no import circles.

Layers, lowest first: the shared top-level modules (configuration, paths, resources, readers of
processed data, metrics, wording …), then ``intake`` (raw files → processed data), then
``report`` (processed data → figures, tables, pages), ``draft`` and ``sample``. A module may
import its own layer and the layers below it; ``cli`` and ``__main__`` may import anything.
Every import counts, also those inside functions (a function-level import is no way out of a
circle).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "analysis"
#: Layer of each sub-package (top-level modules are layer 0).
LAYERS = {"intake": 1, "report": 2, "draft": 3, "sample": 3, "templates": 3}
ENTRY_POINTS = {"analysis.cli", "analysis.__main__"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(name: str, path: Path, known: set[str], type_hints: bool = False) -> set[str]:
    """The package's modules ``name`` imports (anywhere in the file), resolved to module names;
    with ``type_hints`` also those under ``if TYPE_CHECKING:``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and getattr(node.test, "id", getattr(node.test, "attr", "")) == "TYPE_CHECKING"
                   for n in ast.walk(node)}  # imports for type hints only never run
    for node in ast.walk(tree):
        if id(node) in typing_only and not type_hints:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            targets = [f"{prefix}.{alias.name}" for alias in node.names] + [prefix]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target.startswith("analysis") and target != name:
                found.add(target)
    # importing a.b.c imports a.b's __init__ too, but our __init__ files are light: ignore parents
    return {t for t in found if t != "analysis"}


def graph(type_hints: bool = False) -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports_of(name, path, known, type_hints) for name, path in mods.items()}


def layer(name: str) -> int:
    parts = name.split(".")
    return LAYERS.get(parts[1], 0) if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS) else 0


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
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
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_function_level_imports():
    edges = graph()
    assert "analysis.intake.combine.combine" in edges["analysis.intake.run"]  # imported inside run_clean
    assert "analysis.intake.convert.pipeline" in edges["analysis.intake.run"]


def test_detector_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_circles():
    assert cycles(graph()) == []


def test_no_import_circles_even_for_type_hints():
    """A circle through ``if TYPE_CHECKING:`` imports never runs, but its modules still cannot be
    read one without the other: a type both need lives in a module below them."""
    assert cycles(graph(type_hints=True)) == []


def test_the_graph_sees_type_hint_imports_only_when_asked():
    edges, hinted = graph(), graph(type_hints=True)
    assert "analysis.draft.findings" not in edges["analysis.draft.documents"]  # a type hint only
    assert "analysis.draft.findings" in hinted["analysis.draft.documents"]


def test_layers_only_import_downwards():
    wrong = []
    for name, targets in graph().items():
        if name in ENTRY_POINTS:
            continue
        for target in targets:
            if layer(target) > layer(name) or (layer(target) == layer(name) > 0
                                               and target.split(".")[1] != name.split(".")[1]):
                wrong.append(f"{name} → {target}")
    assert wrong == []


@pytest.mark.parametrize("folder", ["intake", "report"])
def test_layers_are_folders(folder):
    assert (PACKAGE / folder / "__init__.py").is_file()
    assert len(list((PACKAGE / folder).rglob("*.py"))) >= 5


def test_no_module_is_a_kitchen_sink():
    """Modules stay small enough to name after what they do."""
    big = {name: n for name, path in modules().items()
           if (n := len(path.read_text(encoding="utf-8").splitlines())) > 700}
    assert big == {}


#: Stages inside intake, in the order a cell meets them. A stage imports its own and earlier stages.
INTAKE_STAGES = ["words", "reading", "layout", "recognise", "convert", "combine"]
#: Records every stage writes (issues, per-file results): below all stages.
INTAKE_RECORDS = {"analysis.intake.issues", "analysis.intake.results"}
#: The machinery that runs files (executor, isolation, cluster, warm-up, caches) and the entry
#: ``intake.run`` may import any stage; stages import neither, except through these documented entries.
INTAKE_RUNNERS = {"workers", "run"}
INTAKE_EXCEPTIONS = {
    # incremental combine reads the per-file cache's kept rows: the cache's format and loader only
    ("analysis.intake.combine.increments", "analysis.intake.workers.cache"),
}


def intake_rank(name: str) -> float:
    """Position of an intake module in the cell's journey (records lowest, runners highest)."""
    if name in INTAKE_RECORDS:
        return -1
    part = name.split(".")[2] if name.count(".") >= 2 else "run"
    if part in INTAKE_RUNNERS or name == "analysis.intake":
        return len(INTAKE_STAGES)
    return INTAKE_STAGES.index(part)


def test_intake_modules_sit_in_a_stage():
    names = [n for n in modules() if n.startswith("analysis.intake.") and n.count(".") >= 2]
    for name in names:
        part = name.split(".")[2]
        assert name in INTAKE_RECORDS or part in INTAKE_STAGES or part in INTAKE_RUNNERS, name


def test_intake_stages_import_only_earlier_stages():
    wrong = []
    for name, targets in graph().items():
        if not name.startswith("analysis.intake.") or intake_rank(name) == len(INTAKE_STAGES):
            continue
        for target in targets:
            if target.startswith("analysis.intake") and intake_rank(target) > intake_rank(name) \
                    and (name, target) not in INTAKE_EXCEPTIONS:
                wrong.append(f"{name} → {target}")
    assert wrong == []


def test_intake_exceptions_are_still_needed():
    edges = graph()
    assert [pair for pair in INTAKE_EXCEPTIONS if pair[1] not in edges[pair[0]]] == []


def test_intake_stage_order_is_enforced():
    """The rank sees a later stage as later, so a backwards import would be reported."""
    assert intake_rank("analysis.intake.words.values") < intake_rank("analysis.intake.reading.reading") \
        < intake_rank("analysis.intake.layout.layout") < intake_rank("analysis.intake.recognise.melt") \
        < intake_rank("analysis.intake.convert.convert") < intake_rank("analysis.intake.combine.combine") \
        < intake_rank("analysis.intake.workers.cache") == intake_rank("analysis.intake.run")


def test_the_cache_fingerprint_reads_every_intake_module(monkeypatch):
    """Editing a module in any intake stage must invalidate cached per-file results."""
    from analysis.intake.workers import cache

    read: list[Path] = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or original(self))
    cache.code_fingerprint.__wrapped__()
    intake = sorted((PACKAGE / "intake").rglob("*.py"))
    assert {p.parent.name for p in intake} >= {"words", "reading", "layout", "recognise", "convert",
                                                "combine", "workers"}
    assert [p for p in intake if p not in read] == []
