"""A draft as blocks: one paragraph, or one table row (its cells joined by a tab). For a .docx a
block keeps the python-docx paragraphs it came from, so that a finding's position maps back to runs."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Segment:
    """Where a paragraph of the document sits inside a block's text."""

    paragraph: object
    start: int
    end: int


@dataclass
class Block:
    """A paragraph or table row of a draft."""

    kind: str  # paragraph | row
    text: str
    segments: list[Segment] = field(default_factory=list)
