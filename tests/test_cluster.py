"""The per-file stage on a Dask cluster (the optional extra ``cluster``): a LocalCluster of two
worker processes cleans the sample into the same outputs as the local pool; a call that raises or
overruns its time fails alone, as in the local pool."""

from __future__ import annotations

import time

import pytest

from analysis.intake.run import run_clean
from analysis.intake.workers.executor import Limits, TaskFailed

from .conftest import RAW_2025
from .outputs import differences

distributed = pytest.importorskip("distributed", reason="集群扩展未安装（pip install -e .[cluster]）")


def boom() -> None:
    raise RuntimeError("boom")


def nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local:
        yield local


def test_a_dask_cluster_cleans_the_sample_into_the_outputs_of_the_local_pool(tmp_path, processed_sample, cluster):
    out = tmp_path / "2025"
    summary = run_clean(RAW_2025, out, year=2025, progress=False, scheduler=cluster.scheduler_address)
    assert summary.files_read_fresh == summary.files == 58
    assert differences(out, processed_sample) == []


def test_a_call_on_the_cluster_that_raises_or_overruns_fails_alone(cluster):
    from analysis.intake.workers.cluster import DaskExecutor

    executor = DaskExecutor(cluster.scheduler_address, limits=Limits(memory=None, timeout=5))
    try:
        assert executor.size == 2
        failing, slow, fine = (executor.submit(boom), executor.submit(nap, 30, limits=Limits(None, 0.5)),
                               executor.submit(nap, 0.01))
        assert fine.result(timeout=30) == 0.01
        with pytest.raises(TaskFailed) as raised:
            failing.result(timeout=30)
        assert raised.value.kind == "raised" and "boom" in raised.value.detail
        with pytest.raises(TaskFailed) as late:
            slow.result(timeout=30)
        assert late.value.kind == "timeout" and "0.5 秒" in late.value.reason()
    finally:
        executor.shutdown()
