"""Warming a process up before it forks its workers: the mappings, vocabularies and parsers that
reading a file loads on first use (about half a second) are loaded once, here, and inherited.

Without it every new worker loads them again for its first file, which is most of the time of a
rerun after one corrected file. The warm-up cleans one small made-up CSV per dataset (its title,
its columns' own labels and one row of plausible values) through the real per-file pipeline; the
results are thrown away.
"""

from __future__ import annotations

import csv
import io
import logging

from ...resources import load_datasets, load_fields, load_vocabularies
from ..convert.pipeline import process_file

_log = logging.getLogger(__name__)
_warm = False
_SAMPLE = {"int": "三十", "float": "85.5", "percent": "98%", "date": "2025年3月15日", "month": "2025-03",
           "bool": "是", "person_key": "", "text": "示例"}


def warm_up() -> None:
    """Load, in this process, what reading files of every dataset needs (once per process)."""
    global _warm
    if _warm:
        return
    _warm = True
    vocabularies = load_vocabularies()
    for name, spec in load_datasets().items():
        fields = load_fields()[name]
        labels, values = [], []
        for field in fields.values():
            labels.append(field.label or field.column)
            known = list(vocabularies.get(field.vocabulary, {}).values())
            values.append(known[0] if known else _SAMPLE.get(field.type, "示例"))
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerows([[spec.title], labels, values, values])
        try:
            process_file(f"{spec.title}.csv", buffer.getvalue().encode("utf-8"), "", None)
        except Exception:  # noqa: BLE001 - a warm-up that fails only leaves the workers cold
            _log.debug("warm-up of %s failed", name, exc_info=True)
