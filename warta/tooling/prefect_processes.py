"""A Prefect server and Prefect workers as child processes: for the work-pool test and the
screenshots of the UI (warta/tooling/screenshots.py).

Each runs in its own process group, so that ending it also ends what it started (a worker's
flow-run subprocesses, the server's uvicorn); its output goes to a log file, whose tail a
failure quotes.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

PREFECT = [sys.executable, "-m", "prefect"]


class ProcessFailed(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def log_tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@contextmanager
def child_process(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """``command`` running in a new process group; SIGTERM to the group at the end, then
    SIGKILL to what is left after 20 s."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        _end_group(process)


def _end_group(process: subprocess.Popen) -> None:
    """SIGTERM to the group this module started (start_new_session), SIGKILL to what is left."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        process.wait(20)
    time.sleep(0.5)  # the leader's children may take a moment after it
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)


def wait_until_healthy(
    api_url: str, process: subprocess.Popen, log: Path, timeout_s: float
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            exited = f"the Prefect server exited ({process.returncode})"
            raise ProcessFailed(f"{exited}:\n{log_tail(log)}")
        try:
            if httpx.get(f"{api_url}/health", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise ProcessFailed(f"the Prefect server did not answer in {timeout_s:.0f} s:\n{log_tail(log)}")


def prefect_environment(home: Path, **extra: str) -> dict[str, str]:
    """The environment, with its own Prefect home (database, settings) and no analytics."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_LOGGING_LEVEL="INFO",  # the log files say what happened
    )
    env.update(extra)
    return env


@contextmanager
def prefect_server(home: Path, ui: bool = False, timeout_s: float = 180) -> Iterator[str]:
    """A Prefect server on a free loopback port, its database in ``home``; yields its API URL.

    Its first start migrates a new database: on two busy cores that took over a minute."""
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    command = [*PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--ui" if ui else "--no-ui", "--analytics-off"]
    env = prefect_environment(home, PREFECT_UI_API_URL=api_url)
    log = home / "server.log"
    with child_process(command, env, log) as process:
        wait_until_healthy(api_url, process, log, timeout_s)
        yield api_url


@contextmanager
def prefect_worker(
    api_url: str, pool: str, home: Path, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen]:
    """``prefect worker start --pool POOL`` against ``api_url``, polling every 2 s; ``env``
    (DATABASE_URL, WARTA_*) reaches the flow runs it starts."""
    home.mkdir(parents=True, exist_ok=True)
    command = [*PREFECT, "worker", "start", "--pool", pool, "--type", "process"]
    worker_env = prefect_environment(
        home, PREFECT_API_URL=api_url, PREFECT_WORKER_QUERY_SECONDS="2", **(env or {})
    )
    with child_process(command, worker_env, home / "worker.log") as process:
        yield process
