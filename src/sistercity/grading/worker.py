"""One grading worker process: autogrades many students in turn, paying nbgrader's start-up once.

``sistercity grade`` starts a few of these (``python -m sistercity.grading.worker [SPEC]``)
as soon as it knows how many it needs, so that they import nbgrader and start their kernel fork
server while it still checks the submissions; each then reads the path of the run's
:class:`~sistercity.grading.protocol.RunSpec` as its first line on stdin (unless given as the
argument), then student ids, one per line. It autogrades each student with nbgrader's
``NbGraderAPI.autograde`` inside the student's own staging course folder and against its own
copy of the gradebook (checked and read here, merged by ``grade.py``), and answers with one
:class:`~sistercity.grading.protocol.Answer` line on stdout. Everything else nbgrader prints
goes to stderr.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from sistercity.grading.protocol import Answer, RunSpec


def _block_slow_import() -> None:
    """Skip rfc3987_syntax, which jsonschema imports optionally and which costs ~2 s per process."""
    sys.modules.setdefault("rfc3987_syntax", None)


def build_config(spec: RunSpec):
    """The traitlets config: the course's own nbgrader_config.py, then the sandboxed grading."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    course = Path(spec.course)
    config = Config()
    if (course / "nbgrader_config.py").exists():
        config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config())
    from sistercity.grading.settings import configure_grading

    configure_grading(
        config,
        staging_db_url=f"sqlite:///{spec.pristine}",
        cell_timeout=spec.cell_timeout,
    )
    return config


def kernel_view(spec: RunSpec, root: Path) -> dict:
    """What one student's kernel may see: its own staging folder, Python and the package."""
    import sistercity
    from sistercity.course import layout
    from sistercity.data import data_dir
    from sistercity.grading.kernels.isolation import default_view

    parts = layout(spec.course)
    hide = [*parts.secret, str(parts.release), *spec.hide]
    expose = [str(Path(sistercity.__file__).parent), str(data_dir())]
    return default_view(str(root), [str(p) for p in hide], expose)


