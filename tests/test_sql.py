"""SQL over the processed data (DuckDB, no copy), and datasets read from a single Parquet file or a
folder partitioned by year and department alike."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds

from analysis import datasets
from analysis.report.analysis_kit import load_dataset, sql

from .conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", "sql", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_the_sql_command_answers_from_the_datasets_where_they_lie(processed_sample, tmp_path):
    done = run("SELECT handled_by, count(*) AS n FROM disputes WHERE handled_by IS NOT NULL GROUP BY handled_by",
               "--processed", str(processed_sample), "--year", "2025", "--out", str(tmp_path / "q.csv"))
    assert done.returncode == 0, done.stderr
    answer = pd.read_csv(tmp_path / "q.csv", encoding="utf-8-sig")
    disputes = pd.read_parquet(processed_sample / "disputes.parquet")
    expected = disputes["handled_by"].value_counts()
    assert dict(zip(answer["handled_by"], answer["n"], strict=True)) == expected.to_dict()
    listed = run("--processed", str(processed_sample), "--year", "2025")
    assert listed.returncode == 0 and "disputes" in listed.stdout and "issues" in listed.stdout


def test_bad_sql_and_a_missing_folder_are_one_chinese_line_and_exit_2(processed_sample, tmp_path):
    bad = run("SELECT * FROM no_such_table", "--processed", str(processed_sample), "--year", "2025")
    assert bad.returncode == 2 and bad.stderr.startswith("错误：SQL 无法执行") and len(bad.stderr.splitlines()) == 1
    missing = run("SELECT 1", "--processed", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and missing.stderr.startswith("错误：清洗结果文件夹不存在")


def test_a_dataset_partitioned_by_year_and_department_reads_as_its_single_file(processed_sample, tmp_path):
    folder = tmp_path / "2025"
    shutil.copytree(processed_sample, folder)
    single = folder / "disputes.parquet"
    table = pa.Table.from_pandas(pd.read_parquet(single).assign(year=2025), preserve_index=False)
    ds.write_dataset(table, folder / "disputes", format="parquet", partitioning=["year", "department"],
                     partitioning_flavor="hive")
    single.unlink()
    assert sorted(p.parent.name for p in (folder / "disputes").glob("year=2025/*/*.parquet"))[0].startswith("department=")
    pd.testing.assert_frame_equal(load_dataset("disputes", folder), datasets.load("disputes", processed_sample))
    by_street = sql("SELECT street, count(*) AS n FROM disputes GROUP BY street ORDER BY street", folder)
    before = sql("SELECT street, count(*) AS n FROM disputes GROUP BY street ORDER BY street", processed_sample)
    pd.testing.assert_frame_equal(by_street, before)
