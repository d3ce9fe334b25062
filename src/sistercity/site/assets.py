"""The JavaScript the site bundles (MathJax, reveal.js), installed from the npm registry at build time.

Nothing else is downloaded: ``npm install`` fetches two pinned packages once into the build
folder; the files the pages use are then copied into the site, so the site needs no network.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from sistercity.i18n import both

#: The npm packages the site bundles, pinned.
NPM_PACKAGES = {"mathjax": "3.2.2", "reveal.js": "5.2.1"}

#: What is copied from each package into ``vendor/``: (source inside the package, target).
FILES = [
    ("mathjax", "es5/tex-chtml.js", "mathjax/tex-chtml.js"),
    ("mathjax", "es5/output/chtml/fonts/woff-v2", "mathjax/output/chtml/fonts/woff-v2"),
    ("mathjax", "es5/input/tex/extensions", "mathjax/input/tex/extensions"),
    ("mathjax", "LICENSE", "mathjax/LICENSE"),
    ("reveal.js", "dist/reveal.js", "reveal/reveal.js"),
    ("reveal.js", "dist/reset.css", "reveal/reset.css"),
    ("reveal.js", "dist/reveal.css", "reveal/reveal.css"),
    ("reveal.js", "dist/theme/white.css", "reveal/theme/white.css"),
    ("reveal.js", "dist/theme/fonts/source-sans-pro", "reveal/theme/fonts/source-sans-pro"),
    ("reveal.js", "LICENSE", "reveal/LICENSE"),
]


def _installed(cache: Path, packages: dict[str, str]) -> bool:
    """Whether every pinned package is already in ``cache``, at its pinned version."""
    import json

    for name, version in packages.items():
        manifest = cache / "node_modules" / name / "package.json"
        if not manifest.exists():
            return False
        if json.loads(manifest.read_text(encoding="utf-8")).get("version") != version:
            return False
    return True


def npm_install(cache: Path, packages: dict[str, str] | None = None) -> Path:
    """Install pinned packages (the site's by default) into ``cache/node_modules`` once; return it."""
    packages = NPM_PACKAGES if packages is None else packages
    cache.mkdir(parents=True, exist_ok=True)
    if not _installed(cache, packages):
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError(
                both(
                    "npm tidak ditemukan: pasang Node.js dan npm (Debian/Ubuntu: "
                    "`apt-get install -y npm`), lalu ulangi.",
                    "npm was not found: install Node.js and npm (Debian/Ubuntu: "
                    "`apt-get install -y npm`), then run this again.",
                )
            )
        specs = [f"{name}@{version}" for name, version in packages.items()]
        result = subprocess.run(
            [
                npm,
                "install",
                "--no-save",
                "--no-package-lock",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(cache),
                *specs,
            ],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(
                both("npm install gagal:", "npm install failed:") + "\n" + result.stderr[-2000:]
            )
    return cache / "node_modules"


def vendor(cache: Path, target: Path) -> Path:
    """Copy the files the pages use from the npm packages into ``target``; return it."""
    modules = npm_install(cache)
    for package, source, destination in FILES:
        origin, dest = modules / package / source, target / destination
        dest.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_dir():
            shutil.copytree(origin, dest, dirs_exist_ok=True)
        elif not dest.exists() or dest.stat().st_mtime < origin.stat().st_mtime:
            shutil.copy2(origin, dest)
    return target