def main(argv: list[str] | None = None) -> int:
    """Serve autograde requests read from stdin until it closes."""
    argv = list(sys.argv[1:] if argv is None else argv)
    server = _spawn_forkserver()  # it imports ipykernel, pandas ... while this imports nbgrader
    _block_slow_import()
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    import sistercity.data  # noqa: F401 - for kernel_view; imported now, while the server starts
    from sistercity.grading import gradebook  # noqa: F401 - check_private, read_results
    from sistercity.grading.kernels.isolation import ENV_VIEW
    from sistercity.grading.kernels.sandbox import ENV_LIMITS, ENV_REPORT

    spec_path = argv[0] if argv else sys.stdin.readline().strip()
    if not spec_path:  # closed before any work: the run needed fewer workers
        _stop_forkserver(server)
        return 0
    spec = RunSpec.from_json(Path(spec_path).read_text(encoding="utf-8"))
    config = build_config(spec)
    work_db = Path(tempfile.mkdtemp(prefix="sistercity-gb-")) / "grading.sqlite"
    _reuse_engines()
    os.environ[ENV_LIMITS] = spec.limits
    server = _await_forkserver(server)
    out = sys.stdout
    sys.stdout = sys.stderr  # only protocol lines go to the real stdout
    gc.freeze()  # the modules and config stay: full collections need not walk them
    pristine_rows = None
    for line in sys.stdin:
        student = line.strip()
        if not student:
            continue
        root = Path(spec.roots[student])
        report = root / "kernel-report.json"
        os.environ[ENV_REPORT] = str(report)
        if spec.sandbox:
            os.environ[ENV_VIEW] = json.dumps(kernel_view(spec, root))
        # A private gradebook copy per student: a kernel that damages it harms only itself.
        # It is graded at this worker's own path (so nbgrader's queries stay compiled), then
        # checked and read here: only the results travel to the parent. A new file each time:
        # whatever still holds the last student's copy open cannot write into this one.
        work_db.unlink(missing_ok=True)
        shutil.copyfile(spec.pristine, work_db)
        coursedir = CourseDirectory(config=config)
        coursedir.root = str(root)
        coursedir.db_url = f"sqlite:///{work_db}"
        api = NbGraderAPI(coursedir=coursedir, config=config)
        try:
            result = api.autograde(spec.assignment, student, force=True, create=True)
        except Exception as error:  # a crash here must not stop the other students
            result = {"success": False, "error": f"{type(error).__name__}: {error}", "log": ""}
        kernel = {}
        if report.exists():
            try:
                kernel = json.loads(report.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                kernel = {"reason": "unknown"}
        answer = Answer(
            student,
            success=bool(result.get("success")),
            error=(result.get("error") or "")[-4000:],
            log=(result.get("log") or "")[-4000:],
            kernel=kernel,
        )
        if answer.success:
            # The private copy is checked and read here, in parallel with the other workers.
            from sistercity.grading.gradebook import check_private, read_results, snapshot

            if pristine_rows is None:
                pristine_rows = snapshot(Path(spec.pristine), set())
            answer.problem = check_private(work_db, spec.assignment, student, pristine_rows)
            if not answer.problem:
                try:
                    answer.results = read_results(work_db, spec.assignment, student)
                except Exception as error:  # noqa: BLE001 - checked, yet nbgrader cannot read it
                    answer.problem = f"TAMPERING: the gradebook copy cannot be read ({error})"
        out.write(answer.to_line())
        out.flush()
    _stop_forkserver(server)
    shutil.rmtree(work_db.parent, ignore_errors=True)
    return 0


def _reuse_engines() -> None:
    """One SQLAlchemy engine per gradebook file for this process, without waiting on the disk.

    nbgrader opens the gradebook about ten times per student, each time with a new engine
    whose empty statement cache compiles every query again (a third of this worker's time
    per student). The files this worker opens are throwaway copies (checked, then merged),
    so they are written without ``fsync``.
    """
    import nbgrader.api
    from sqlalchemy import event

    create = getattr(nbgrader.api, "create_engine", None)
    if create is None:  # another nbgrader: grading is only slower
        return
    engines = {}

    def create_engine(url, **kwargs):
        key = (str(url), tuple(sorted(kwargs.items())))
        if key not in engines:
            engine = create(url, **kwargs)
            event.listen(engine, "connect", _no_sync)
            engines[key] = engine
        return engines[key]

    nbgrader.api.create_engine = create_engine


def _no_sync(connection, _record) -> None:
    connection.execute("PRAGMA synchronous=OFF")


def _start_forkserver():
    """Start this worker's kernel fork server; None (kernels start normally) if it fails."""
    return _await_forkserver(_spawn_forkserver())


def _spawn_forkserver():
    """Start a kernel fork server without waiting for it; None if it cannot start."""
    import subprocess

    from sistercity.grading.kernels.forkserver import ENV_FORKSERVER

    path = Path(tempfile.mkdtemp(prefix="sistercity-fs-")) / "kernels.sock"
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    env.pop(ENV_FORKSERVER, None)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sistercity.grading.kernels.forkserver", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
    except OSError:
        shutil.rmtree(path.parent, ignore_errors=True)
        return None
    proc.socket_dir = path.parent
    proc.socket_path = path
    return proc


def _await_forkserver(proc):
    """Wait until the fork server ``proc`` is ready and tell the kernel managers; None if it fails."""
    from sistercity.grading.kernels.forkserver import ENV_FORKSERVER

    if proc is None:
        return None
    if proc.stdout.readline().strip() != b"ready":
        return _stop_forkserver(proc)
    os.environ[ENV_FORKSERVER] = str(proc.socket_path)
    return proc


def _stop_forkserver(proc) -> None:
    """Stop a fork server (its kernels go with it) and remove its socket's folder."""
    if proc is not None:
        proc.kill()
        proc.wait()
        shutil.rmtree(proc.socket_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
