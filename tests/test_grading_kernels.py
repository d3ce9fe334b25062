"""Grading kernels, forked from the fork server or started in the wrapper, get the same treatment."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

import sistercity
from sistercity.grading import worker
from sistercity.grading.kernels import isolation
from sistercity.grading.kernels.forkserver import ENV_FORKSERVER
from sistercity.grading.kernels.sandbox import (
    ENV_LIMITS,
    ENV_REPORT,
    LimitedKernelManager,
    encode_limits,
)

pytestmark = pytest.mark.slow

PROBE = """\
import os, sys
from ipykernel.kernelapp import IPKernelApp
print(json.dumps({
    "mark": os.environ.get("SISTERCITY_TEST_MARK"),
    "checks_first": "import sistercity.checks" in IPKernelApp.instance().exec_lines,
    "internal": sorted(k for k in os.environ if k in INTERNAL),
    "cwd": os.getcwd(),
}))
"""


@pytest.fixture(params=["forked", "wrapper"])
def grading_env(request, tmp_path, monkeypatch):
    """The environment a grading worker sets up, with or without its fork server."""
    monkeypatch.setenv(ENV_LIMITS, encode_limits(2048, 60, 4))
    monkeypatch.setenv(ENV_REPORT, str(tmp_path / "report.json"))
    boxed, _ = isolation.available()
    if boxed:
        view = isolation.default_view(str(tmp_path), [], [str(Path(sistercity.__file__).parent)])
        monkeypatch.setenv(isolation.ENV_VIEW, json.dumps(view))
    server = None
    if request.param == "forked":
        server = worker._start_forkserver()
        assert server is not None, "the fork server did not start"
    yield tmp_path
    monkeypatch.delenv(ENV_FORKSERVER, raising=False)
    os.environ.pop(ENV_FORKSERVER, None)
    if server is not None:
        server.kill()
        server.wait()
        shutil.rmtree(server.socket_dir, ignore_errors=True)


def _run(folder: Path, source: str, **kwargs) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    client = NotebookClient(
        nb,
        kernel_manager_class=LimitedKernelManager,
        resources={"metadata": {"path": str(folder)}},
        timeout=30,
        allow_errors=True,
    )
    client.execute(**kwargs)
    return nb


def test_kernel_gets_the_kernel_managers_environment(grading_env):
    """What the kernel manager puts into the kernel's env reaches it; the grader's own does not."""
    env = dict(os.environ, SISTERCITY_TEST_MARK="student-42")
    internal = [ENV_LIMITS, ENV_REPORT, ENV_FORKSERVER, isolation.ENV_VIEW]
    source = f"import json\nINTERNAL = {internal!r}\n" + PROBE
    nb = _run(grading_env, source, env=env)
    seen = json.loads(nb.cells[0].outputs[0]["text"])
    assert seen["mark"] == "student-42"
    assert seen["checks_first"] is True
    assert seen["internal"] == []
    assert seen["cwd"] == os.path.realpath(grading_env)


def test_kernel_is_stopped_at_the_wall_clock_limit_with_a_report(grading_env):
    """A kernel still running at the submission's wall-clock limit is killed and reported."""
    with pytest.raises(DeadKernelError):
        _run(grading_env, "import time\ntime.sleep(60)")
    report = json.loads((grading_env / "report.json").read_text())
    assert report == {"reason": "wall_clock", "seconds": 4}


def test_kernel_that_ignores_sigterm_is_still_ended(grading_env):
    """Code that ignores SIGTERM does not outlive its notebook, nor make grading wait long."""
    import time

    source = "import os, signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint(os.getpid())"
    started = time.monotonic()
    nb = _run(grading_env, source)
    assert time.monotonic() - started < 10
    pid = int(nb.cells[0].outputs[0]["text"])
    if not isolation.available()[0]:  # in the box the kernel's pid means nothing outside
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.05)
        assert not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def test_forked_kernels_die_with_their_fork_server(tmp_path, monkeypatch):
    """A worker killed as stuck takes its fork server and that server's kernels along."""
    import asyncio
    import time

    monkeypatch.setenv(ENV_LIMITS, encode_limits(2048, 60, 60))
    monkeypatch.setenv(ENV_REPORT, str(tmp_path / "report.json"))
    server = worker._start_forkserver()
    assert server is not None

    async def run() -> bool:
        km = LimitedKernelManager()
        await km.start_kernel(cwd=str(tmp_path))
        pid = km.provisioner.process.pid
        try:
            assert _alive(pid)
            server.kill()
            server.wait()
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and _alive(pid):
                await asyncio.sleep(0.05)
            return _alive(pid)
        finally:
            await km.shutdown_kernel(now=True)  # closes its sockets and context

    try:
        # A fresh loop in its own thread: an earlier test (Playwright) may leave one running here.
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1) as pool:
            assert pool.submit(asyncio.run, run()).result() is False
    finally:
        os.environ.pop(ENV_FORKSERVER, None)
        server.kill()
        server.wait()
        shutil.rmtree(server.socket_dir, ignore_errors=True)
