"""The matching indices kept on disk are rebuilt when the code that builds them changes."""

from __future__ import annotations

import inspect

from analysis.intake.words import indexcache, labels, vocabulary
from analysis.paths import PACKAGE_DIR


def test_the_code_fingerprint_reads_files_that_exist():
    """A path left behind by a move would silently drop that code from the key."""
    assert [name for name in indexcache._CODE if not (PACKAGE_DIR / name).is_file()] == []


def test_the_modules_that_build_indices_are_in_the_fingerprint():
    builders = {inspect.getfile(m) for m in (labels, vocabulary, indexcache)}
    assert builders <= {str(PACKAGE_DIR / name) for name in indexcache._CODE}
