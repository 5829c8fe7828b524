"""The intake layer: one department workbook at a time, then all of them together.

raw file ─► reading ─► layout ─► recognition ─► convert (values, departments, privacy)
        ─► pipeline (per file, cached, in worker processes) ─► combine (duplicates, resubmissions,
        schemas) ─► data/processed/<year>/ (datasets, quarantine, issues, manifest, feedback)

The entry point is :func:`analysis.intake.run.run_clean`.
"""
