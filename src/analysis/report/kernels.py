"""Kernels started ahead for the runner: while one notebook executes, the next one's kernel is
already up with the report's libraries imported, and a finished kernel is stopped in the
background without the interrupt that made ipykernel log "KeyboardInterrupt caught in kernel".

Each kernel gets its own log file (``ANALYSIS_READS_LOG``, see :mod:`analysis.reads`) in which the
notebook executed on it records what it read and wrote.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from dataclasses import dataclass
from pathlib import Path

from ..reads import ENVIRONMENT_VARIABLE

_log = logging.getLogger(__name__)

#: Imported (silently, outside the notebook's history) in every kernel before its notebook runs:
#: what every report notebook imports first. The notebook imports them again, then at no cost.
WARM_CODE = """\
import matplotlib.pyplot
import pandas
import seaborn
import analysis.metrics
import analysis.report.figures
import analysis.report.notebook
"""


@dataclass
class Kernel:
    manager: object  # jupyter_client KernelManager
    log: Path


def kernel_config():
    """Kernel-manager settings: CurveZMQ-encrypted kernel sockets where pyzmq supports it.

    (Also keeps ipykernel from warning, once per kernel, that it runs over plain TCP.)"""
    from traitlets.config import Config

    config = Config()
    try:
        import zmq

        if zmq.has("curve"):
            config.KernelManager.transport_encryption = "auto"
    except ImportError:  # pragma: no cover - pyzmq comes with jupyter_client
        pass
    return config


def _manager_class():
    """A KernelManager that remembers its clients (papermill's included), to close them at the end."""
    from jupyter_client.manager import KernelManager

    class Manager(KernelManager):
        def client(self, **kwargs):
            made = super().client(**kwargs)
            self.__dict__.setdefault("report_clients", []).append(made)
            return made

    return Manager


def logging_manager(log: Path):
    """A kernel-manager class for papermill's own kernel whose kernel records into ``log`` what the
    notebook reads and writes (``ANALYSIS_READS_LOG``)."""
    from jupyter_client.manager import AsyncKernelManager

    class Manager(AsyncKernelManager):
        async def _async_pre_start_kernel(self, **kw):
            env = dict(kw.pop("env", None) or os.environ)
            env[ENVIRONMENT_VARIABLE] = str(log)
            return await super()._async_pre_start_kernel(env=env, **kw)

        async def _async_interrupt_kernel(self):
            # no interrupt on the way to shutdown: it made ipykernel log "KeyboardInterrupt caught in
            # kernel" after every successful notebook
            if getattr(self, "shutting_down", False):
                return None
            return await super()._async_interrupt_kernel()

    return Manager


def start_kernel(name: str, cwd: Path, log: Path, warm: bool = True) -> Kernel:
    """Start one kernel in ``cwd`` recording into ``log``; with ``warm``, import the libraries."""
    log.parent.mkdir(parents=True, exist_ok=True)
    log.unlink(missing_ok=True)
    manager = _manager_class()(kernel_name=name, config=kernel_config())
    manager.start_kernel(cwd=str(cwd), env={**os.environ, ENVIRONMENT_VARIABLE: str(log)})
    if warm:
        client = manager.client()
        try:
            client.start_channels()
            client.wait_for_ready(timeout=60)
            client.execute_interactive(WARM_CODE, silent=True, store_history=False, timeout=120)
        except Exception:  # noqa: BLE001 - a kernel that could not warm up still runs its notebook
            _log.debug("warm-up of a kernel failed", exc_info=True)
        finally:
            client.stop_channels()
    return Kernel(manager, log)


def stop_kernel(kernel: Kernel) -> None:
    """Ask the kernel to shut down (no interrupt first), kill it if it does not, free its files."""
    manager = kernel.manager
    for client in manager.__dict__.get("report_clients", []):
        try:
            client.stop_channels()
        except Exception:  # noqa: BLE001 - already closed
            pass
    try:
        if manager.has_kernel:
            manager.request_shutdown()
            manager.finish_shutdown(waittime=5)
    except Exception:  # noqa: BLE001 - a kernel already gone
        _log.debug("stopping a kernel failed", exc_info=True)
    finally:
        try:
            manager.cleanup_resources()
        except Exception:  # noqa: BLE001
            pass


class KernelPool:
    """Up to ``ahead`` kernels started before they are needed, ``total`` in all (one per notebook)."""

    def __init__(self, name: str, cwd: Path, logs: Path, total: int, ahead: int, warm: bool = True) -> None:
        self._name, self._cwd, self._logs, self._warm = name, cwd, logs, warm
        self._ready: queue.Queue = queue.Queue()
        self._left = total
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._stoppers: list[threading.Thread] = []
        self._count = 0
        self._ahead = ahead
        for _ in range(min(ahead, total)):
            self._start_one()

    def _start_one(self) -> None:
        with self._lock:
            if self._left <= 0:
                return
            self._left -= 1
            self._count += 1
            log = self._logs / f"kernel-{self._count}.log"

        def run() -> None:
            try:
                self._ready.put(start_kernel(self._name, self._cwd, log, self._warm))
            except Exception as exc:  # noqa: BLE001 - handed to the notebook that takes it
                self._ready.put(exc)

        thread = threading.Thread(target=run, name="kernel-start", daemon=True)
        thread.start()
        self._threads.append(thread)

    def resize(self, total: int) -> None:
        """Make it ``total`` kernels in all (once it is known how many notebooks execute)."""
        with self._lock:
            self._left = max(0, total - self._count)
        while self._ready.qsize() + sum(t.is_alive() for t in self._threads) < self._ahead and self._left > 0:
            self._start_one()

    def take(self) -> Kernel:
        """The next started kernel (waiting for it), and another one starting in its place."""
        item = self._ready.get()
        self._start_one()
        if isinstance(item, Exception):
            raise item
        return item

    def release(self, kernel: Kernel) -> None:
        """Stop a used kernel in the background."""
        thread = threading.Thread(target=stop_kernel, args=(kernel,), name="kernel-stop", daemon=True)
        thread.start()
        self._stoppers.append(thread)

    def close(self) -> None:
        """Stop the kernels started and never taken, and wait for every stop."""
        for thread in self._threads:
            thread.join()
        while not self._ready.empty():
            item = self._ready.get_nowait()
            if isinstance(item, Kernel):
                stop_kernel(item)
                item.log.unlink(missing_ok=True)
        for thread in self._stoppers:
            thread.join()
