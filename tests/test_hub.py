"""A real JupyterHub on loopback with nbgrader: release → fetch → submit → collect → autograde → feedback.

The hub runs deploy/jupyterhub_config.py (test mode: dummy passwords, one OS user with a home each)
with configurable-http-proxy from npm, one instructor and three students. Every step goes through
the hub's proxy with each user's own token, the way the JupyterLab nbgrader extensions call it.
"""

from __future__ import annotations

import html
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from .conftest import ROOT

pytestmark = [pytest.mark.hub, pytest.mark.timeout(900)]

ASSIGNMENT = "ex01_kota_kembar"
INSTRUCTOR = "dosen"
STUDENTS = ("ani", "budi", "citra")
CHP_DIR = ROOT / ".venv" / "chp"
CHP = CHP_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
SERVICE = "formgrader-sistercity"


def _install_proxy() -> Path:
    """configurable-http-proxy from npm into .venv/chp (once), or skip saying how to get npm."""
    if CHP.exists():
        return CHP
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed: install Node.js and npm to run the JupyterHub test.")
    CHP_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(CHP_DIR),
            "--no-audit",
            "--no-fund",
            "configurable-http-proxy@5",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return CHP


class Hub:
    """A JupyterHub process and the calls the test makes through its proxy."""

    def __init__(self, port: int, admin_token: str):
        self.base = f"http://127.0.0.1:{port}"
        self.admin_token = admin_token
        self.tokens: dict[str, str] = {}

    def request(self, method, path, token, body=None, raw=False):
        """Send an HTTP request through the proxy; return parsed JSON (or text when raw)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base + path, data=data, method=method, headers={"Authorization": f"token {token}"}
        )
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=300) as response:
            text = response.read().decode("utf-8")
        if raw:
            return text
        return json.loads(text) if text.strip() else None

    def token_for(self, user: str) -> str:
        """A hub API token belonging to ``user`` (made by the admin service)."""
        if user not in self.tokens:
            made = self.request(
                "POST", f"/hub/api/users/{user}/tokens", self.admin_token, {"note": "test"}
            )
            self.tokens[user] = made["token"]
        return self.tokens[user]

    def start_server(self, user: str) -> None:
        """Start ``user``'s single-user server and wait until it answers."""
        try:
            self.request("POST", f"/hub/api/users/{user}/server", self.admin_token, {})
        except urllib.error.HTTPError as error:
            if error.code != 400:  # 400: already running
                raise
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            model = self.request("GET", f"/hub/api/users/{user}", self.admin_token)
            if model.get("server") and not model.get("pending"):
                return
            time.sleep(0.5)
        raise TimeoutError(f"{user}'s server did not start")

    def user_api(self, user, method, path, body=None, raw=False):
        """Call ``user``'s own server through the hub with ``user``'s token."""
        return self.request(method, f"/user/{user}{path}", self.token_for(user), body, raw)

    def formgrader(self, method, path, body=None):
        """Call the formgrader service as the instructor."""
        return self.request(
            method, f"/services/{SERVICE}/formgrader/api{path}", self.token_for(INSTRUCTOR), body
        )


