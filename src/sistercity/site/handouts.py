"""Printable handouts: each lesson, the syllabus and the lecturer guide as an A4 PDF.

The PDFs are printed from the website's own pages by headless Chromium (the page's print style
hides the navigation and prints the figures in grey, as a photocopier would). A PDF is printed
again only when its page changed.
"""

from __future__ import annotations

from pathlib import Path

#: Footer of every handout page: the document's title and the page number.
FOOTER = (
    '<div style="font-size:8px;width:100%;padding:0 13mm;display:flex;justify-content:space-between;'
    'font-family:sans-serif"><span class="title"></span>'
    '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
)


def print_handouts(site: Path, pages, force: bool = False) -> list[Path]:
    """Print a PDF for every page that has a handout; return the PDFs (printed or up to date)."""
    from sistercity.browser import offline_page, with_chromium

    jobs = []
    for page in pages:
        if not page.handout:
            continue
        source, target = site / f"{page.docname}.html", site / page.handout
        if source.exists():
            jobs.append((source, target))
    # A handout is out of date when its page, or the print style, is newer than it.
    style = site / "_static" / "sistercity.css"
    newest_style = style.stat().st_mtime if style.exists() else 0.0
    stale = [
        (s, t)
        for s, t in jobs
        if force or not t.exists() or t.stat().st_mtime < max(s.stat().st_mtime, newest_style)
    ]

    def work(browser) -> None:
        tab = offline_page(browser)
        for source, target in stale:
            tab.goto(source.as_uri(), wait_until="load")
            target.parent.mkdir(parents=True, exist_ok=True)
            tab.pdf(
                path=str(target),
                format="A4",
                print_background=False,
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=FOOTER,
                margin={"top": "14mm", "bottom": "16mm", "left": "13mm", "right": "13mm"},
            )

    if stale:
        with_chromium(work)
    return [t for _, t in jobs]
