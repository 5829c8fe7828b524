"""The runner's kernel managers: each kernel records what its notebook reads and writes into a
log file of its own (``ANALYSIS_READS_LOG``, see :mod:`analysis.reads`), is forked from the warm
zygote when there is one (:mod:`.zygote`), and is shut down without the interrupt that made
ipykernel log "KeyboardInterrupt caught in kernel".
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from ..reads import DEFER_VARIABLE, ENVIRONMENT_VARIABLE

#: Run silently (no output, no execution count) in a kernel before it is shut down.
FLUSH_CODE = "import analysis.report.export as _e; _e.flush_tables(); del _e"


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


def logging_manager(log: Path, zygote: object | None = None) -> type:
    """A kernel-manager class for papermill's own kernel whose kernel records into ``log`` what the
    notebook reads and writes (``ANALYSIS_READS_LOG``); forked from ``zygote`` when given
    (:mod:`.zygote`)."""
    from jupyter_client.manager import AsyncKernelManager

    class Manager(AsyncKernelManager):
        async def _async_pre_start_kernel(self, **kw):
            env = dict(kw.pop("env", None) or os.environ)
            env[ENVIRONMENT_VARIABLE] = str(log)
            env[DEFER_VARIABLE] = "1"  # each workbook written once, by flush_tables below
            if zygote is not None and self.provisioner is None:
                from .zygote import make_provisioner_class

                self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or str(uuid.uuid4())
                self.provisioner = make_provisioner_class()(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec,
                                                       parent=self)
                self.provisioner.zygote = zygote
            return await super()._async_pre_start_kernel(env=env, **kw)

        async def shutdown_kernel(self, now: bool = False, restart: bool = False):
            if self.has_kernel and await self.is_alive():
                await flush_tables(self)
            return await super().shutdown_kernel(now=now, restart=restart)

        async def _async_interrupt_kernel(self):
            # no interrupt on the way to shutdown: it made ipykernel log "KeyboardInterrupt caught in
            # kernel" after every successful notebook
            if getattr(self, "shutting_down", False):
                return None
            return await super()._async_interrupt_kernel()

    return Manager


async def flush_tables(manager: object, timeout: float = 120) -> None:
    """Have the kernel write the tables its notebook saved (:func:`analysis.report.export.flush_tables`),
    waiting for it; a kernel that dies or does not answer is left to the shutdown."""
    import asyncio
    import queue

    client = manager.client()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    try:
        client.start_channels()
        msg_id = client.execute(FLUSH_CODE, silent=True, store_history=False)
        while loop.time() < deadline and await manager.is_alive():
            try:
                reply = await client.get_shell_msg(timeout=0.5)
            except queue.Empty:
                continue
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                return
    except Exception:  # noqa: BLE001 - the kernel is gone: the shutdown deals with it
        return
    finally:
        client.stop_channels()