def _descendants(pid: int) -> list[int]:
    """Process ids of every process below ``pid`` (from /proc), children first."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name may hold spaces: the parent id is the second field after ")".
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """A running JupyterHub with the course, an instructor and three students."""
    source = ROOT / "course" / "source" / ASSIGNMENT
    if not source.exists():
        pytest.fail(f"{source} is missing")
    proxy = _install_proxy()
    work = tmp_path_factory.mktemp("hub")
    course_copy = work / "sistercity"
    shutil.copytree(
        ROOT / "course",
        course_copy / "course",
        ignore=shutil.ignore_patterns("gradebook.db", "submitted", "autograded", "feedback"),
    )
    shutil.copytree(ROOT / "exercises", course_copy / "exercises")
    exchange = work / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    port = 18960
    admin_token = secrets.token_hex(16)
    config = work / "jupyterhub_config.py"
    config.write_text(
        (ROOT / "deploy" / "jupyterhub_config.py").read_text(encoding="utf-8")
        + "\n# Test-only: an admin service the test uses to make tokens and start servers.\n"
        + "c.JupyterHub.services.append({'name': 'test-admin', 'api_token': "
        + repr(admin_token)
        + "})\nc.JupyterHub.load_roles.append({'name': 'test-admin', 'services': ['test-admin'], "
        + "'scopes': ['admin:users', 'admin:servers', 'tokens', 'admin-ui', 'list:users', 'read:users']})\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "SISTERCITY_COURSE_DIR": str(course_copy),
        "SISTERCITY_EXCHANGE": str(exchange),
        "SISTERCITY_INSTRUCTORS": INSTRUCTOR,
        "SISTERCITY_STUDENTS": ",".join(STUDENTS),
        # Every port the hub uses is loopback in 18960-18999: proxy 18960, hub API 18961,
        # proxy API 18962, formgrader 18963, users' servers 18964 and up.
        "SISTERCITY_HUB_IP": "127.0.0.1",
        "SISTERCITY_HUB_PORT": str(port),
        "SISTERCITY_GRADER_PORT": str(port + 3),
        "SISTERCITY_TEST_PORTS": f"{port + 4}-18999",
        # The copied config lives outside the repository: point it at deploy/singleuser.
        "SISTERCITY_SINGLEUSER_CONFIG": str(ROOT / "deploy" / "singleuser"),
        "SISTERCITY_HUB_TEST": "1",
        "SISTERCITY_TEST_PASSWORD": secrets.token_hex(8),
        "SISTERCITY_TEST_HOMES": str(work / "homes"),
        "SISTERCITY_CHP": str(proxy),
    }
    env.pop("SISTERCITY_COURSE", None)
    log = (work / "hub.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(config)],
        cwd=work,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    instance = Hub(port, admin_token)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                instance.request("GET", "/hub/api/", admin_token)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((work / "hub.log").read_text()[-5000:]) from None
                time.sleep(0.5)
        instance.work = work
        instance.course = course_copy
        yield instance
    finally:
        # The hub stops its proxy, service and servers on SIGTERM; whatever it started and left
        # behind (found by parent process id before it exits) is stopped here by process id.
        started = _descendants(process.pid)
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
        for pid in started:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        log.close()


def _wait_formgrader(hub):
    deadline = time.monotonic() + 120
    while True:
        try:
            return hub.formgrader("GET", "/status")
        except (urllib.error.HTTPError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def _answer(notebook: nbformat.NotebookNode, solution: nbformat.NotebookNode, how: str):
    """The student's work: the solution's answer cells (all, or all but the first), or nothing."""
    if how == "blank":
        return notebook
    answers = {
        cell.metadata.nbgrader["grade_id"]: cell.source
        for cell in solution.cells
        if cell.metadata.get("nbgrader", {}).get("solution")
    }
    ids = [
        c.metadata.nbgrader["grade_id"]
        for c in notebook.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    ]
    keep = set(ids if how == "full" else ids[1:])
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in keep and grade_id in answers:
            cell.source = answers[grade_id]
    return notebook


def _hidden_test_lines(master: Path) -> list[str]:
    """The distinctive code lines between the hidden-test markers of a master notebook."""
    lines = []
    for cell in nbformat.read(master, as_version=4).cells:
        inside = False
        for line in cell.source.splitlines():
            if "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END HIDDEN TESTS" in line:
                inside = False
            elif inside and len(line.strip()) > 12 and line.strip()[0] not in "\"'":
                # Code, not the message string a failing assert shows the student on purpose.
                lines.append(line.strip())
    return lines


def test_release_fetch_submit_collect_autograde_feedback_through_the_hub(hub):
    """A whole assignment cycle runs through the hub, and each student's grade is what their work earns."""
    source_dir = ROOT / "course" / "source" / ASSIGNMENT
    _wait_formgrader(hub)
    assigned = hub.formgrader("POST", f"/assignment/{ASSIGNMENT}/assign")
    assert assigned["success"], assigned
    released = hub.formgrader("POST", f"/assignment/{ASSIGNMENT}/release")
    assert released["success"], released

    solution = nbformat.read(next((ROOT / "solutions" / ASSIGNMENT).glob("*.ipynb")), as_version=4)
    plans = dict(zip(STUDENTS, ("full", "blank", "partial"), strict=True))
    for student, how in plans.items():
        hub.start_server(student)
        # Students get the assignment list but no formgrader of their own (deploy/singleuser).
        with pytest.raises(urllib.error.HTTPError) as refused:
            hub.user_api(student, "GET", "/formgrader/api/status")
        assert refused.value.code == 404
        listed = hub.user_api(student, "GET", "/assignments?course_id=sistercity")
        assert listed["success"], listed
        assert ASSIGNMENT in {a["assignment_id"] for a in listed["value"]}
        fetched = hub.user_api(
            student,
            "POST",
            "/assignments/fetch",
            {"course_id": "sistercity", "assignment_id": ASSIGNMENT},
        )
        assert fetched["success"], fetched
        path = f"{ASSIGNMENT}/{next((ROOT / 'exercises' / ASSIGNMENT).glob('*.ipynb')).name}"
        model = hub.user_api(student, "GET", f"/api/contents/{path}?content=1")
        notebook = nbformat.from_dict(model["content"])
        work = _answer(notebook, solution, how)
        hub.user_api(
            student,
            "PUT",
            f"/api/contents/{path}",
            {"type": "notebook", "format": "json", "content": work},
        )
        submitted = hub.user_api(
            student,
            "POST",
            "/assignments/submit",
            {"course_id": "sistercity", "assignment_id": ASSIGNMENT},
        )
        assert submitted["success"], submitted

    collected = hub.formgrader("POST", f"/assignment/{ASSIGNMENT}/collect")
    assert collected["success"], collected
    for student in STUDENTS:
        graded = hub.formgrader("POST", f"/submission/{ASSIGNMENT}/{student}/autograde")
        assert graded["success"], graded

    scores = {s["student"]: s for s in hub.formgrader("GET", f"/submissions/{ASSIGNMENT}")}
    maximum = scores["ani"]["max_code_score"]
    assert maximum > 0
    assert scores["ani"]["code_score"] == maximum
    assert scores["budi"]["code_score"] == 0
    assert 0 <= scores["citra"]["code_score"] < maximum

    hidden = _hidden_test_lines(next(source_dir.glob("*.ipynb")))
    assert hidden, "the assignment has no hidden tests: the feedback check would prove nothing"
    assert hub.formgrader("POST", f"/assignment/{ASSIGNMENT}/generate_feedback")["success"]
    assert hub.formgrader("POST", f"/assignment/{ASSIGNMENT}/release_feedback")["success"]
    for student in STUDENTS:
        result = hub.user_api(
            student,
            "POST",
            "/assignments/fetch_feedback",
            {"course_id": "sistercity", "assignment_id": ASSIGNMENT},
        )
        assert result["success"], result
        feedback = list((hub.work / "homes" / student / ASSIGNMENT / "feedback").rglob("*.html"))
        assert len(feedback) == 1, f"{student} got {len(feedback)} feedback files"
        text = html.unescape(feedback[0].read_text(encoding="utf-8"))
        # The student's own feedback: it shows the score the gradebook holds for them.
        total = scores[student]
        assert f"{ASSIGNMENT} (Score: {total['score']:.1f} / {total['max_score']:.1f})" in text
        assert "BEGIN HIDDEN TESTS" not in text
        leaked = [line for line in hidden if line in text]
        assert not leaked, f"hidden tests reached {student}: {leaked}"
