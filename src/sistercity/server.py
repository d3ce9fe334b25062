"""Start JupyterLab on loopback at the course's start page, the way ``make start`` does.

Used by ``sistercity start`` and by the browser tests, so that students and the tests meet
the same server.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

#: JupyterLab settings for a classroom machine: no news or update checks (it may be offline), and a
#: notebook starts its Python kernel by itself instead of asking a student to pick one.
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension:tracker": {"autoStartDefaultKernel": True},
}


def stop_process(process: subprocess.Popen, grace: float = 20.0) -> None:
    """Ask a server process to stop (it then stops its kernels); kill it if it has not after ``grace`` s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for_server(process: subprocess.Popen, answers, what: str, timeout: float) -> None:
    """Block until ``answers()`` returns without an OSError, or raise if ``process`` stops or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{what} stopped at start (exit code {process.returncode}); read the messages above."
            )
        try:
            answers()
            return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{what} did not answer within {timeout:.0f} s.")


def free_port(preferred: int = 8888, host: str = "127.0.0.1") -> int:
    """``preferred`` if nothing listens there, else the next free port above it."""
    for port in range(preferred, preferred + 100):
        with socket.socket() as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return port
    raise OSError(f"No free port between {preferred} and {preferred + 99}. Close other servers.")


def write_lab_overrides(prefix: Path | str = sys.prefix) -> Path:
    """Merge :data:`LAB_OVERRIDES` into the environment's JupyterLab ``overrides.json``."""
    path = Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    merged = {**current, **LAB_OVERRIDES}
    if merged != current:
        path.write_text(json.dumps(merged, indent=2), encoding="utf-8")
    return path


@dataclass
class LabServer:
    """A running JupyterLab server: its process, address and token."""

    process: subprocess.Popen
    port: int
    token: str
    default_path: str

    @property
    def base_url(self) -> str:
        """The server's address on loopback."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """The address a browser opens: the start page, with the token."""
        return f"{self.base_url}/lab/tree/{self.default_path}?token={self.token}"

    def api(self, path: str) -> dict:
        """GET a Jupyter REST API path (e.g. ``/api/status``) and return its JSON."""
        request = urllib.request.Request(
            f"{self.base_url}{path}", headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read().decode("utf-8"))

    def wait_until_ready(self, timeout: float = 120.0) -> None:
        """Block until the server answers ``/api/status``, or raise naming what went wrong."""
        wait_for_server(self.process, lambda: self.api("/api/status"), "JupyterLab", timeout)

    def stop(self) -> None:
        """Stop the server and its kernels."""
        stop_process(self.process)


#: Files JupyterLab does not list: its defaults, plus the lessons' Markdown sources, so that a
#: student sees one notebook per lesson and never edits a source by mistake.
HIDDEN_FILES = ["__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~", "[0-9][0-9]_*.md"]


def lab_command(
    root: Path, port: int, token: str, default_path: str, open_browser: bool
) -> list[str]:
    """The ``jupyter lab`` command line for the course."""
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--LabApp.default_url=/lab/tree/{default_path}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--ContentsManager.hide_globs={HIDDEN_FILES!r}",
    ]
    if not open_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Classroom containers and CI run as root; JupyterLab refuses to without this flag.
        command.append("--allow-root")
    return command


def start_lab(
    root: Path,
    default_path: str,
    port: int = 8888,
    open_browser: bool = False,
    token: str | None = None,
    quiet: bool = False,
) -> LabServer:
    """Start JupyterLab for the course folder ``root`` and return it (not yet waited for)."""
    write_lab_overrides()
    token = token or secrets.token_hex(16)
    port = free_port(port)
    output = subprocess.DEVNULL if quiet else None
    process = subprocess.Popen(
        lab_command(root, port, token, default_path, open_browser),
        cwd=root,
        stdout=output,
        stderr=output,
    )
    return LabServer(process, port, token, default_path)


@dataclass
class StaticServer:
    """A plain web server for a folder (the course website), on loopback."""

    process: subprocess.Popen
    port: int
    folder: Path

    @property
    def base_url(self) -> str:
        """The server's address on loopback."""
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "") -> str:
        """The address of ``path`` inside the folder."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def wait_until_ready(self, timeout: float = 30.0) -> None:
        """Block until the server answers, or raise naming what went wrong."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"The web server stopped at start (exit code {self.process.returncode})."
                )
            try:
                with urllib.request.urlopen(self.base_url + "/", timeout=5):
                    return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError(f"The web server did not answer within {timeout:.0f} s.")

    def stop(self) -> None:
        """Stop the server."""
        stop_process(self.process, grace=5)


def serve_folder(folder: Path, port: int = 8000, quiet: bool = True) -> StaticServer:
    """Serve ``folder`` over HTTP on loopback, as any static web host would (not yet waited for)."""
    port = free_port(port)
    output = subprocess.DEVNULL if quiet else None
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(folder),
        ],
        stdout=output,
        stderr=output,
    )
    return StaticServer(process, port, Path(folder))
