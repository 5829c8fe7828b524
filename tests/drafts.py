"""Helpers of the held-out draft tests (test_draft_heldout, test_draft_newwords): the placeholders of
a draft template and the plain-pandas selections that compute their true values."""

from __future__ import annotations

import re

import pandas as pd

#: ``{name}`` is the true value of ``name``; ``{name+N}`` writes it changed by N (an edited number).
PLACEHOLDER = re.compile(r"\{(\w+)([+-]\d+)?\}")


def equal(df: pd.DataFrame, column: str, value) -> pd.DataFrame:
    """The rows whose ``column`` equals ``value`` (a missing value equals nothing)."""
    return df[(df[column] == value).fillna(False).astype(bool)]


def where(df: pd.DataFrame, **conditions) -> pd.DataFrame:
    """The rows equal to every ``column=value`` condition."""
    for column, value in conditions.items():
        df = equal(df, column, value)
    return df


def flagged(df: pd.DataFrame, column: str) -> pd.DataFrame:
    """The rows whose yes/no ``column`` is yes."""
    return df[df[column].fillna(False).astype(bool)]


def months(df: pd.DataFrame, column: str, first: int, last: int) -> pd.DataFrame:
    """The rows whose date ``column`` falls in months ``first``–``last``."""
    month = pd.to_datetime(df[column]).dt.month
    return df[month.between(first, last).fillna(False).astype(bool)]
