"""The report layer: style, charts, files, tables, notebook helpers, the batch runner and the report pack.

processed data ─► metrics ─► notebooks (helpers here) ─► reports/<year>/ (figures, tables, HTML, index)
"""
