"""The report writer's tools: check every number of a draft against the data, write the data's draft.

Modules, each small and named after what it does:

- ``quantities``: every quantity of a Chinese text, and the numbers that are not statistics;
- ``phrasing``: the wording writer (value + rule → phrase), the inverse of ``analysis.wording``;
- ``structure``: part numbers (一、 (一) 1. 一是) → section ids, and their numbering problems;
- ``linking``: tie a figure to a metric by the words around it (``resources/metric_words.csv``);
- ``metric_values``: a metric's value and source files from processed data;
- ``generated``: the quantities beyond metrics.yaml (rows, sums, distinct counts, rates, filtered,
  against last year) read from a sentence's words (``resources/draft_words.csv``);
- ``reading_values``: the values and Chinese descriptions of those readings over processed folders;
- ``choices``: the writer's choice of reading for a 需人工核对 number, kept beside the draft;
- ``verdicts``: whether a value supports a claim (holds, only by truncation, does not hold);
- ``check``: the whole check of a draft (findings and structural findings);
- ``documents``: read .docx/.txt/.md; write the findings table and the annotated .docx;
- ``wordstyle``: A4 page, Chinese fonts, comments and runs in python-docx;
- ``writer``: the data draft (.docx) from ``resources/draft_outline.yaml``;
- ``cli``: ``python -m analysis check-draft`` and ``python -m analysis draft``.
"""
