"""What reading files in parallel needs from an executor: submit a call, get a future back.

A future (a :class:`concurrent.futures.Future`) either holds the call's value or fails with
:class:`TaskFailed` when the worker that ran it raised, died (panic, abort, allocation failure,
kill) or ran past its time limit. Two executors keep this interface:
:class:`analysis.intake.isolation.IsolatedPool` (this machine's worker processes under a memory and
a time limit, the default) and :class:`analysis.intake.cluster.DaskExecutor` (the workers of a Dask
cluster, an optional extra: its futures are bridged to ``concurrent.futures.Future`` with a
done-callback, and its worker deaths mapped to ``TaskFailed``).
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Protocol

from ...config import DEFAULT_FILE_TIMEOUT, DEFAULT_MEMORY_LIMIT, MB

#: A large file may take this many times its own size (a 40 MB workbook: 2 GB); reading takes
#: about 25 times (300,000 rows, 14 MB: 380 MB).
MEMORY_PER_BYTE = 50


@dataclass(frozen=True)
class Limits:
    """Per-task limits: extra address space in bytes and wall-clock seconds (None: no limit)."""

    memory: int | None = DEFAULT_MEMORY_LIMIT
    timeout: float | None = DEFAULT_FILE_TIMEOUT

    def for_size(self, size: int, ceiling: int | None = None) -> Limits:
        """The limits for reading a file of ``size`` bytes: the memory limit grows for large files,
        but never past ``ceiling`` (a worker's share of the machine's memory)."""
        if self.memory is None:
            return self
        memory = max(self.memory, MEMORY_PER_BYTE * size)
        return Limits(min(memory, ceiling) if ceiling else memory, self.timeout)


class TaskFailed(Exception):
    """A task gave no value: ``kind`` is memory, timeout, killed, crashed, raised or cancelled."""

    def __init__(self, kind: str, detail: str = "", limits: Limits | None = None,
                 exitcode: int | None = None) -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind, self.detail, self.limits, self.exitcode = kind, detail, limits, exitcode

    def reason(self) -> str:
        """The cause in a few Chinese words, for issue messages and the console."""
        limits = self.limits or Limits()
        if self.kind == "memory":
            return f"读取时占用内存超过上限 {limits.memory // MB} MB" if limits.memory else "读取时内存不足"
        if self.kind == "timeout":
            return f"读取超过 {limits.timeout:g} 秒仍未完成"
        if self.kind == "killed":
            if self.exitcode is None:  # a cluster's worker, lost while it read the file
                return "读取进程意外终止（可能因内存不足）"
            return f"读取进程被系统终止（{_signal_name(self.exitcode)}，可能因内存不足）"
        if self.kind == "crashed":
            how = _signal_name(self.exitcode) if (self.exitcode or 0) < 0 else f"退出码 {self.exitcode}"
            return f"读取进程意外退出（{how}）"
        if self.kind == "cancelled":
            return "读取被中止"
        return f"读取程序出错（{self.detail[:80]}）" if self.detail else "读取程序出错"


def _signal_name(exitcode: int | None) -> str:
    """SIGKILL for -9, etc.; the number when the signal is unknown."""
    if exitcode is None or exitcode >= 0:
        return f"退出码 {exitcode}"
    try:
        return signal.Signals(-exitcode).name
    except ValueError:
        return f"信号 {-exitcode}"


class Executor(Protocol):
    """Runs calls away from the calling process; one call's failure never touches another's.

    ``size`` is the number of workers; ``remote`` says that they may run on other machines, so a
    call must carry the bytes it works on and send back what is to be stored here.
    """

    size: int
    remote: bool

    def submit(self, fn: Callable, /, *args, limits: Limits | None = None) -> Future:
        """Schedule ``fn(*args)`` (under ``limits``, else the executor's own); return its future."""
        ...

    def shutdown(self) -> None:
        """Stop the workers; calls not yet started are cancelled."""
        ...
