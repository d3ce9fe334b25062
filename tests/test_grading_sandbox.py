"""Student code is boxed in while grading: no course files, no classmates, no home, no network."""

from __future__ import annotations

import io
import socket
import threading

import nbformat
import pytest

from sistercity.grading import democourse
from sistercity.grading.grade import grade
from sistercity.grading.kernels import isolation
from sistercity.grading.status import GRADED, NEEDS_MANUAL

SANDBOX, WHY = isolation.available()
pytestmark = [
    pytest.mark.nbgrader,
    pytest.mark.slow,
    pytest.mark.skipif(not SANDBOX, reason=f"no sandbox here: {WHY}"),
]

A = democourse.ASSIGNMENT

ATTACK = """\
import glob, os, socket
found = []
for pattern in {patterns!r}:
    for path in glob.glob(pattern, recursive=True):
        try:
            with open(path, "rb") as handle:
                data = handle.read(4000)
                found.append(path.encode() + b" " + data)
        except OSError:
            pass
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=3).sendall(b"LEAK")
    found.append(b"CONNECTED")
except OSError as error:
    found.append(repr(error).encode())
print("FOUND", found)
""" + democourse.CORRECT_ANSWERS[0]


class Listener:
    """A TCP server on the lecturer's localhost that records whether anybody connected."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.5)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stop:
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self):
        """Stop serving."""
        self.stop = True
        self.thread.join(2)
        self.server.close()


@pytest.fixture(scope="module")
def boxed(tmp_path_factory):
    """Three students whose answers try to read everything they should not, and to phone home."""
    tmp = tmp_path_factory.mktemp("sandbox")
    course = democourse.build_course(tmp)
    home = tmp / "home"
    home.mkdir()
    (home / "secret.txt").write_text("HOME-SECRET-31415")
    release = democourse.release_notebook(course)
    listener = Listener()
    patterns = [
        str(course / "source" / "**" / "*.ipynb"),
        str(course / "source" / "**" / "verdicts.json"),
        "/tmp/**/verdicts.json",
        str(course / "gradebook.db"),
        str(course.parent / "exercises" / "**" / "*"),
        str(home / "*"),
        "/tmp/**/*.ipynb",
        "/tmp/**/*.sqlite",
        "/root/*",
    ]
    download = tmp / "download"
    download.mkdir()
    names = ["Ani Wijaya", "Bayu Saputra", "Cahya Lestari"]
    for i, name in enumerate(names):
        nb = democourse.student_notebook(
            release, ATTACK.format(patterns=patterns, port=listener.port), f"TOKEN-{i}-{name}"
        )
        nbformat.write(nb, download / f"{name}_{500 + i}_assignsubmission_file_{A}.ipynb")
    mp = pytest.MonkeyPatch()
    mp.setenv("HOME", str(home))
    try:
        outcome = grade(A, download, course, jobs=2, progress_stream=io.StringIO())
    finally:
        mp.undo()
        listener.close()
    return course, outcome, listener, names


def _outputs(course, student) -> str:
    nb = nbformat.read(course / "autograded" / student / A / f"{A}.ipynb", 4)
    return "\n".join(
        str(o.get("text", "")) + str(o.get("data", ""))
        for c in nb.cells
        for o in c.get("outputs", [])
    )


def test_hostile_reads_get_nothing_and_work_is_graded(boxed):
    """Masters, keys, gradebook, classmates' notebooks and the home stay unread; the answer scores."""
    course, outcome, _, names = boxed
    rows = {r.student: r for r in outcome.rows}
    assert len(rows) == 3
    for i, row in enumerate(sorted(rows.values(), key=lambda r: r.name)):
        assert row.status in (GRADED, NEEDS_MANUAL), row.reason
        assert row.score == 2.0
        text = _outputs(course, row.student)
        assert "FOUND" in text
        # The grader's key (verdicts.json) is as far out of reach as the master.
        for secret in ("HOME-SECRET-31415", "RAHASIA-HIDDEN-7", "SQLite format", "belum tepat"):
            assert secret not in text, f"{row.student} read {secret}"
        for j, other in enumerate(names):
            if j != i:
                assert f"TOKEN-{j}-{other}" not in text, f"{row.student} read {other}'s notebook"


def test_no_connection_reaches_the_lecturers_localhost(boxed):
    """A connection to a port on the lecturer's machine fails inside the sandbox."""
    course, outcome, listener, _ = boxed
    assert listener.connections == 0
    for row in outcome.rows:
        assert "CONNECTED" not in _outputs(course, row.student)


def test_unsandboxed_grading_says_so_once(tmp_path, monkeypatch):
    """Where the sandbox is off, a run still grades and warns exactly once."""
    course = democourse.build_course(tmp_path)
    expected = democourse.write_class(course, tmp_path / "download", 2)
    monkeypatch.setenv(isolation.ENV_OFF, "1")
    stream = io.StringIO()
    outcome = grade(A, tmp_path / "download", course, jobs=1, progress_stream=stream)
    assert {r.student: r.score for r in outcome.rows} == expected
    assert stream.getvalue().count("UNSANDBOXED") == 1
