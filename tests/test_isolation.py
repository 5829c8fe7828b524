"""The worker pool behind ``clean``: a call that raises, dies, overruns its time or its memory fails
alone, the pool replaces the worker and goes on; the read limits come from analysis.toml or the
command line."""

from __future__ import annotations

import os
import pickle
import resource
import signal
import time

import pytest

from analysis import config
from analysis.intake.workers.executor import MB, Limits, TaskFailed
from analysis.intake.workers.isolation import IsolatedPool


def square(n: int) -> int:
    return n * n


def pid() -> int:
    return os.getpid()


def boom() -> None:
    raise RuntimeError("boom")


def die(how: str) -> None:
    if how == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif how == "abort":
        os.abort()
    os._exit(3)


def sleep(seconds: float) -> None:
    time.sleep(seconds)


def allocate(size: int) -> int:
    return len(bytearray(size))


def soft_address_limit() -> int:
    return resource.getrlimit(resource.RLIMIT_AS)[0]


def unpicklable():
    return lambda: None


class ExitOnArrival:
    """An argument that ends the worker while it is unpickled, before the call starts."""

    def __reduce__(self):
        return (os._exit, (5,))


def failure(future) -> TaskFailed:
    with pytest.raises(TaskFailed) as caught:
        future.result(timeout=60)
    return caught.value


@pytest.fixture
def pool():
    pool = IsolatedPool(2, Limits(memory=256 * MB, timeout=30))
    yield pool
    pool.shutdown()


def test_calls_run_in_other_processes(pool):
    assert [pool.submit(square, n).result(timeout=60) for n in range(5)] == [0, 1, 4, 9, 16]
    assert pool.submit(pid).result(timeout=60) != os.getpid()


def test_a_call_that_raises_fails_alone(pool):
    assert failure(pool.submit(boom)).kind == "raised"
    assert "RuntimeError: boom" in failure(pool.submit(boom)).detail
    assert pool.submit(square, 3).result(timeout=60) == 9


@pytest.mark.parametrize(("how", "kind", "code"), [("kill", "killed", -signal.SIGKILL),
                                                   ("abort", "crashed", -signal.SIGABRT),
                                                   ("exit", "crashed", 3)])
def test_a_worker_that_dies_fails_its_call_and_is_replaced(pool, how, kind, code):
    doomed = pool.submit(die, how)
    others = [pool.submit(square, n) for n in range(6)]
    got = failure(doomed)
    assert (got.kind, got.exitcode) == (kind, code)
    assert [f.result(timeout=60) for f in others] == [n * n for n in range(6)]
    assert pool.submit(square, 7).result(timeout=60) == 49


def test_a_call_past_its_time_limit_is_killed():
    with IsolatedPool(1, Limits(memory=None, timeout=0.5)) as pool:
        late = pool.submit(sleep, 60)
        after = pool.submit(square, 4)
        got = failure(late)
        assert got.kind == "timeout" and "0.5 秒" in got.reason()
        assert after.result(timeout=60) == 16


def test_a_call_past_its_memory_limit_fails_and_the_limit_is_lifted_afterwards(pool):
    got = failure(pool.submit(allocate, 600 * MB))
    assert got.kind == "memory" and "256 MB" in got.reason()
    assert pool.submit(allocate, 100 * MB).result(timeout=60) == 100 * MB
    assert pool.submit(allocate, 600 * MB, limits=Limits(memory=1024 * MB)).result(timeout=60) == 600 * MB
    unlimited = Limits(memory=None)  # the earlier calls' limits were lifted when they returned
    assert pool.submit(soft_address_limit, limits=unlimited).result(timeout=60) == resource.getrlimit(resource.RLIMIT_AS)[0]


def test_a_call_that_kills_its_worker_before_starting_fails_after_a_second_try(pool):
    doomed = pool.submit(square, ExitOnArrival())
    others = [pool.submit(square, n) for n in range(6)]
    got = failure(doomed)
    assert (got.kind, got.exitcode) == ("crashed", 5)
    assert [f.result(timeout=60) for f in others] == [n * n for n in range(6)]


def test_each_call_has_its_own_time_limit_from_its_start():
    with IsolatedPool(1, Limits(memory=None, timeout=2.0)) as pool:  # 5 × 0.5 s in one worker
        assert [pool.submit(sleep, 0.5).result(timeout=60) for _ in range(1)] == [None]
        calls = [pool.submit(sleep, 0.5) for _ in range(5)]
        assert [f.result(timeout=60) for f in calls] == [None] * 5


def test_a_value_that_does_not_pickle_is_a_failure_not_a_hang(pool):
    assert failure(pool.submit(unpicklable)).kind == "raised"
    assert pool.submit(square, 2).result(timeout=60) == 4


def test_shutdown_cancels_calls_not_started():
    pool = IsolatedPool(1, Limits(memory=None, timeout=None))
    running = pool.submit(sleep, 0.5)
    queued = [pool.submit(square, n) for n in range(50)]
    pool.shutdown()
    assert running.done() and all(f.done() for f in queued)
    assert any(f.cancelled() for f in queued)
    with pytest.raises(RuntimeError):
        pool.submit(square, 1)


def test_task_failures_pickle_and_read_in_chinese():
    got = pickle.loads(pickle.dumps(TaskFailed("killed", "", Limits(), -9)))
    assert got.kind == "killed" and "SIGKILL" in got.reason()


def test_large_files_get_more_memory_but_never_past_the_share():
    limits = Limits(memory=1024 * MB, timeout=120)
    assert limits.for_size(10 * MB).memory == 1024 * MB
    assert limits.for_size(100 * MB).memory == 5000 * MB
    assert limits.for_size(100 * MB, ceiling=3000 * MB).memory == 3000 * MB
    assert Limits(memory=None).for_size(100 * MB).memory is None


def test_read_limits_come_from_analysis_toml(tmp_path):
    cfg = config.parse_config({"intake": {"memory_limit": "512MB", "file_timeout": 30}}, tmp_path)
    assert (cfg.memory_limit, cfg.file_timeout) == (512 * MB, 30.0)
    cfg = config.parse_config({"intake": {"memory_limit": 0, "file_timeout": 0}}, tmp_path)
    assert (cfg.memory_limit, cfg.file_timeout) == (None, None)
    default = config.parse_config({}, tmp_path)
    assert (default.memory_limit, default.file_timeout) == (1024 * MB, 120.0)
    for bad in ({"memory_limit": "lots"}, {"memory_limit": "100B"}, {"file_timeout": -1}):
        with pytest.raises(config.ConfigError, match=r"\[intake\]"):
            config.parse_config({"intake": bad}, tmp_path)
