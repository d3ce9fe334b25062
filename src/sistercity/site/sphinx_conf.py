"""Sphinx settings of the course website (the staged ``conf.py`` imports them from here).

Lessons are executed by myst-nb through jupyter-cache: a lesson whose code did not change is not
executed again. Nothing on a page is fetched from elsewhere: no widget JavaScript from a CDN (widgets
are shown as their picture), MathJax from the site's own ``_static`` folder.
"""

from __future__ import annotations

#: The ``conf.py`` the build writes into the staged source folder.
CONF_PY = "from sistercity.site.sphinx_conf import *  # noqa: F403\n"

project = "Sister City Lab"
author = "Sister City Lab"
copyright = "Sister City Lab, CC BY 4.0 (text and data), MIT (code)"  # noqa: A001
extensions = ["myst_nb", "sistercity.site.sphinx_ext"]
exclude_patterns = ["_build", "**.ipynb_checkpoints", "*.csv"]
myst_enable_extensions = ["dollarmath", "colon_fence"]
myst_heading_anchors = 3
# Quotes stay as written, so that a title reads the same in the lesson, the page and the handout.
smartquotes = False
suppress_warnings = ["myst.header", "misc.highlighting_failure"]

# Execution: every lesson runs, once per change of its code (jupyter-cache); an error stops the build.
nb_execution_mode = "cache"
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True
# Widgets: no widget JavaScript from a CDN; the kernel adds a static picture (sistercity.site.kernel).
nb_ipywidgets_js = {}
nb_mime_priority_overrides = [
    ("html", "application/vnd.jupyter.widget-view+json", None),
    ("html", "application/javascript", None),
]

html_theme = "sphinx_book_theme"
html_title = "Sister City Lab"
html_static_path: list[str] = []
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
html_last_updated_fmt = None
html_theme_options = {
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "use_source_button": False,
    "use_edit_page_button": False,
    "use_issues_button": False,
    "show_toc_level": 1,
    "navigation_with_keys": False,
}
# MathJax 3 is bundled into _static/vendor/ by the build (npm), so maths render offline.
mathjax_path = "vendor/mathjax/tex-chtml.js"
