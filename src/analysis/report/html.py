"""The HTML page of an executed notebook: JupyterLab's look, code hidden unless asked for, no
blocking scripts from the internet."""

from __future__ import annotations

import threading
from pathlib import Path

from ..files import write_text_atomic
from .notebooks import notebook_title

# nbconvert drops cells tagged like this from the HTML (and only the input for the second set)
REMOVE_CELL_TAGS = {"remove_cell", "remove-cell"}
REMOVE_INPUT_TAGS = {"remove_input", "remove-input", "hide-input", "hide_input"}

# JupyterLab's HTML, minus the blocking <script> tags that fetch require.js (for widgets, which
# report notebooks do not use) and MathJax (only kept when a Markdown cell holds a `$`) from a
# CDN: the pages open at once on an office network without internet access.
HTML_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}
{%- if resources.report_needs_mathjax -%}{{ super() }}{%- endif -%}
{%- endblock html_head_js_mathjax -%}
"""


_exporters = threading.local()  # per thread: its HTML exporters, by show_code


def get_html_exporter(show_code: bool):
    """The HTML exporter of this thread (made once: loading and compiling the templates is most
    of an export's time)."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    made = _exporters.__dict__.setdefault("by_show_code", {})
    if show_code not in made:
        exporter = HTMLExporter(
            extra_loaders=[DictLoader({"report.html.j2": HTML_TEMPLATE})],
            template_file="report.html.j2",
            exclude_input=not show_code,
            exclude_input_prompt=not show_code,
            exclude_output_prompt=not show_code,
        )
        exporter.register_preprocessor(
            TagRemovePreprocessor(remove_cell_tags=REMOVE_CELL_TAGS, remove_input_tags=REMOVE_INPUT_TAGS,
                                  enabled=True),
            enabled=True,
        )
        made[show_code] = exporter
    return made[show_code]


def export_html(executed: Path, html_file: Path, show_code: bool) -> None:
    """Executed notebook → standalone HTML; code hidden unless show_code."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    needs_mathjax = any(c.cell_type == "markdown" and "$" in c.source for c in nb.cells)
    title = notebook_title(nb) or executed.stem
    resources = {"metadata": {"name": title}, "report_needs_mathjax": needs_mathjax}
    body, _ = get_html_exporter(show_code).from_notebook_node(nb, resources=resources)
    html_file.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(html_file, body)
