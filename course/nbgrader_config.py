"""nbgrader configuration of the Sister City Lab course (the settings live in sistercity.grading)."""

from pathlib import Path

from sistercity.grading.settings import configure

c = get_config()  # noqa: F821 - injected by traitlets when nbgrader loads this file
configure(c, Path(__file__).parent)
