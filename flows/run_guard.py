"""What `factory run` needs around the challenge flow: Prefect's tracebacks in a log file instead of the
terminal, and an embedded Prefect server that dies with the process that started it (even on kill -9)."""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

#: the guardian: waits for its parent to die (it is re-parented), then stops the servers it was given
GUARDIAN = """
import os, signal, sys, time
parent, pids = int(sys.argv[1]), [int(p) for p in sys.argv[2:]]
while os.getppid() == parent:
    time.sleep(0.3)
for sig in (signal.SIGTERM, signal.SIGKILL):
    for pid in pids:
        try:
            os.kill(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass
    time.sleep(3)
"""


class _NoErrors(logging.Filter):
    """Keep errors, tracebacks and failed-state notices off the terminal (they go to the log file): the
    command prints the failing phase's error once."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR or record.exc_info:
            return False
        text = record.getMessage()
        return not any(f"in state {s}(" in text for s in ("Failed", "Crashed"))


def _console_handlers() -> list[logging.Handler]:
    loggers = [logging.getLogger(), *(logging.getLogger(n) for n in list(logging.Logger.manager.loggerDict))]
    out = []
    for lg in loggers:
        for h in getattr(lg, "handlers", []):
            if isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler) \
                    and getattr(h, "stream", None) in (sys.stderr, sys.stdout, sys.__stderr__, sys.__stdout__):
                out.append(h)
    return out


@contextlib.contextmanager
def prefect_log_to_file(path: Path, *, debug: bool = False) -> Iterator[Path]:
    """Send every Prefect log record to `path`; unless `debug`, errors and tracebacks stay off the terminal."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s | %(levelname)-7s | %(name)s - %(message)s"))
    targets = [logging.getLogger(), logging.getLogger("prefect")]
    for lg in targets:
        lg.addHandler(handler)
    quiet = [] if debug else _console_handlers()
    flt = _NoErrors()
    for h in quiet:
        h.addFilter(flt)
    try:
        yield path
    finally:
        for h in quiet:
            h.removeFilter(flt)
        for lg in targets:
            lg.removeHandler(handler)
        handler.close()


def embedded_server_pids() -> list[int]:
    """Process ids of the Prefect servers this process started (the embedded API of a run without a server)."""
    try:
        from prefect.server.api.server import SubprocessASGIServer
    except ImportError:
        return []
    servers = getattr(SubprocessASGIServer, "_instances", {}).values()
    return [s.server_process.pid for s in servers
            if getattr(s, "server_process", None) is not None and s.server_process.poll() is None]


def tie_servers_to_this_process() -> subprocess.Popen[bytes] | None:
    """Start a guardian that stops the embedded Prefect server when this process ends, however it ends."""
    pids = embedded_server_pids()
    if not pids:
        return None
    return subprocess.Popen([sys.executable, "-c", GUARDIAN, str(os.getpid()), *map(str, pids)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


@contextlib.contextmanager
def stderr_to(path: Path | None) -> Iterator[None]:
    """Point file descriptor 2 at `path` for the block (a server started in it keeps writing there)."""
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    with path.open("ab") as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
