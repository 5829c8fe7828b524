"""The per-file stage on a Dask cluster, when one machine is not enough (optional extra ``cluster``).

``clean --scheduler local`` starts a :class:`distributed.LocalCluster` on this machine (one
process per worker, one thread each); ``clean --scheduler tcp://host:8786`` uses a running
cluster. Each file travels to a worker with its bytes (the workers need not see this machine's
folders) and its result comes back to be cached here; combining and writing stay on this machine.

Every worker must run this package at the same version, with the same python-calamine and the
same person key (``ANALYSIS_PERSON_KEY``) as this machine: that is checked before any file is
sent. Limits: the time limit is kept here (a call past it fails as ``timeout``); memory is the
cluster's own (each worker's ``memory_limit``, above which its nanny restarts it): a worker that
dies on a file fails that file as ``killed`` once the scheduler gives up on it. A worker still
reading a file past its time is restarted.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Future

from ..words.privacy import key_fingerprint
from .cache import code_fingerprint, reader_version
from .executor import Limits, TaskFailed

#: Times the scheduler may lose a worker on one call before it fails it: a file that kills its
#: worker is tried on one more worker, not on the whole cluster.
ALLOWED_FAILURES = 1


class ClusterProblem(RuntimeError):
    """The cluster cannot be used (extra not installed, unreachable, other code or key): one Chinese line."""


def worker_identity() -> tuple[str, str, str]:
    """What must be the same on every worker: the cleaner's code, the reader, the person key."""
    return code_fingerprint(), reader_version(), key_fingerprint()


def _call(fn: Callable, args: tuple):
    """Run on a worker."""
    return fn(*args)


class DaskExecutor:
    """The workers of a Dask cluster behind the :class:`~analysis.intake.executor.Executor` interface."""

    remote = True

    def __init__(self, scheduler: str, jobs: int | None = None, limits: Limits | None = None) -> None:
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError:
            raise ClusterProblem("未安装集群扩展（dask distributed）：请先运行 pip install -e .[cluster]") from None
        self.limits = limits or Limits()
        self._cluster = None
        self._timers: set[threading.Timer] = set()
        self._lock = threading.Lock()
        with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
            try:
                if scheduler == "local":
                    self._cluster = LocalCluster(n_workers=jobs or os.cpu_count() or 1, threads_per_worker=1,
                                                 processes=True, dashboard_address=None)
                    self._client = Client(self._cluster)
                else:
                    self._client = Client(scheduler, timeout="20s")
            except (OSError, TimeoutError, ValueError) as exc:
                self._close_cluster()
                raise ClusterProblem(f"无法连接 Dask 调度器 {scheduler}：{type(exc).__name__}: {str(exc)[:120]}") from None
        self._check_workers()

    def _check_workers(self) -> None:
        """Refuse workers that would clean differently (other code, reader or person key)."""
        try:
            identities = self._client.run(worker_identity)
        except Exception as exc:  # noqa: BLE001 - a worker without this package, for instance
            self.shutdown()
            raise ClusterProblem(f"集群工作进程无法运行本程序（{type(exc).__name__}: {str(exc)[:120]}）："
                                 "请在各工作节点安装同一版本的 analysis") from None
        if not identities:
            self.shutdown()
            raise ClusterProblem("Dask 集群中没有工作进程")
        mine = worker_identity()
        for worker, theirs in identities.items():
            if tuple(theirs) != mine:
                what = ["清洗程序的代码", "python-calamine 版本", "人员编码密钥（ANALYSIS_PERSON_KEY）"]
                differs = "、".join(w for w, a, b in zip(what, theirs, mine, strict=True) if a != b)
                self.shutdown()
                raise ClusterProblem(f"集群工作进程 {worker} 的{differs}与本机不同：请在各工作节点使用同一版本和同一密钥")
        self.size = max(1, sum(self._client.nthreads().values()))

    def submit(self, fn: Callable, /, *args, limits: Limits | None = None) -> Future:
        """Schedule ``fn(*args)`` on a worker; a call past ``limits.timeout`` fails as ``timeout``."""
        limits = limits or self.limits
        future: Future = Future()
        future.set_running_or_notify_cancel()
        task = self._client.submit(_call, fn, args, pure=False)
        timer = None
        if limits.timeout:
            timer = threading.Timer(limits.timeout, self._expire, (task, future, limits))
            timer.daemon = True
            with self._lock:
                self._timers.add(timer)
            timer.start()
        task.add_done_callback(lambda done: self._settle(done, future, limits, timer))
        return future

    def _expire(self, task, future: Future, limits: Limits) -> None:
        """A call past its time: fail it, and restart the worker still running it (if any)."""
        if future.done():
            return
        _set(future, exception=TaskFailed("timeout", limits=limits))
        client = self._client
        try:
            worker = client.run_on_scheduler(_processing_on, task.key)
            task.cancel()
            if worker:
                client.restart_workers([worker], raise_for_error=False)
        except Exception:  # noqa: BLE001 - the worker went away meanwhile, or the client closed
            pass

    def _settle(self, task, future: Future, limits: Limits, timer: threading.Timer | None) -> None:
        if timer is not None:
            timer.cancel()
            with self._lock:
                self._timers.discard(timer)
        if future.done():
            return
        if task.status == "finished":
            try:
                _set(future, result=task.result())
            except Exception as exc:  # noqa: BLE001 - the result could not be fetched
                _set(future, exception=TaskFailed("crashed", f"{type(exc).__name__}: {exc}", limits))
            return
        if task.status == "cancelled":
            _set(future, exception=TaskFailed("cancelled", limits=limits))
            return
        try:
            exc = task.exception()
        except Exception as error:  # noqa: BLE001 - e.g. the client lost the scheduler
            exc = error
        kind = "killed" if type(exc).__name__ == "KilledWorker" else "memory" if isinstance(exc, MemoryError) else "raised"
        _set(future, exception=TaskFailed(kind, f"{type(exc).__name__}: {str(exc)[:200]}", limits))

    def shutdown(self) -> None:
        """Stop the timers, close the client, and the cluster this executor started."""
        with self._lock:
            timers, self._timers = list(self._timers), set()
        for timer in timers:
            timer.cancel()
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()
            self._client = None
        self._close_cluster()

    def _close_cluster(self) -> None:
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def _processing_on(key: str, dask_scheduler=None) -> str | None:
    """On the scheduler: the address of the worker running task ``key`` (None when none is)."""
    task = dask_scheduler.tasks.get(key)
    return task.processing_on.address if task is not None and task.processing_on is not None else None


def _set(future: Future, result=None, exception: BaseException | None = None) -> None:
    """Settle ``future`` once (a timer and the cluster may race to do it)."""
    try:
        if exception is not None:
            future.set_exception(exception)
        else:
            future.set_result(result)
    except Exception:  # noqa: BLE001 - InvalidStateError: it was settled already
        pass
