"""Local worker processes that run one call at a time each, under a memory and a time limit.

Each worker has a private pipe to the pool: no queue or lock is shared between workers, so a
worker that dies at any moment (a reader panic that aborts, an allocation refused under the memory
limit, SIGKILL from the kernel's OOM killer or from the time limit) fails exactly the one call it
was running, with :class:`~analysis.intake.executor.TaskFailed`. The pool starts a new worker and
goes on with the other calls.

On Linux the first workers are forked from the calling thread (quick, and they inherit what is
already loaded); a replacement is started by the pool's own thread while the caller may be busy
(importing pandas, writing parquet …), where a fork could copy a lock held by another thread, so
replacements come from multiprocessing's fork server, a clean single-threaded process. The memory limit is ``RLIMIT_AS``: the worker's address space when
the call starts plus the call's allowance, lifted again when the call returns (Linux and other
POSIX systems; on Windows only the time limit applies). A worker's stderr (where a Rust panic
prints) goes to a file of its own, read to tell a refused allocation from other crashes.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import logging
import multiprocessing as mp
import os
import pickle
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from multiprocessing.connection import wait

from .executor import Limits, TaskFailed

try:
    import resource
except ImportError:  # Windows
    resource = None

_log = logging.getLogger(__name__)
_OK, _RAISED, _MEMORY = 0, 1, 2
_STOP = b""
_STARTED = b"S"  # a new worker has its first call unpickled (its imports done) and starts it
#: Time a (new) worker may take to import what a call needs before the call's own limit starts.
STARTUP_GRACE = 60.0
#: What the Rust runtime prints before it aborts on a refused allocation.
_ALLOCATION_FAILED = "memory allocation of"


def default_contexts(preload: tuple[str, ...] = ()) -> tuple:
    """(first workers, replacements): fork and the fork server on Linux, the platform's default elsewhere.

    ``preload`` names the modules the fork server imports once, before it forks any worker.
    """
    if not sys.platform.startswith("linux"):
        return mp.get_context(), mp.get_context()
    server = mp.get_context("forkserver")
    server.set_forkserver_preload(list(preload))
    return mp.get_context("fork"), server


class _Task:
    __slots__ = ("future", "message", "limits", "dispatched", "started", "orphaned")

    def __init__(self, future: Future, message: bytes, limits: Limits) -> None:
        self.future, self.message, self.limits = future, message, limits
        self.dispatched = False  # its future is running (set at the first dispatch)
        self.started = 0.0  # when its worker started it (its time limit runs from here)
        self.orphaned = 0  # times the worker handling it died before starting it


class _Worker:
    __slots__ = ("process", "conn", "stderr", "tasks", "deadline", "ready")

    def __init__(self, process, conn, stderr: str | None) -> None:
        self.process, self.conn, self.stderr = process, conn, stderr
        self.tasks: deque[_Task] = deque()  # sent and not answered, in order: the first is running
        self.deadline: float | None = None  # of the first task
        self.ready = False  # it has started a call (so it starts the next one as soon as it has it)


class IsolatedPool:
    """``workers`` processes running submitted calls, one at a time each, under ``limits``.

    ``submit`` returns a standard :class:`concurrent.futures.Future`; a call whose worker raised,
    died or timed out fails with :class:`TaskFailed`. The time limit runs from the moment the worker
    starts the call (a new worker reports its first start, so its imports do not count; later calls
    start when the one before is answered). A done future also carries ``elapsed`` (seconds from
    the start of the call to its reply). A thread of the pool sends calls to the workers (a few
    small calls wait in a busy worker's pipe, so that no worker idles while the caller keeps the
    GIL, e.g. importing pandas), reads replies, notices deaths and deadlines, and replaces dead
    workers; calls a dead worker had not started are sent again to another one.
    """

    #: Calls in a worker's pipe at once (the running one and those waiting), and the largest call
    #: sent to a busy worker (a larger one could fill the pipe and block the pool's thread).
    DEPTH = 4
    PREFETCH_BYTES = 16384
    #: The workers share this machine's files: a call may read and write them by path.
    remote = False

    def __init__(self, workers: int, limits: Limits | None = None, preload: tuple[str, ...] = (),
                 contexts: tuple | None = None) -> None:
        self.size = max(1, workers)
        self.limits = limits or Limits()
        self._context, self._respawn = contexts or default_contexts(preload)
        self._queue: deque[_Task] = deque()
        self._lock = threading.Lock()
        self._closing = False  # no more calls accepted (set by shutdown, or when the thread fails)
        self._shut = False
        self._wake_r, self._wake_w = self._context.Pipe(duplex=False)
        self._workers = [self._start_worker(self._context) for _ in range(self.size)]
        self._thread = threading.Thread(target=self._drive, name="isolated-pool", daemon=True)
        self._thread.start()

    def __enter__(self) -> IsolatedPool:
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()

    def submit(self, fn: Callable, /, *args, limits: Limits | None = None) -> Future:
        """Schedule ``fn(*args)`` in a worker (``fn`` and ``args`` must pickle); return its future."""
        limits = limits or self.limits
        message = pickle.dumps((fn, args, limits.memory), protocol=pickle.HIGHEST_PROTOCOL)
        future: Future = Future()
        with self._lock:
            if self._closing:
                raise RuntimeError("IsolatedPool is shut down")
            self._queue.append(_Task(future, message, limits))
        self._wake()
        return future

    def shutdown(self) -> None:
        """Cancel the calls not started, end the running ones, stop the workers."""
        if self._shut:
            return
        self._shut = True
        with self._lock:
            self._closing = True
            while self._queue:
                self._queue.popleft().future.cancel()
        self._wake()
        self._thread.join()
        for worker in self._workers:
            if worker.tasks:
                worker.process.kill()
                for task in worker.tasks:
                    self._fail(task, TaskFailed("cancelled", limits=task.limits))
            else:
                with contextlib.suppress(OSError):
                    worker.conn.send_bytes(_STOP)
        for worker in self._workers:
            worker.process.join(2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            self._discard(worker)
        self._workers = []
        self._wake_r.close()
        self._wake_w.close()

    # ------------------------------------------------------------ the pool's thread

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_w.send_bytes(b"!")

    def _drive(self) -> None:
        """Dispatch, collect replies, bury dead workers and enforce deadlines until shut down."""
        try:
            while True:
                with self._lock:
                    if self._closing:
                        return
                    self._dispatch()
                waitables = [self._wake_r, *(w.conn for w in self._workers if w.tasks),
                             *(w.process.sentinel for w in self._workers)]
                ready = set(wait(waitables, self._next_timeout()))
                while self._wake_r in ready and self._wake_r.poll():
                    self._wake_r.recv_bytes()
                for worker in list(self._workers):
                    if worker.conn in ready and not self._receive(worker):
                        self._bury(worker)
                for worker in list(self._workers):
                    if worker.process.sentinel in ready:
                        self._bury(worker)
                self._expire()
        except BaseException as exc:  # noqa: BLE001 - a bug here must not leave futures waiting forever
            _log.exception("isolated pool stopped")
            with self._lock:
                self._closing = True
                pending = [t for w in self._workers for t in w.tasks] + list(self._queue)
                self._queue.clear()
            for task in pending:
                self._fail(task, TaskFailed("raised", f"pool: {type(exc).__name__}: {exc}"))

    def _dispatch(self) -> None:
        """Send queued calls to the workers, starting new workers while there is work to do."""
        if not self._queue:
            return
        while len(self._workers) < self.size:
            self._workers.append(self._start_worker(self._respawn))
        for depth in range(1, self.DEPTH + 1):  # a call for every idle worker before any waits in a pipe
            if depth > 1 + len(self._queue) // len(self._workers):
                break  # near the end, calls stay shared: workers finish together
            for worker in self._workers:
                while self._queue and len(worker.tasks) < depth:
                    task = self._queue[0]
                    if worker.tasks and len(task.message) > self.PREFETCH_BYTES:
                        break
                    self._queue.popleft()
                    if not task.dispatched:
                        if not task.future.set_running_or_notify_cancel():
                            continue  # cancelled while queued
                        task.dispatched = True
                    try:
                        worker.conn.send_bytes(task.message)
                    except OSError:  # the worker is dead: the call goes back to the queue
                        self._queue.appendleft(task)
                        break
                    worker.tasks.append(task)
                    if len(worker.tasks) == 1:
                        self._begin(worker)

    @staticmethod
    def _begin(worker: _Worker) -> None:
        """The first call in a worker's pipe starts now (a new worker reports when, after its imports)."""
        task, now = worker.tasks[0], time.monotonic()
        timeout = task.limits.timeout
        if worker.ready:
            task.started = now
            worker.deadline = now + timeout if timeout else None
        else:
            worker.deadline = now + STARTUP_GRACE + timeout if timeout else None

    def _next_timeout(self) -> float | None:
        deadlines = [w.deadline for w in self._workers if w.tasks and w.deadline is not None]
        return max(0.0, min(deadlines) - time.monotonic()) if deadlines else None

    def _receive(self, worker: _Worker) -> bool:
        """Read one message of a worker (a call started, or a call's outcome); False at its end."""
        try:
            data = worker.conn.recv_bytes()
        except (EOFError, OSError):
            return False
        if not worker.tasks:
            return True
        task = worker.tasks[0]
        if data == _STARTED:
            worker.ready = True
            self._begin(worker)
            return True
        worker.tasks.popleft()
        worker.ready = True
        worker.deadline = None
        if worker.tasks:
            self._begin(worker)
        status, value = pickle.loads(data)
        if status == _OK:
            self._finish(task, value)
        else:
            self._fail(task, TaskFailed("memory" if status == _MEMORY else "raised", value, task.limits))
        return True

    def _bury(self, worker: _Worker) -> None:
        """A worker exited: fail the call it was running with the cause; send the others again."""
        while worker.tasks and _readable(worker.conn) and self._receive(worker):
            pass  # what it said before dying (a reply, a start)
        if worker not in self._workers:
            return
        self._workers.remove(worker)
        worker.process.join(5)
        if worker.process.is_alive():  # its pipe broke but it lives on: end it
            worker.process.kill()
            worker.process.join()
        if worker.tasks:
            self._orphan(worker, _death(worker))
        self._discard(worker)

    def _expire(self) -> None:
        now = time.monotonic()
        for worker in list(self._workers):
            if worker.tasks and worker.deadline is not None and now >= worker.deadline:
                self._workers.remove(worker)
                worker.process.kill()
                worker.process.join()
                head = worker.tasks[0]
                head.started = head.started or now  # a worker that never started it is blamed too
                self._orphan(worker, TaskFailed("timeout", limits=head.limits, exitcode=worker.process.exitcode))
                self._discard(worker)

    def _orphan(self, worker: _Worker, failure: TaskFailed) -> None:
        """Fail the call a dead worker was handling with ``failure``; queue its other calls again.

        The worker handles its calls in order, so the first one is the culprit: when it had not
        reported starting it (it died unpickling it, or was killed from outside) it gets one more
        try in another worker before it fails.
        """
        head, *rest = worker.tasks
        worker.tasks.clear()
        again = rest
        if head.started:
            self._fail(head, failure)
        else:
            head.orphaned += 1
            if head.orphaned >= 2:
                self._fail(head, failure)
            else:
                again = [head, *rest]
        with self._lock:
            self._queue.extendleft(reversed(again))

    def _finish(self, task: _Task, value) -> None:
        task.future.elapsed = time.monotonic() - task.started
        task.future.set_result(value)

    def _fail(self, task: _Task, failure: TaskFailed) -> None:
        task.future.elapsed = time.monotonic() - task.started if task.started else 0.0
        if task.future.done():
            return
        if not task.dispatched and not task.future.set_running_or_notify_cancel():
            return
        task.dispatched = True
        task.future.set_exception(failure)

    @staticmethod
    def _start_worker(context) -> _Worker:
        fd, stderr = tempfile.mkstemp(prefix="analysis-reader-", suffix=".log")
        os.close(fd)
        parent, child = context.Pipe()
        process = context.Process(target=serve, args=(child, stderr), name="analysis-reader", daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent, stderr)

    @staticmethod
    def _discard(worker: _Worker) -> None:
        worker.conn.close()
        if worker.stderr:
            with contextlib.suppress(OSError):
                os.unlink(worker.stderr)


