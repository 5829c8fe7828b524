"""A warm process that forks the runner's kernels (a "zygote").

Starting a kernel the ordinary way costs a fresh interpreter, IPython, ipykernel, and then the
notebook's own imports of pandas, matplotlib, seaborn and :mod:`analysis` — 3–6 s of CPU per
notebook, a third of a notebook's time. The zygote imports all that once; each kernel is then a
``fork()`` of it that runs ipykernel with the connection file jupyter_client wrote. The kernel is
otherwise an ordinary one: a fresh IPython shell (execution counts from 1, an empty namespace),
its own process group, the notebook's working directory and environment (``ANALYSIS_READS_LOG``),
started, interrupted, shut down and killed by papermill through :class:`ForkProvisioner`.

Nothing the notebooks compute is done ahead: the zygote only imports modules (no rcParams set, no
file read), so an executed notebook and its files are the same as with a fresh kernel
(tests/test_zygote.py compares them).

Protocol: the runner writes one JSON line per kernel on the zygote's stdin —
``{"argv": [...], "cwd": ..., "env": {...}}`` — and reads the forked kernel's pid (or ``-1`` and
the error) as one line on the pipe named by ``--reply-fd``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

#: Imported by the zygote before it forks (what ipykernel and every report notebook import), and
#: then every module of :mod:`analysis.report` (whatever the notebooks' helpers are called).
WARM_MODULES = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "matplotlib_inline.backend_inline",
    "matplotlib.pyplot",
    "pandas",
    "seaborn",
    "analysis.metrics",
    "analysis.sql",
    "analysis.report",
)
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
ENVIRONMENT_SWITCH = "ANALYSIS_FORK_KERNELS"  # "0": every kernel a fresh process (papermill's way)


def is_enabled() -> bool:
    """Whether the runner forks its kernels from a zygote (POSIX only; ``ANALYSIS_FORK_KERNELS=0``
    turns it off)."""
    return hasattr(os, "fork") and os.environ.get(ENVIRONMENT_SWITCH, "1") != "0"


# ---------------------------------------------------------------- runner side


class Zygote:
    """The zygote process, started by the runner; :meth:`fork` is thread-safe."""

    def __init__(self) -> None:
        read_end, write_end = os.pipe()
        env = {**os.environ, "MPLBACKEND": os.environ.get("MPLBACKEND") or INLINE_BACKEND}
        self._process = subprocess.Popen(
            [sys.executable, "-m", "analysis.report.zygote", "--reply-fd", str(write_end)],
            stdin=subprocess.PIPE, pass_fds=(write_end,), env=env, start_new_session=True,
        )
        os.close(write_end)
        self._replies = os.fdopen(read_end, "r", encoding="utf-8")
        self._lock = threading.Lock()

    def fork(self, argv: list[str], cwd: str, env: dict[str, str]) -> int:
        """A new kernel process running ``ipykernel`` with ``argv`` (its pid)."""
        request = json.dumps({"argv": argv, "cwd": cwd, "env": env}) + "\n"
        with self._lock:
            if self._process.poll() is not None or self._process.stdin is None:
                raise RuntimeError("内核预载进程已退出")
            self._process.stdin.write(request.encode("utf-8"))
            self._process.stdin.flush()
            reply = self._replies.readline()
        pid, _, error = reply.strip().partition(" ")
        if not pid.lstrip("-").isdigit() or int(pid) <= 0:
            raise RuntimeError(f"内核预载进程无法启动内核：{error or '无回应'}")
        return int(pid)

    def close(self) -> None:
        """Stop the zygote (the kernels it forked are stopped by their own managers)."""
        try:
            if self._process.stdin is not None:
                self._process.stdin.close()
            self._process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()
        self._replies.close()


class ForkedProcess:
    """The part of :class:`subprocess.Popen` jupyter_client uses, for a kernel the zygote forked
    (a child of the zygote, reaped there at once: it is gone from the process table once it exits)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
            except PermissionError:  # pragma: no cover - the pid was reused by another user's process
                self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("kernel", timeout)
            time.sleep(0.02)
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def make_provisioner_class() -> type:
    """jupyter_client's LocalProvisioner, launching the kernel command by a fork of the zygote."""
    from jupyter_client.provisioning import LocalProvisioner

    class ForkProvisioner(LocalProvisioner):
        zygote: Zygote | None = None

        async def launch_kernel(self, cmd: list[str], **kwargs):
            if self.zygote is None or "ipykernel_launcher" not in cmd:
                return await super().launch_kernel(cmd, **kwargs)
            argv = cmd[cmd.index("ipykernel_launcher") + 1:]
            cwd = str(kwargs.get("cwd") or Path.cwd())
            env = {k: str(v) for k, v in (kwargs.get("env") or os.environ).items()}
            try:
                pid = self.zygote.fork(argv, cwd, env)
            except (OSError, RuntimeError, ValueError):  # the zygote is gone: a fresh process then
                return await super().launch_kernel(cmd, **kwargs)
            self.process = ForkedProcess(pid)
            self.pid = self.pgid = self.process.pid  # the kernel leads its own process group
            self.cwd = cwd
            return self.connection_info

    return ForkProvisioner


# ---------------------------------------------------------------- zygote side


def _warm_up() -> None:
    """Import what the kernels need (failures only cost the kernel the time to import them)."""
    import importlib
    import pkgutil

    names = list(WARM_MODULES)
    for name in names:
        try:
            module = importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the notebook imports it again and says why it fails
            continue
        if name == "analysis.report":
            names += [f"{name}.{m.name}" for m in pkgutil.iter_modules(module.__path__) if m.name != "zygote"]


def _become_kernel(request: dict, reply_fd: int) -> None:
    """In the forked child: leave the zygote's protocol, take the notebook's environment and
    working directory, run ipykernel until it shuts down, and exit."""
    code = 1
    try:
        os.close(reply_fd)
        devnull = os.open(os.devnull, os.O_RDONLY)  # stdin: the zygote's requests no more
        os.dup2(devnull, 0)
        os.close(devnull)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.setsid()
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
        os.chdir(request["cwd"])
        # ipykernel read JPY_PARENT_PID when the zygote imported it: the kernel watches the zygote
        # (which ends when the runner does), and prints no connection banner
        argv = [*request["argv"], f"--IPKernelApp.parent_handle={os.getppid()}"]
        sys.argv = [sys.executable, *argv]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=argv)
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:  # noqa: BLE001 - shown on stderr like any kernel's crash
        import traceback

        traceback.print_exc()
    finally:
        try:
            import atexit

            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _reap(signum: int, frame: object) -> None:
    """Collect every kernel that has exited (SIGCHLD)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def serve(reply_fd: int) -> None:
    """The zygote's loop: warm up, then fork one kernel per request line until stdin closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGCHLD, _reap)  # forked kernels are reaped at once (their CPU time counted)
    _warm_up()
    requests = sys.stdin.buffer
    reply = os.fdopen(reply_fd, "w", encoding="utf-8")
    for line in requests:
        try:
            request = json.loads(line)
            pid = os.fork()
        except (ValueError, OSError) as exc:
            reply.write(f"-1 {type(exc).__name__}: {exc}\n")
            reply.flush()
            continue
        if pid == 0:
            _become_kernel(request, reply_fd)
        reply.write(f"{pid}\n")
        reply.flush()


if __name__ == "__main__":
    serve(int(sys.argv[sys.argv.index("--reply-fd") + 1]))
