"""Packaging: one list of dependencies, a conda file that agrees with it, data in the wheel."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zipfile

import pytest

from .conftest import ROOT


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _environment():
    """The conda dependencies and the pip installs that environment.yml declares."""
    import yaml

    spec = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [dep for dep in spec["dependencies"] if isinstance(dep, str)]
    pip = next(dep["pip"] for dep in spec["dependencies"] if isinstance(dep, dict))
    return conda, pip


def test_environment_installs_this_package_and_nothing_else():
    """environment.yml installs this package with pip and declares no Python package of its own."""
    conda, pip = _environment()
    assert pip == ["-e ."], pip
    names = {re.split(r"[<>=! ]", dep)[0] for dep in conda}
    assert names == {"python", "pip"}, names


def test_environment_python_matches_requires_python():
    """The conda file's Python bound is pyproject's requires-python."""
    conda, _ = _environment()
    python = next(dep for dep in conda if dep.startswith("python"))
    assert python.removeprefix("python") == _pyproject()["project"]["requires-python"]


def test_dependencies_are_declared_once():
    """No package appears twice across pyproject's dependency lists."""
    project = _pyproject()["project"]
    every = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        every += extra
    names = [re.split(r"[<>=!\[ ;]", dep)[0].lower().replace("_", "-") for dep in every]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_nbgrader_and_jupyter_ranges_fit_together():
    """The Jupyter stack is held to the ranges nbgrader 0.9.6 declares."""
    deps = {
        re.split(r"[<>=!\[ ;]", d)[0].lower(): d for d in _pyproject()["project"]["dependencies"]
    }
    assert "<0.10" in deps["nbgrader"]
    assert "<5" in deps["jupyterlab"] and "<8" in deps["notebook"]


@pytest.mark.timeout(300)
def test_wheel_carries_the_data(tmp_path):
    """A wheel built from the repository ships every data file inside the package."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    wheel = next(tmp_path.glob("sistercity-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for csv_file in (ROOT / "data").glob("*.csv"):
        assert f"sistercity/data/{csv_file.name}" in names
    # Installed from the wheel (not the repository), the package finds and validates its own data.
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = {k: v for k, v in os.environ.items() if k not in ("SISTERCITY_DATA", "SISTERCITY_COURSE")}
    env["PYTHONPATH"] = str(site)
    code = "import sistercity.data as d; print(d.data_dir()); print(len(d.check_all()))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr[-2000:]
    folder, count = result.stdout.split()
    assert folder == str(site / "sistercity" / "data")
    assert int(count) == len(list((ROOT / "data").glob("*.csv")))


def test_readme_says_in_both_languages_that_the_conda_route_is_untested_on_windows():
    """The README's conda steps carry a note, Indonesian then English, that no test runs them on Windows."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    conda = text[text.index("**Conda (Anaconda or Miniconda).**") :]
    conda = conda[: conda.index("\n**", 2)]
    assert "conda env create -f environment.yml" in conda
    indonesian = conda.find("Belum diuji di Windows")
    english = conda.find("Not tested on Windows")
    assert 0 <= indonesian < english, "the note is missing, or English comes first"
