"""The intake layer: one department workbook at a time, then all of them together.

Laid out by the stages a cell passes, each importing only itself and earlier stages
(tests/test_architecture.py)::

    issues, results (records every stage writes)
    words/ ─► reading/ ─► layout/ ─► recognise/ ─► convert/ (pipeline: one file) ─► combine/
    workers/ (executor, isolation, cluster, warm-up, cache) and run: the machinery that runs files

raw file ─► reading ─► layout ─► recognition ─► convert (values, departments, privacy)
        ─► pipeline (per file, cached, in worker processes) ─► combine (duplicates, resubmissions,
        schemas) ─► data/processed/<year>/ (datasets, quarantine, issues, manifest, feedback)

The entry point is :func:`analysis.intake.run.run_clean`.
"""
