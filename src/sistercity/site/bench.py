"""``sistercity bench site``: the site build's time against executing the lessons as the test suite does.

Prints the time to execute every lesson once (a fresh kernel each, as ``tests/test_notebooks.py``
runs them), the time of a complete site build from nothing (website in both languages, slides,
handouts) and of a second build with nothing changed. The last line is machine-readable; the
target is ``ratio`` at most 3 and an incremental build that executes nothing.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path


def execute_lessons(root: Path) -> float:
    """Seconds to execute every lesson top to bottom, one fresh kernel each, one after another."""
    import jupytext
    from nbclient import NotebookClient

    from sistercity.course import lessons

    start = time.perf_counter()
    for lesson in lessons(root):
        notebook = jupytext.read(lesson.source)
        NotebookClient(
            notebook,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": str(lesson.source.parent)}},
        ).execute()
    return time.perf_counter() - start


def run(args) -> int:
    """Time the lessons, a build from nothing and a rebuild; print the figures and the ratio."""
    from sistercity.course import course_root
    from sistercity.site.build import build_site

    root = course_root()
    lessons_s = execute_lessons(root)
    print(f"lessons: executed one after another in {lessons_s:.1f} s")
    with tempfile.TemporaryDirectory(prefix="sistercity-site-bench-") as folder:
        out = Path(folder) / "site"
        start = time.perf_counter()
        cold = build_site(root, out)
        cold_s = time.perf_counter() - start
        parts = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in cold.seconds.items())
        print(f"site from nothing: {cold_s:.1f} s ({parts})")
        start = time.perf_counter()
        warm = build_site(root, out)
        warm_s = time.perf_counter() - start
        parts = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in warm.seconds.items())
        print(f"site again, nothing changed: {warm_s:.1f} s ({parts})")
    print(
        f"lessons_s={lessons_s:.1f} site_s={cold_s:.1f} incremental_s={warm_s:.1f} "
        f"ratio={cold_s / lessons_s:.2f} incremental_ratio={warm_s / lessons_s:.2f}"
    )
    return 0
