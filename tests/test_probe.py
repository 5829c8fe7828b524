"""The probe (issue 20): ledgers of every dataset written from the contract alone (tests/probe),
cleaned by the command line and scored against their expected rows. A floor so it cannot regress."""

from __future__ import annotations

from tests.probe.generate import generate
from tests.probe.score import format_table, score

# reached on seeds 1–3 after the probe's rules: 100 % of values, every sheet, every row
FLOOR_VALUES = 0.98
FLOOR_ROWS = 0.98


def test_probe_seed_1_reaches_the_floor(tmp_path):
    expected = generate(tmp_path, 1)
    result = score(tmp_path)
    total = result["total"]
    table = format_table(result)
    assert len(expected["sheets"]) == total["sheets"] >= 50
    assert total["sheets_right"] == total["sheets"], table
    assert total["rows_found"] >= FLOOR_ROWS * total["rows_expected"], table
    assert total["values_right"] >= FLOOR_VALUES * total["values"], table
    assert result["personal_hits"] == 0, table
    for name, d in result["datasets"].items():  # no dataset far below the rest
        if d.get("values"):
            assert d["values_right"] >= 0.9 * d["values"], (name, table)
    assert total["cells_adopted"] <= total["cells_read"]
