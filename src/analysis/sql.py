"""SQL over a year's processed data with DuckDB: each dataset is a view on its Parquet file (or
partitioned folder), read where it lies, never copied.

Views: every dataset by its name (``publicity_events``, ``disputes`` …), ``quarantine``,
``issues`` and ``column_map``. Used by ``python -m analysis sql`` and the notebooks' ``sql()``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .datasets import dataset_names, dataset_path
from .reads import record_read


class QueryProblem(ValueError):
    """A query DuckDB refused (syntax, unknown table or column …), in one Chinese line."""


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def parquet_source(path: Path) -> str:
    """The DuckDB table function reading a dataset's Parquet file or partitioned folder."""
    if path.is_dir():
        return f"read_parquet({_literal(path / '**' / '*.parquet')}, hive_partitioning = true)"
    return f"read_parquet({_literal(path)})"


def connect(processed: str | Path):
    """An in-memory DuckDB connection with a view for each output in ``processed``."""
    import duckdb

    processed = Path(processed)
    record_read(processed)  # a query may read any table of the folder
    con = duckdb.connect()
    for name, source in views(processed).items():
        con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM {source}')
    return con


def views(processed: Path) -> dict[str, str]:
    """View name → the table function it reads, for the outputs present in ``processed``."""
    found = {}
    for name in dataset_names():
        path = dataset_path(name, processed)
        if path is not None:
            found[name] = parquet_source(path)
    if (processed / "quarantine.parquet").is_file():
        found["quarantine"] = parquet_source(processed / "quarantine.parquet")
    for name in ("issues", "column_map"):
        path = processed / f"{name}.csv"
        if path.is_file():
            found[name] = f"read_csv({_literal(path)}, header = true, all_varchar = true)"
    return found


def query(sql: str, processed: str | Path) -> pd.DataFrame:
    """Run ``sql`` over the processed data in ``processed``; return the result as a DataFrame."""
    import duckdb

    con = connect(processed)
    try:
        return con.execute(sql).df()
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryProblem(f"SQL 无法执行：{first}（可用的表：{'、'.join(views(Path(processed))) or '无'}）") from None
    finally:
        con.close()


def table_sizes(processed: str | Path) -> pd.DataFrame:
    """The views and their row counts."""
    con = connect(processed)
    try:
        rows = [(name, con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in views(Path(processed))]
    finally:
        con.close()
    return pd.DataFrame(rows, columns=["表", "行数"])
