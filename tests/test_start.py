"""`make start` and `sistercity start` serve the course's start page on loopback."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from sistercity.course import START_PAGES, build_lessons, lessons
from sistercity.server import free_port

from .conftest import ROOT

URL = re.compile(r"(http://127\.0\.0\.1:(\d+)/lab/tree/(\S+)\?token=(\w+))")


def _wait_for_url(process, timeout=180):
    """Read the server's output until it prints the course address; return the match."""
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            if process.poll() is not None:
                break
            continue
        seen.append(line)
        match = URL.search(line)
        if match and "ready" in "".join(seen[-4:]).lower():
            return match
    raise AssertionError("no course address printed:\n" + "".join(seen[-40:]))


def _get(port, path, token):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"token {token}"}
    )
    with urllib.request.urlopen(request, timeout=20) as response:
        return response.status, json.loads(response.read())


def _stop(process):
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.mark.timeout(600)
@pytest.mark.parametrize(
    ("command", "lang"),
    [
        (["make", "start", "START_ARGS=--no-browser"], "id"),
        ([sys.executable, "-m", "sistercity.cli", "start", "--no-browser", "--lang", "en"], "en"),
    ],
    ids=["make-start-id", "sistercity-start-en"],
)
def test_start_serves_the_start_page(command, lang):
    """The start command prints the address of the start page, and the contents API returns it."""
    port = free_port(18888 + (lang == "en") * 50)
    if command[0] == "make":
        command = [*command, f"PORT={port}", f"PYTHON={sys.executable}"]
    else:
        command = [*command, "--port", str(port)]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        match = _wait_for_url(process)
        url, served_port, page, token = match.groups()
        assert page == f"notebooks/{lang}/{START_PAGES[lang]}.ipynb"
        status, body = _get(served_port, f"/api/contents/{page}", token)
        assert status == 200 and body["type"] == "notebook"
        assert body["content"]["cells"], "the start page is empty"
        other = "en" if lang == "id" else "id"
        assert f"../{other}/{START_PAGES[other]}.ipynb" in json.dumps(body["content"])
        # Students see one notebook per lesson: the Markdown sources are not listed.
        _, folder = _get(served_port, f"/api/contents/notebooks/{lang}", token)
        names = {item["name"] for item in folder["content"]}
        assert f"{START_PAGES[lang]}.ipynb" in names
        assert not [name for name in names if name.endswith(".md")], sorted(names)
    finally:
        _stop(process)


def test_building_twice_keeps_a_students_changes(tmp_path, monkeypatch):
    """Rebuilding after a lesson changes keeps the student's edited notebook as a backup."""
    course = tmp_path / "course-copy"
    (course / "course").mkdir(parents=True)
    (course / "notebooks" / "id").mkdir(parents=True)
    (course / "notebooks" / "en").mkdir(parents=True)
    source = ROOT / "notebooks" / "id" / f"{START_PAGES['id']}.md"
    lesson = course / "notebooks" / "id" / source.name
    lesson.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    assert [outcome for _, outcome in build_lessons(course)] == ["built"]
    notebook = lessons(course)[0].notebook
    notebook.write_text(
        notebook.read_text(encoding="utf-8").replace("LANG", "LANG "), encoding="utf-8"
    )
    time.sleep(0.05)
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nNew paragraph.\n", encoding="utf-8")
    outcome = build_lessons(course)[0][1]
    assert outcome.startswith("diperbarui (salinan Anda sebelumnya disimpan sebagai")
    assert "/ updated (your previous copy is kept as" in outcome
    backups = list(notebook.parent.glob("*.backup-*.ipynb"))
    assert len(backups) == 1 and "LANG " in backups[0].read_text(encoding="utf-8")
    assert "New paragraph." in notebook.read_text(encoding="utf-8")


@pytest.mark.timeout(300)
def test_indonesian_interface_is_one_setting_away():
    """JupyterLab offers Bahasa Indonesia (the id_ID language pack is installed) in its language menu."""
    from sistercity.server import start_lab

    server = start_lab(ROOT, "notebooks/id/00_mulai_di_sini.ipynb", port=18870, quiet=True)
    try:
        server.wait_until_ready()
        languages = server.api("/lab/api/translations/")["data"]
        assert "id_ID" in languages, sorted(languages)
        assert "Indonesia" in json.dumps(languages["id_ID"])
    finally:
        server.stop()


def test_rebuilding_an_untouched_notebook_leaves_no_backup(tmp_path):
    """A lesson update replaces a built notebook the student never edited, without a backup."""
    course = tmp_path / "course-copy"
    (course / "course").mkdir(parents=True)
    (course / "notebooks" / "id").mkdir(parents=True)
    source = ROOT / "notebooks" / "id" / f"{START_PAGES['id']}.md"
    lesson = course / "notebooks" / "id" / source.name
    lesson.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    build_lessons(course)
    time.sleep(0.05)
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nNew paragraph.\n", encoding="utf-8")
    assert build_lessons(course)[0][1] == "updated"
    assert not list(lesson.parent.glob("*.backup-*.ipynb"))


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_start_works_from_a_fresh_copy_on_a_machine_without_make(tmp_path):
    """With `make` off the PATH, `sistercity start` in a fresh copy builds the lessons itself and serves them."""
    import shutil
    import tarfile

    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", "HEAD"],
        capture_output=True,
        check=True,
    ).stdout
    clone = tmp_path / "sistercity"
    clone.mkdir()
    with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
        tar.extractall(clone, filter="data")
    start_page = clone / "notebooks" / "id" / f"{START_PAGES['id']}.ipynb"
    assert not start_page.exists(), "a fresh copy has no built notebooks"
    # Only the environment's own programs: no make, as on Windows.
    path = str(__import__("pathlib").Path(sys.executable).parent)
    assert shutil.which("make", path=path) is None
    env = {k: v for k, v in os.environ.items() if k != "SISTERCITY_COURSE"}
    env["PATH"] = path
    port = free_port(18990)
    process = subprocess.Popen(
        [sys.executable, "-m", "sistercity.cli", "start", "--no-browser", "--port", str(port)],
        cwd=clone,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        match = _wait_for_url(process)
        _, served_port, page, token = match.groups()
        assert page == f"notebooks/id/{START_PAGES['id']}.ipynb"
        assert start_page.exists()
        built = {p.stem for p in (clone / "notebooks" / "id").glob("*.ipynb")}
        assert built == {p.stem for p in (clone / "notebooks" / "id").glob("*.md")}
        status, body = _get(served_port, f"/api/contents/{page}", token)
        assert status == 200 and body["content"]["cells"]
    finally:
        _stop(process)
