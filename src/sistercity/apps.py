"""Serve a simulator as a Voilà app on loopback: no code visible, nothing fetched from the internet.

For a projector in class: ``sistercity app stepper|montecarlo|partners [--lang id|en]``.
Voilà renders a small generated notebook that only displays the simulator's widget, with the
course's template (``share/jupyter/voila/templates/sistercity``: Voilà's lab page without its CDN
web-font links). As a second guard, a Content-Security-Policy restricts the page to this machine,
so nothing a template or a library links on the internet can make the browser reach out.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

from sistercity.i18n import check_lang, pick

#: What each app shows: the module and class of its widget, and its title in both languages.
APPS = {
    "stepper": (
        "sistercity.stepper.widgets",
        "StepperApp",
        "Membentuk kota kembar, langkah demi langkah",
        "Forming a sister city, step by step",
    ),
    "montecarlo": (
        "sistercity.pipeline.widgets",
        "MonteCarloApp",
        "Mengapa butuh bertahun-tahun: simulasi Monte Carlo",
        "Why it takes years: a Monte Carlo simulation",
    ),
    "partners": (
        "sistercity.partners.widgets",
        "PartnerExplorer",
        "Memilih kota mitra",
        "Choosing a partner",
    ),
    "report": (
        "sistercity.report.widgets",
        "ReportApp",
        "Capaian pembelajaran kelas",
        "What the class learned",
    ),
    "roleplay": (
        "sistercity.roleplay.widgets",
        "FacilitatorApp",
        "Permainan peran: papan fasilitator",
        "Role-play: the facilitator's board",
    ),
    "roleplay-role": (
        "sistercity.roleplay.widgets",
        "RoleView",
        "Permainan peran: layar kelompok",
        "Role-play: a group's screen",
    ),
}

#: Only this machine: scripts, styles, fonts, images and websockets from the app's own origin.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
        "worker-src 'self' blob:",
        "frame-ancestors 'self'",
    ]
)

#: Lab extensions that have no place in an app page and log errors there.
EXTENSION_DENYLIST = [
    "@jupyter/nbgrader",
    "@jupyter-notebook/lab-extension",
    "@voila-dashboards/jupyterlab-preview",
    "jupyterlab-jupytext",
]


def app_notebook(name: str, lang: str = "id", options: dict | None = None) -> nbformat.NotebookNode:
    """The notebook Voilà renders for app ``name``: a title and one cell showing the widget.

    ``options`` are more keyword arguments of the widget (e.g. the role-play's ``state``).
    """
    if name not in APPS:
        raise ValueError(
            f"Tidak ada aplikasi '{name}' / no app called '{name}'. Pilih / choose: {', '.join(APPS)}."
        )
    module, cls, title_id, title_en = APPS[name]
    check_lang(lang)
    arguments = ", ".join(f"{k}={v!r}" for k, v in {**(options or {}), "lang": lang}.items())
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.cells = [
        nbformat.v4.new_markdown_cell(f"# {pick(lang, id=title_id, en=title_en)}"),
        nbformat.v4.new_code_cell(f"from {module} import {cls}\n\n{cls}({arguments})"),
    ]
    return notebook


def voila_config() -> dict:
    """Voilà settings for an offline classroom app."""
    return {
        "Voila": {
            "ip": "127.0.0.1",
            "open_browser": False,
            "tornado_settings": {"headers": {"Content-Security-Policy": CONTENT_SECURITY_POLICY}},
        },
        "VoilaConfiguration": {
            "template": "sistercity",
            "extension_denylist": EXTENSION_DENYLIST,
            "show_tracebacks": False,
        },
    }


@dataclass
class AppServer:
    """A running Voilà app."""

    process: subprocess.Popen
    port: int
    folder: Path
    notebook: str

    @property
    def url(self) -> str:
        """The app's address on loopback."""
        return f"http://127.0.0.1:{self.port}/"

    def wait_until_ready(self, timeout: float = 120.0) -> None:
        """Block until Voilà accepts connections, or raise saying what went wrong."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"Voilà stopped at start (exit code {self.process.returncode}); read its messages. "
                    "/ Voilà berhenti saat mulai; baca pesannya."
                )
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        raise TimeoutError(f"Voilà did not start within {timeout:.0f} s.")

    def stop(self) -> None:
        """Stop Voilà and its kernels."""
        from sistercity.server import stop_process

        stop_process(self.process)


def serve_app(
    name: str, lang: str = "id", port: int = 8866, quiet: bool = False, options: dict | None = None
) -> AppServer:
    """Start Voilà for app ``name`` on ``port`` (or the next free one) and return it."""
    from sistercity.server import free_port

    notebook = app_notebook(name, lang, options)
    folder = Path(tempfile.mkdtemp(prefix=f"sistercity-app-{name}-"))
    filename = f"{name}_{lang}.ipynb"
    nbformat.write(notebook, folder / filename)
    (folder / "voila.json").write_text(json.dumps(voila_config(), indent=2), encoding="utf-8")
    (folder / "connections").mkdir()
    port = free_port(port)
    command = [
        sys.executable,
        "-m",
        "voila",
        filename,
        f"--port={port}",
        "--no-browser",
        f"--Voila.connection_dir_root={folder / 'connections'}",
    ]
    output = subprocess.DEVNULL if quiet else None
    # The course's Voilà template (no CDN stylesheets) lives in the package's share/jupyter.
    shared = str(Path(__file__).resolve().parent / "share" / "jupyter")
    env = {
        **os.environ,
        "JUPYTER_PATH": os.pathsep.join(filter(None, [shared, os.environ.get("JUPYTER_PATH")])),
    }
    process = subprocess.Popen(command, cwd=folder, stdout=output, stderr=output, env=env)
    return AppServer(process, port, folder, filename)
