"""What a template run is told: the year, the deadline and contact, the rows to offer.

Defaults come from the ``[templates]`` table of analysis.toml; command-line options override it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from ..paths import CONFIG

#: Data rows a sheet offers (more can be inserted inside the data area).
DEFAULT_ROWS = 500


@dataclass(frozen=True)
class TemplateOptions:
    """Parameters written into every template of a run."""

    year: int
    deadline: str
    contact: str
    district: str = ""
    rows: int = DEFAULT_ROWS


def read_settings() -> dict:
    """Return the ``[templates]`` table of analysis.toml ({} when there is none)."""
    if CONFIG.source is None or not CONFIG.source.is_file():
        return {}
    with open(CONFIG.source, "rb") as fh:
        return dict(tomllib.load(fh).get("templates", {}))


def load_options(year: int, deadline: str | None = None, contact: str | None = None,
                 rows: int | None = None) -> TemplateOptions:
    """Build the options of a run: arguments first, then analysis.toml, then defaults.

    ``{year}`` and ``{next_year}`` in the configured texts become the template year and the next.
    """
    settings = read_settings()

    def text(value: str | None, key: str, default: str) -> str:
        chosen = value if value is not None else str(settings.get(key, default))
        return chosen.format(year=year, next_year=year + 1).strip()

    return TemplateOptions(
        year=year,
        deadline=text(deadline, "deadline", "{next_year}年1月15日前"),
        contact=text(contact, "contact", "区委依法治区办"),
        district=text(None, "district", ""),
        rows=rows or int(settings.get("rows", DEFAULT_ROWS)),
    )
