"""Build the website, the handouts and the slides into one folder (``build/site/html`` by default)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from sistercity.i18n import both

#: Where ``sistercity site`` builds, relative to the course folder.
DEFAULT_OUT = Path("build") / "site"
#: The folder in each hub user's home that holds the course (where the live links point).
DEFAULT_HUB_FOLDER = "sistercity"


@dataclass
class SiteBuild:
    """What a build produced and how long each part took (seconds)."""

    out: Path
    pages: list = field(default_factory=list)
    handouts: list[Path] = field(default_factory=list)
    decks: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def html(self) -> Path:
        """The site folder: open ``index.html`` in it, or publish it as it is."""
        return self.out / "html"


def _ipython_dir(out: Path) -> Path:
    """An IPython folder whose start-up file shows widgets as pictures in the build's kernels."""
    from sistercity.site.kernel import STARTUP
    from sistercity.site.source import write_if_changed

    folder = out / "ipython"
    write_if_changed(folder / "profile_default" / "startup" / "00-sistercity-site.py", STARTUP)
    return folder


def code_version() -> str:
    """A hash of the site builder's own files: when they change, Sphinx rewrites every page."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".css", ".js"):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def execution_cache(out: Path) -> Path:
    """The jupyter-cache of executed lessons, one per version of what the build's kernels run.

    A lesson's cached outputs depend on its code and on the start-up code of the kernel that ran
    it (``kernel.py``: widget pictures, table labels); a new start-up code starts a new cache.
    """
    import hashlib

    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in (here / "kernel.py", here / "labels.py", here.parent / "figures.py"):
        digest.update(path.read_bytes())
    return out / f"jupyter_cache_{digest.hexdigest()[:12]}"


def run_sphinx(root: Path, out: Path, hub_folder: str, quiet: bool = True) -> None:
    """Run Sphinx on the staged source in a process of its own (the lessons run in kernels)."""
    env = {
        **os.environ,
        "IPYTHONDIR": str(_ipython_dir(out)),
        "SISTERCITY_COURSE": str(root),
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-d",
        str(out / "doctrees"),
        "-D",
        f"nb_execution_cache_path={execution_cache(out)}",
        "-D",
        f"sistercity_hub_folder={hub_folder}",
        "-D",
        f"sistercity_vendor={out / 'vendor'}",
        "-D",
        f"sistercity_code={code_version()}",
        str(out / "src"),
        str(out / "html"),
    ]
    if quiet:
        command.insert(3, "-q")
    result = subprocess.run(command, env=env, cwd=root, capture_output=quiet, text=True)
    if result.returncode != 0:
        detail = (result.stderr or "")[-4000:] if quiet else ""
        raise RuntimeError(
            both(
                "Sphinx gagal membangun situs; pesannya di bawah.",
                "Sphinx could not build the site; its messages follow.",
            )
            + "\n"
            + detail
        )


def build_site(
    root: Path,
    out: Path | None = None,
    hub_folder: str = DEFAULT_HUB_FOLDER,
    handouts: bool = True,
    slides: bool = True,
    quiet: bool = True,
) -> SiteBuild:
    """Build the site of the course in ``root`` into ``out`` (default ``root/build/site``)."""
    from sistercity.site.assets import vendor
    from sistercity.site.source import stage

    out = (out or root / DEFAULT_OUT).resolve()
    build = SiteBuild(out)
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        build.seconds[name] = now - clock
        clock = now

    vendor(out / "npm", out / "vendor")
    build.pages = stage(root, out / "src")
    lap("prepare")
    run_sphinx(root, out, hub_folder, quiet=quiet)
    lap("html")
    if slides:
        from sistercity.site.slides import build_decks

        build.decks = build_decks(build.html, out / "src", execution_cache(out), build.pages)
        lap("slides")
    if handouts:
        from sistercity.site.handouts import print_handouts

        build.handouts = print_handouts(build.html, build.pages)
        from sistercity.roleplay.briefs import print_briefs

        # The role-play's briefs, to print for each group (one PDF per era and language).
        build.handouts += print_briefs(build.html / "handouts" / "roleplay")
        lap("handouts")
    return build