def _readable(conn) -> bool:
    """True when a message (or the end of the pipe) waits on ``conn``."""
    try:
        return conn.poll(0)
    except (OSError, EOFError):
        return False


def _death(worker: _Worker) -> TaskFailed:
    """Why a worker died while running a call: refused allocation, kill, or another crash."""
    code = worker.process.exitcode
    text = _head(worker.stderr)
    limits = worker.tasks[0].limits if worker.tasks else None
    if _ALLOCATION_FAILED in text or "MemoryError" in text:
        kind = "memory"
    elif code == -getattr(signal, "SIGKILL", 9):
        kind = "killed"
    else:
        kind = "crashed"
    detail = next((line.strip() for line in text.splitlines() if line.strip()), "")
    _log.debug("worker %s died (exit code %s): %s", worker.process.pid, code, text[:500])
    return TaskFailed(kind, detail[:200], limits, code)


def _head(path: str | None, size: int = 65536) -> str:
    """The start of a worker's stderr file for its last call ('' when there is none)."""
    if not path:
        return ""
    try:
        with open(path, "rb") as fh:
            return fh.read(size).decode("utf-8", errors="replace")
    except OSError:
        return ""


# ---------------------------------------------------------------- in the worker process


def serve(conn, stderr: str | None) -> None:
    """A worker's loop: run each call received, reply with its pickled outcome, until told to stop."""
    gc.freeze()  # what the worker inherited stays out of its collections (no copy-on-write of it)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the pool's to handle
    os.environ["RUST_BACKTRACE"] = "0"  # a panic prints one line, not a backtrace
    if stderr:
        fd = os.open(stderr, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        os.dup2(fd, 2)
        os.close(fd)
        if faulthandler.is_enabled():  # it wrote to a copy of the caller's stderr: keep it in the file
            faulthandler.enable(file=2)
    started = lambda: conn.send_bytes(_STARTED)  # noqa: E731 - said once, after the first call's imports
    while True:
        try:
            message = conn.recv_bytes()
        except (EOFError, OSError):
            return
        if message == _STOP:
            return
        if stderr:
            with contextlib.suppress(OSError):
                os.ftruncate(2, 0)
        conn.send_bytes(run_call(message, started))
        started = None


def run_call(message: bytes, started: Callable[[], None] | None = None) -> bytes:
    """Unpickle (fn, args, memory), tell ``started``, run ``fn(*args)`` under the memory allowance;
    return the pickled outcome."""
    try:
        fn, args, memory = pickle.loads(message)
        if started is not None:
            started()
        with address_space_limit(memory):
            reply = (_OK, fn(*args))
    except MemoryError:
        reply = (_MEMORY, "MemoryError")
    except BaseException as exc:  # noqa: BLE001 - reported to the pool, never raised in the worker
        reply = (_RAISED, f"{type(exc).__name__}: {str(exc)[:200]}")
    try:
        return pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # noqa: BLE001 - e.g. a value that does not pickle
        return pickle.dumps((_RAISED, f"{type(exc).__name__}: {str(exc)[:200]}"))


@contextlib.contextmanager
def address_space_limit(allowance: int | None) -> Iterator[None]:
    """Limit this process's address space to its current size plus ``allowance`` bytes meanwhile."""
    if allowance is None or resource is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = address_space() + allowance
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):  # a platform that does not support it: no limit
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def address_space() -> int:
    """This process's virtual memory size in bytes (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0
