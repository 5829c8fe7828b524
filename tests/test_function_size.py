"""No function in src/ is longer than 80 lines: a long function is a row of named steps instead.

A function's length runs from its ``def`` line to its last line, docstring and nested functions
included. ``ALLOWLIST`` names the functions still being cut down; empty it as they are.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "analysis"
MAX_LINES = 80
#: (module path under src/analysis, function name) still over the limit, being fixed elsewhere.
ALLOWLIST: set[tuple[str, str]] = set()


def function_lengths(source: str) -> dict[str, int]:
    """Return the length in lines of every function (methods and nested ones too) by name."""
    lengths: dict[str, int] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lengths[node.name] = max(lengths.get(node.name, 0), node.end_lineno - node.lineno + 1)
    return lengths


def long_functions() -> dict[tuple[str, str], int]:
    """Return the functions of the package over ``MAX_LINES`` with their length."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        for name, n in function_lengths(path.read_text(encoding="utf-8")).items():
            if n > MAX_LINES:
                found[(module, name)] = n
    return found


def test_the_measure_counts_from_def_to_last_line():
    source = "def f():\n    '''Doc.'''\n" + "    x = 1\n" * 80 + "\n\ndef g():\n    return 1\n"
    assert function_lengths(source) == {"f": 82, "g": 2}


def test_no_function_is_longer_than_80_lines():
    over = {key: n for key, n in long_functions().items() if key not in ALLOWLIST}
    assert over == {}


def test_the_allowlist_names_only_functions_still_too_long():
    """A function cut down (or renamed, or moved) leaves the allowlist."""
    assert sorted(ALLOWLIST - set(long_functions())) == []
