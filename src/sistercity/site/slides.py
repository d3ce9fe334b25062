"""Slide decks for the projector, one per lesson and language, built from marks in the lesson source.

The marking convention (documented in DEVELOPERS.md) keeps a lesson one file:

- ``<!-- slide -->`` on a line of its own, in Markdown, starts a slide. The slide holds the text
  from the mark to the next heading (a heading right after the mark is the slide's title) or to
  the end of the Markdown cell. JupyterLab and the website do not show the mark.
- a code cell tagged ``slide`` (``:tags: [slide]`` in the cell's options) puts its outputs (a
  figure, a table, a widget's picture) on a slide, titled by the heading above the cell.

Outputs come from the cache of the notebooks the website executed (jupyter-cache), so the slides show
the same figures and tables as the site. The decks use reveal.js from the site's ``_static``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from sistercity.i18n import pick

MARK = re.compile(r"^\s*<!--\s*slide\s*-->\s*$")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
TAG = "slide"
#: A slide's text longer than this (characters of Markdown) continues on the next slide.
MAX_CHARS = 750


@dataclass
class Slide:
    """One slide: its title and its body as HTML."""

    title: str
    body: str


def _markdown():
    """The Markdown renderer of the slides (CommonMark with tables, HTML kept)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _chunks(lines: list[str]) -> list[list[str]]:
    """Split a slide's Markdown lines where it grows too long, at a blank line or a list item."""
    chunks, current, size = [], [], 0
    for line in lines:
        boundary = not line.strip() or re.match(r"^\s{0,3}(\d+[.)]|[-*+])\s", line)
        if boundary and size > MAX_CHARS and any(item.strip() for item in current):
            chunks.append(current)
            current, size = [], 0
        current.append(line)
        size += len(line)
    if any(item.strip() for item in current):
        chunks.append(current)
    return chunks


def _output_html(output) -> str:
    """One cell output as slide HTML: a table, a picture or plain text."""
    if output.get("output_type") == "stream":
        return f"<pre>{html.escape(output.get('text', ''))}</pre>"
    data = output.get("data", {})
    if "text/html" in data:
        text = (
            "".join(data["text/html"]) if isinstance(data["text/html"], list) else data["text/html"]
        )
        # A widget's picture keeps its picture; the note about running it live is for readers.
        return re.sub(r"<figcaption>.*?</figcaption>", "", text, flags=re.S)
    if "image/png" in data:
        return f'<img src="data:image/png;base64,{data["image/png"].strip()}" alt="">'
    if "text/plain" in data:
        return f"<pre>{html.escape(data['text/plain'])}</pre>"
    return ""


def _close(slides: list[Slide], lines: list[str] | None, title: str, render) -> None:
    """Add the slide(s) of a marked block of Markdown lines, if it holds any text."""
    if lines and any(line.strip() for line in lines):
        for i, chunk in enumerate(_chunks(lines)):
            slides.append(Slide(title if i == 0 else f"{title} (…)", render("\n".join(chunk))))


def extract(notebook) -> list[Slide]:
    """The slides marked in an executed lesson notebook, in order."""
    render = _markdown().render
    slides: list[Slide] = []
    heading = ""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            current: list[str] | None = None
            title = heading
            for line in cell.source.splitlines():
                if MARK.match(line):
                    _close(slides, current, title, render)
                    current, title = [], heading
                    continue
                found = HEADING.match(line)
                if found:
                    text = found.group(2)
                    if current is not None and not any(item.strip() for item in current):
                        title = text  # the heading right after the mark titles the slide
                        heading = text
                        continue
                    if current is not None:
                        _close(slides, current, title, render)
                        current = None
                    heading = text
                    continue
                if current is not None:
                    current.append(line)
            _close(slides, current, title, render)
        elif cell.cell_type == "code" and TAG in cell.get("metadata", {}).get("tags", []):
            body = "".join(_output_html(output) for output in cell.get("outputs", []))
            if body:
                slides.append(Slide(heading, f'<div class="sistercity-output">{body}</div>'))
    return slides


DECK = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{vendor}/reveal/reset.css">
<link rel="stylesheet" href="{vendor}/reveal/reveal.css">
<link rel="stylesheet" href="{vendor}/reveal/theme/white.css">
<style>
.reveal .slides section {{ text-align: left; }}
.reveal h1, .reveal h2 {{ text-transform: none; }}
.reveal h2 {{ font-size: 1.35em; }}
.reveal .slide-body {{ font-size: 0.62em; line-height: 1.35; }}
.reveal .slide-body li {{ margin-bottom: 0.25em; }}
.reveal .sistercity-output {{ text-align: center; }}
.reveal .sistercity-output img {{ height: 540px; width: auto; max-width: 100%; margin: 0; }}
.reveal .sistercity-output table {{ font-size: 0.5em; margin: 0 auto; }}
.reveal .sistercity-output pre {{ font-size: 0.45em; width: 100%; box-shadow: none; }}
/* A simulator's chart is drawn wide and for a phone; a projector shows the wide drawing. */
.reveal .sistercity-svg-phone {{ display: none; }}
.reveal .title-slide p {{ font-size: 0.7em; }}
</style>
</head>
<body>
<div class="reveal"><div class="slides">
<section class="title-slide"><h1>{title}</h1><p>{subtitle}</p><p><a href="{page}">{page_label}</a></p></section>
{sections}
</div></div>
<script src="{vendor}/reveal/reveal.js"></script>
<script>
Reveal.initialize({{ hash: true, controls: true, progress: true, slideNumber: "c/t",
  center: false, width: 1280, height: 720, margin: 0.05, transition: "none" }});
</script>
</body>
</html>
"""


def deck_html(title: str, lang: str, slides: list[Slide], vendor: str, page: str) -> str:
    """A reveal.js deck: a title slide, then one ``<section>`` per slide."""
    sections = "\n".join(
        f'<section><h2>{html.escape(s.title)}</h2><div class="slide-body">{s.body}</div></section>'
        for s in slides
    )
    return DECK.format(
        lang=lang,
        title=html.escape(title),
        subtitle="Sister City Lab · "
        + pick(lang, id="Salindia pertemuan", en="Slides for the meeting"),
        vendor=vendor,
        page=page,
        page_label=pick(lang, id="Halaman materi lengkap", en="The full lesson page"),
        sections=sections,
    )


def executed(src: Path, cache_path: Path, docname: str):
    """The lesson ``docname`` of the staged source with the outputs the site build cached for it."""
    import jupytext
    from jupyter_cache import get_cache

    notebook = jupytext.read(src / f"{docname}.md")
    try:
        _, merged = get_cache(str(cache_path)).merge_match_into_notebook(notebook)
    except KeyError:
        return None  # not executed yet (the website was not built)
    return merged


def build_decks(site: Path, src: Path, cache_path: Path, pages) -> list[Path]:
    """Write a deck for every lesson page into ``site/slides/``; return their paths."""
    import os

    written = []
    for page in pages:
        if page.kind != "lesson":
            continue
        notebook = executed(src, cache_path, page.docname)
        if notebook is None:
            continue
        target = site / page.slides
        vendor = os.path.relpath(site / "_static" / "vendor", target.parent).replace(os.sep, "/")
        lesson_page = os.path.relpath(site / f"{page.docname}.html", target.parent)
        text = deck_html(page.title, page.lang, extract(notebook), vendor, lesson_page)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
