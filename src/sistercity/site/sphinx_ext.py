"""Sphinx extension of the course website: a language switch, handout, slides and live links on every page.

It also keeps pages self-contained: the widget state myst-nb would embed (the widgets are shown
as pictures) is dropped, and the bundled MathJax is copied into ``_static/vendor``.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from sistercity.i18n import pick
from sistercity.site.source import LANG_NAMES, Page, read_pages

STATIC = Path(__file__).with_name("static")


#: The heading of a page's contents (the sidebar and the handout) in the page's language.
TOC_TITLE = {"id": "Isi halaman", "en": "Contents"}


def _pages(app) -> dict[str, Page]:
    """The staged pages by document name (read once per build)."""
    if not hasattr(app.env, "_sistercity_pages") or app.env._sistercity_pages is None:
        app.env._sistercity_pages = {p.docname: p for p in read_pages(Path(app.srcdir))}
    return app.env._sistercity_pages


def twin(pages: dict[str, Page], page: Page) -> Page | None:
    """The same page in the other language, if there is one."""
    for other in pages.values():
        if other.lang != page.lang and other.kind == page.kind and other.key == page.key:
            return other
    return None


def bar_html(app, pagename: str, context) -> str:
    """The bar at the top of a page: the other language, the handout, the slides, the live notebook."""
    pages = _pages(app)
    page = pages.get(pagename)
    if page is None:
        return ""
    lang = page.lang
    links = []
    other = twin(pages, page)
    if other is not None:
        href = app.builder.get_relative_uri(pagename, other.docname)
        links.append(
            f'<a class="sistercity-lang" hreflang="{other.lang}" lang="{other.lang}" '
            f'href="{href}">{LANG_NAMES[other.lang]}</a>'
        )
    if page.handout:
        links.append(
            f'<a class="sistercity-handout" href="{context["pathto"](page.handout, 1)}">'
            f"{pick(lang, id='Handout PDF', en='PDF handout')}</a>"
        )
    if page.slides:
        links.append(
            f'<a class="sistercity-slides" href="{context["pathto"](page.slides, 1)}">'
            f"{pick(lang, id='Salindia', en='Slides')}</a>"
        )
    if page.notebook:
        folder = app.config.sistercity_hub_folder.strip("/")
        path = f"{folder}/{page.notebook}" if folder else page.notebook
        links.append(
            f'<a class="sistercity-live" hidden data-notebook="{html.escape(path)}" href="#">'
            f"{pick(lang, id='Jalankan di JupyterHub', en='Run it on the JupyterHub')}</a>"
        )
    label = pick(lang, id="Bahasa dan unduhan", en="Language and downloads")
    return f'<nav class="sistercity-bar" aria-label="{label}">{" ".join(links)}</nav>'


def on_page_context(app, pagename, templatename, context, doctree) -> None:
    """Add the bar and the page's language; drop widget state no page needs."""
    metadata = getattr(app.env, "nb_metadata", {}).get(pagename, {})
    metadata.get("js_files", {}).pop("ipywidgets_state", None)
    page = _pages(app).get(pagename)
    if page is not None:
        context["language"] = page.lang  # the <html lang> of the page
        # The theme's "Contents" heading (page sidebar and the handout's printed contents).
        context["theme_toc_title"] = TOC_TITLE[page.lang]
    if "body" in context:
        context["body"] = bar_html(app, pagename, context) + context["body"]


#: Names read aloud for the site's toggles: a navigation branch, and a folded code cell.
TOGGLE_NAMES = {
    "nav": {"id": "Buka atau tutup submenu", "en": "Open or close the submenu"},
    "code": {"id": "Tampilkan atau sembunyikan kode", "en": "Show or hide the code"},
}


def named_toggles(markup: str, lang: str) -> str:
    """Give every ``<summary>`` of ``markup`` a name a screen reader can say, in ``lang``.

    The theme's navigation folds each branch behind a ``<summary>`` holding only an icon, and
    myst-nb names its code toggle in English; axe-core counts an unnamed summary as serious
    (rule ``summary-name``).
    """
    markup = markup.replace(
        '<summary aria-label="Toggle hidden content">',
        f'<summary aria-label="{TOGGLE_NAMES["code"][lang]}">',
    )
    return markup.replace("<summary>", f'<summary aria-label="{TOGGLE_NAMES["nav"][lang]}">')


def on_page_context_late(app, pagename, templatename, context, doctree) -> None:
    """Name the toggles of the theme's navigation, which the theme adds to the context late."""
    page = _pages(app).get(pagename)
    lang = page.lang if page is not None else "en"
    build = context.get("generate_toctree_html")
    if callable(build):

        def named(*args, **kwargs):
            from markupsafe import Markup

            built = build(*args, **kwargs)
            text = named_toggles(str(built), lang)
            return Markup(text) if isinstance(built, Markup) else text

        context["generate_toctree_html"] = named
    if "body" in context:
        context["body"] = named_toggles(context["body"], lang)


def on_builder_inited(app) -> None:
    """Serve the site's own CSS and script on every page."""
    app.config.html_static_path.append(str(STATIC))
    app.add_css_file("sistercity.css")
    app.add_js_file("sistercity.js")
    app.env._sistercity_pages = None


#: What replaces the theme's Font Awesome SVG script (1.5 MB on every page): the theme's CSS already
#: draws the same icons with Font Awesome's web font.
FONTAWESOME_STUB = (
    "/* Sister City Lab: icons come from Font Awesome's web font in the theme's CSS; the SVG "
    "script is left out to keep pages light on a phone. */\n"
)


def on_build_finished(app, exception) -> None:
    """Copy the bundled MathJax into ``_static/vendor``; replace the theme's icon script by a stub."""
    if exception is not None:
        return
    static = Path(app.outdir) / "_static"
    vendor = Path(app.config.sistercity_vendor) if app.config.sistercity_vendor else None
    if vendor is not None and vendor.is_dir():
        shutil.copytree(vendor, static / "vendor", dirs_exist_ok=True)
    icons = static / "scripts" / "fontawesome.js"
    if icons.exists() and icons.read_text(encoding="utf-8") != FONTAWESOME_STUB:
        icons.write_text(FONTAWESOME_STUB, encoding="utf-8")


def setup(app):
    """Register the extension's settings and event handlers with Sphinx."""
    app.add_config_value("sistercity_hub_folder", "", "html")
    app.add_config_value("sistercity_vendor", "", "html")
    # The builder's own version (sistercity.site.build.code_version): a new one rewrites every page.
    app.add_config_value("sistercity_code", "", "env")
    app.connect("builder-inited", on_builder_inited)
    # Before myst-nb's own handler (priority 500), which adds the page's JavaScript files.
    app.connect("html-page-context", on_page_context, priority=400)
    # After the themes' handlers (priority 500), which add the navigation's functions.
    app.connect("html-page-context", on_page_context_late, priority=900)
    app.connect("build-finished", on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
