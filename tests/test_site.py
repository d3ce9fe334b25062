"""The course beyond the notebook server: the website, its handouts and its slides, as readers meet them.

The site is built once per test session (``sistercity.site.build.build_site``, as ``make site``
builds it, into ``build/site``; lessons unchanged since the last build are not executed again)
and shared by the tests below. Pages are opened in Debian's Chromium, served by a plain web
server on loopback or straight from the folder (``file://``).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

from sistercity.course import lessons
from sistercity.site import slides as slide_module
from sistercity.site.source import rewrite_links

from .conftest import ROOT, only_local

SHOTS = ROOT / "test-output" / "site"
PHONE = {"width": 390, "height": 844}
#: The width of a lesson's column on a 390-px phone (CSS px), where a simulator's picture is shown.
PHONE_COLUMN = 342
#: The smallest label a reader can read on a phone without zooming (CSS px).
MIN_LABEL_PX = 11
#: The heaviest a page may be, with its images, scripts and styles (bytes).
MAX_PAGE_BYTES = 1_500_000
MARK = "<!-- slide -->"


@pytest.fixture(scope="session")
def site():
    """The course website, handouts and slides, built once for the whole session."""
    from sistercity.browser import CHROMIUM, MISSING
    from sistercity.site.build import build_site

    if not CHROMIUM.exists():
        pytest.skip(MISSING)
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed: run `apt-get install -y npm` or `bash .ci/run`.")
    # The first build runs as a lecturer runs it, in its own process: it prints the handouts with
    # Playwright, which cannot start inside a session that already drives a browser. The build
    # here then only picks up its result (nothing is stale, so nothing is executed or printed).
    subprocess.run([sys.executable, "-m", "sistercity.cli", "site"], cwd=ROOT, check=True)
    return build_site(ROOT)


@pytest.fixture(scope="session")
def server(site):
    """A plain static web server for the built site, as any web host would serve it."""
    from sistercity.server import serve_folder

    web = serve_folder(site.html, port=18920)
    web.wait_until_ready()
    yield web
    web.stop()


@pytest.fixture
def phone(browser):
    """A page at a phone's viewport that records every request and the size of every response."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True)
    tab = context.new_page()
    tab.requests, tab.bytes = [], {}

    def received(response):
        try:
            tab.bytes[response.url] = len(response.body())
        except Exception:  # noqa: BLE001 - a redirect or aborted response has no body
            pass

    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.on("response", received)
    yield tab
    context.close()


def _page(site, kind: str, lang: str, key: str):
    found = [p for p in site.pages if (p.kind, p.lang, p.key) == (kind, lang, key)]
    assert found, f"no {kind} page {key} in {lang}"
    return found[0]


# --- fast checks of the sources and the builders -------------------------------------------------


@pytest.mark.parametrize("number", sorted({lesson.number for lesson in lessons(ROOT)}))
def test_every_lesson_is_marked_for_slides_alike_in_both_twins(number):
    """Each lesson has slide marks, and its twins have the same marks and the same tagged code cells."""
    import jupytext

    twins = [lesson for lesson in lessons(ROOT) if lesson.number == number]
    marks, tagged = [], []
    for lesson in twins:
        text = lesson.source.read_text(encoding="utf-8")
        marks.append(text.count(MARK))
        cells = [c for c in jupytext.read(lesson.source).cells if c.cell_type == "code"]
        tagged.append([i for i, c in enumerate(cells) if "slide" in c.metadata.get("tags", [])])
    assert marks[0] >= 1, f"lesson {number} has no {MARK} mark (see DEVELOPERS.md, Slides)"
    assert len(set(marks)) == 1, f"lesson {number}: twins have {marks} slide marks"
    assert all(t == tagged[0] for t in tagged), f"lesson {number}: tagged cells differ {tagged}"


@pytest.mark.parametrize(
    "module,cls",
    [
        ("sistercity.pipeline.widgets", "MonteCarloApp"),
        ("sistercity.partners.widgets", "PartnerExplorer"),
        ("sistercity.timeline_widgets", "TimelineApp"),
    ],
)
def test_simulator_pictures_on_the_site_are_vector_with_text_labels(module, cls):
    """A simulator's static picture on the site is an SVG that fits its box, its labels kept as text."""
    import importlib

    from sistercity.site.kernel import static_html

    widget_class = getattr(importlib.import_module(module), cls)
    if cls == "TimelineApp":
        from sistercity.data import load

        widget = widget_class(load("legal_instruments"), lang="en")
    else:
        widget = widget_class(lang="en")
    markup = static_html(widget, "en")
    wide, phone = markup.split('class="sistercity-svg sistercity-svg-phone"')
    assert wide.count("<svg") == 1 and 'width="100%"' in wide
    assert phone.count("<svg") >= 1, "no drawing for a phone"
    assert "<text" in markup and "<img" not in markup, "the chart is still a bitmap"


@pytest.mark.parametrize(
    "module,cls",
    [
        ("sistercity.pipeline.widgets", "MonteCarloApp"),
        ("sistercity.partners.widgets", "PartnerExplorer"),
        ("sistercity.timeline_widgets", "TimelineApp"),
    ],
)
def test_phone_drawing_of_a_simulator_has_labels_of_at_least_11_px_at_phone_width(module, cls):
    """Each chart of a simulator's phone drawing, shown 342 px wide (a 390-px phone), has no label under 11 px."""
    import importlib

    widget_class = getattr(importlib.import_module(module), cls)
    if cls == "TimelineApp":
        from sistercity.data import load

        widget = widget_class(load("legal_instruments"), lang="id")
    else:
        widget = widget_class(lang="id")
    phone = widget.static_svg(phone=True)
    drawings = re.findall(r"<svg[^>]*viewBox=\"0 0 ([\d.]+) [\d.]+\".*?</svg>", phone, re.S)
    assert drawings, "no SVG in the phone drawing"
    for svg in re.findall(r"<svg.*?</svg>", phone, re.S):
        width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
        sizes = [float(size) for size in re.findall(r"font-size: ([\d.]+)px", svg)]
        assert sizes, "a chart without text labels"
        smallest = min(sizes) * PHONE_COLUMN / width
        assert smallest >= MIN_LABEL_PX, f"{cls}: a label of {smallest:.1f} px at {PHONE_COLUMN} px"
    wide = widget.static_svg()
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', wide).group(1))
    smallest = min(float(s) for s in re.findall(r"font-size: ([\d.]+)px", wide))
    # The check can fail: the wide drawing alone, shrunk to a phone, is too small to read.
    assert smallest * PHONE_COLUMN / width < MIN_LABEL_PX


def test_table_headers_read_as_labels_in_the_page_language():
    """Identifiers become labels in each language; X_id/X_en columns read as X; other headers stay."""
    import pandas as pd

    from sistercity.site.labels import label, labelled

    assert label("year_signed", "id") == "Tahun ditandatangani"
    assert label("year_signed", "en") == "Year signed"
    assert label("name_id", "id") == label("name_en", "id") == "Nama"
    assert label("stage_id", "en") == "Stage"
    assert label("some_new_column", "en") == "Some new column"
    assert label("P2P", "id") == "P2P" and label(1993, "en") == 1993
    frame = pd.DataFrame({"era": ["2020"], "share_signed": [0.4]}).set_index("era")
    assert list(labelled(frame, "id").columns) == ["Porsi ditandatangani"]
    assert labelled(frame, "en").index.name == "Era"
    assert list(frame.columns) == ["share_signed"], "the lesson's own frame is left as it was"


def test_identifier_values_read_as_their_names_in_the_page_language():
    """Stages, decisions, actors and requirements in cells and row labels read as names from the data."""
    import pandas as pd

    from sistercity.data import load
    from sistercity.site.labels import labelled, value_label

    stages = load("stages")
    penjajakan = stages[stages["stage_id"] == "penjajakan"].iloc[0]
    assert value_label("penjajakan", "en") == penjajakan["name_en"]
    assert value_label("explore_partner", "id") == "Jajaki calon mitra"
    requirement = load("requirements").set_index("requirement_id").loc["prosedur_surat_kuasa"]
    assert value_label("prosedur_surat_kuasa", "en") in set(requirement["text_en"])
    assert value_label("pemda;kemlu", "id").count("; ") == 1
    assert value_label("some words", "en") == "some words" and value_label(3, "id") == 3
    log = pd.DataFrame(
        {"decision": ["sign", "explore_partner"], "accepted": [False, True]},
        index=pd.Index(["sign", "penjajakan"], name="stage_id"),
    )
    shown = labelled(log, "id")
    assert list(shown["Keputusan"]) == ["Tanda tangani naskah kerja sama", "Jajaki calon mitra"]
    assert list(shown.index) == ["Tanda tangani naskah kerja sama", penjajakan["name_id"]]
    assert shown.index.name == "Tahap" and list(log.index) == ["sign", "penjajakan"]
    # A requirement's text differs between eras: each row is named by its own era's text.
    rows = load("requirements").set_index(["era", "requirement_id"])["text_en"]
    eras = [e for (e, r) in rows.index if r == "prosedur_dprd"]
    assert len({rows[(e, "prosedur_dprd")] for e in eras}) > 1, "the check needs texts that differ"
    table = pd.DataFrame({"era": eras, "requirement_id": ["prosedur_dprd"] * len(eras)})
    assert list(labelled(table, "en")["Requirement"]) == [rows[(e, "prosedur_dprd")] for e in eras]
    # An identifier column beside its own names is not shown twice.
    table = pd.DataFrame({"stage_id": ["penjajakan"], "name_en": [penjajakan["name_en"]]})
    assert list(labelled(table, "en").columns) == ["Name"]


def test_links_point_at_site_pages_and_repository_files_lose_their_link():
    """A lesson link to a notebook becomes a link to its page; a link to a repository file plain text."""
    targets = {"../en/04_x.ipynb": "../en/04_x.md", "rps_en.md": "rps.md"}
    text = "[EN](../en/04_x.ipynb#top), [RPS](rps_en.md), [dev](../DEVELOPERS.md), [w](https://a.b/c.md)"
    assert rewrite_links(text, targets) == (
        "[EN](../en/04_x.md#top), [RPS](rps.md), dev, [w](https://a.b/c.md)"
    )


def test_slides_follow_the_marks():
    """A mark starts a slide that ends at the next heading; a tagged cell's figure gets its own slide."""
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                f"# Title\n\n{MARK}\n**Objectives.** Learn.\n\n## 1. Prose\n\nNot on a slide.\n\n"
                f"{MARK}\n## 2. Activity\n\nDo this.\n\n## 3. Next\n\nNot on a slide either."
            ),
            nbformat.v4.new_code_cell("plot()", metadata={"tags": ["slide"]}),
            nbformat.v4.new_code_cell("hidden()"),
        ]
    )
    notebook.cells[1].outputs = [
        nbformat.v4.new_output(
            "display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "x"}
        )
    ]
    notebook.cells[2].outputs = [nbformat.v4.new_output("stream", text="no")]
    found = slide_module.extract(notebook)
    assert [s.title for s in found] == ["Title", "2. Activity", "3. Next"]
    assert "Learn." in found[0].body and "Not on a slide" not in found[0].body
    assert "Do this." in found[1].body and "Not on a slide" not in found[1].body
    assert '<img src="data:image/png;base64,iVBORw0KGgo="' in found[2].body


def test_widget_is_shown_as_its_picture_with_a_note_in_the_lesson_language():
    """A simulator's static picture on the site is its current image plus how to run it live."""
    from sistercity.site.kernel import LIVE_NOTE, static_html
    from sistercity.stepper.widgets import StepperApp

    markup = static_html(StepperApp(era="2020", lang="en"), "en")
    assert 'class="sistercity-flow"' in markup and 'data-state="current"' in markup
    assert LIVE_NOTE["en"] in markup and LIVE_NOTE["id"] not in markup


# --- the built site --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_every_lesson_page_shows_what_the_notebook_computes(site, lang):
    """Each lesson is a page with its title and computed outputs; widgets appear as pictures, no widget code."""
    for lesson in lessons(ROOT, lang):
        page = site.html / lang / f"{lesson.source.stem}.html"
        assert page.exists(), f"{page} was not built"
        text = html.unescape(page.read_text(encoding="utf-8"))
        assert _page(site, "lesson", lang, lesson.number).title in text
        code = lesson.source.read_text(encoding="utf-8").count("```{code-cell}")
        assert text.count('class="cell_output') >= min(code - 1, 1), f"{page.name}: no outputs"
        assert "widget-state+json" not in text and "widget-view+json" not in text
        if re.search(r"\b\w+App\(|Explorer\(", lesson.source.read_text(encoding="utf-8")):
            assert "sistercity-static-widget" in text, f"{page.name}: widget without its picture"


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_syllabus_guide_and_datasets_are_on_the_site_in_both_languages(site):
    """The RPS, the lecturer guide and a page per dataset exist in both languages, each with its twin."""
    from sistercity.data import SCHEMAS

    for lang in ("id", "en"):
        for name in ("rps", "guide", "index", "data/index", *[f"data/{n}" for n in SCHEMAS]):
            page = site.html / lang / f"{name}.html"
            assert page.exists(), page
            assert 'class="sistercity-lang"' in page.read_text(encoding="utf-8"), page
    agreements = (site.html / "en" / "data" / "agreements.html").read_text(encoding="utf-8")
    assert '<div class="sistercity-table">' in agreements and "source_url" in agreements


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_every_page_links_to_its_twin_and_its_downloads(site):
    """Every page's language link, handout link and slides link point at files that exist."""
    for page in site.pages:
        path = site.html / f"{page.docname}.html"
        text = path.read_text(encoding="utf-8")
        bar = re.search(r'<nav class="sistercity-bar".*?</nav>', text, re.S)
        assert bar, f"{path} has no language bar"
        for href in re.findall(r'href="([^"#]+)"', bar.group(0)):
            assert (path.parent / href).resolve().exists(), f"{path}: broken link {href}"


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_pages_name_no_outside_address_for_scripts_styles_or_fonts(site):
    """No page loads a script, a style sheet or a font from another site (CDN)."""
    outside = re.compile(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', re.I)
    for path in site.html.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not outside.search(text), f"{path}: {outside.search(text).group(0)}"
    for path in (site.html / "_static").rglob("*.css"):
        found = re.search(r"url\(\s*['\"]?(?:https?:)?//", path.read_text(encoding="utf-8"))
        assert not found, f"{path} loads {found.group(0)}"


PHONE_PAGES = [
    ("lesson", "en", "04"),  # figures, tables and a widget's picture
    ("data", "id", "agreements"),  # a table much wider than a phone
    ("rps", "id", "rps"),  # long tables and addresses
    ("guide", "en", "guide"),  # long commands and paths in inline code
]


@pytest.mark.parametrize("kind,lang,key", PHONE_PAGES)
@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.timeout(1800)
def test_page_reads_on_a_phone(site, server, phone, kind, lang, key):
    """At 390×844 the text never scrolls sideways, tables scroll in their box, nothing leaves the server."""
    page = _page(site, kind, lang, key)
    phone.goto(server.url(f"{page.docname}.html"), wait_until="networkidle")
    width = phone.evaluate("document.documentElement.clientWidth")
    assert phone.evaluate("document.documentElement.scrollWidth") <= width, "page scrolls sideways"
    # Text outside a scrolling box (code, tables) stays within the screen.
    sticking_out = phone.evaluate(
        """(width) => Array.from(document.querySelectorAll(
              '.bd-article p, .bd-article li, .bd-article h1, .bd-article h2, .bd-article h3,'
              + ' .bd-article figcaption, .bd-article img'))
            .filter(e => !e.closest('.sistercity-table, .output, .pst-scrollable-table-container, pre'))
            .filter(e => e.getBoundingClientRect().right > width + 1)
            .map(e => e.tagName + ': ' + e.textContent.slice(0, 60))""",
        width,
    )
    assert not sticking_out, sticking_out
    boxes = phone.evaluate(
        """() => Array.from(document.querySelectorAll('.bd-article table')).map(t => {
              let box = t.parentElement;
              while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
                box = box.parentElement;
              }
              return {wide: t.scrollWidth > document.documentElement.clientWidth,
                      box: !!box && box.clientWidth <= document.documentElement.clientWidth,
                      scrolls: !!box && box.scrollWidth > box.clientWidth};
            })"""
    )
    wide = [b for b in boxes if b["wide"]]
    if kind == "data":
        assert wide, "the page was chosen for a table wider than a phone, and has none"
    assert all(b["box"] and b["scrolls"] for b in wide), boxes
    phone.screenshot(path=str(SHOTS / f"phone_{lang}_{key}.png"))
    assert not only_local(phone.requests), only_local(phone.requests)
    weight = sum(phone.bytes.values())
    assert weight < MAX_PAGE_BYTES, f"{page.docname} weighs {weight:,} bytes"


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.timeout(1800)
def test_text_results_wrap_on_a_phone(site, server, phone, lang):
    """At 390 px every printed result of every lesson is whole and no lesson page scrolls sideways."""
    cut = {}
    for lesson in lessons(ROOT, lang):
        phone.goto(server.url(f"{lang}/{lesson.source.stem}.html"), wait_until="load")
        width = phone.evaluate("document.documentElement.clientWidth")
        if phone.evaluate("document.documentElement.scrollWidth") > width:
            cut.setdefault(lesson.source.stem, []).append("the page scrolls sideways")
        found = phone.evaluate(
            """(width) => Array.from(document.querySelectorAll('.cell_output pre'))
                .filter(e => e.scrollWidth > e.clientWidth + 1
                             || e.getBoundingClientRect().right > width + 1)
                .map(e => e.textContent.slice(0, 80))""",
            width,
        )
        if found:
            cut.setdefault(lesson.source.stem, []).extend(found)
    assert not cut, cut


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.timeout(1800)
def test_key_result_of_lesson_04_is_whole_on_a_phone(site, server, phone):
    """The Monte Carlo's key result ("Ditandatangani: …%; ditolak …") is fully on screen at 390 px."""
    page = _page(site, "lesson", "id", "04")
    phone.goto(server.url(f"{page.docname}.html"), wait_until="load")
    line = phone.locator(".cell_output pre", has_text="Ditandatangani").first
    line.scroll_into_view_if_needed()
    box = line.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, box
    assert line.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "the result is cut"


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_lesson_tables_show_labels_not_identifiers(site, lang):
    """No column header of a lesson page's tables is a raw identifier such as ``year_signed``."""
    identifier = re.compile(r"<th[^>]*>\s*([a-z][a-z0-9]*_[a-z0-9_]+)\s*</th>")
    found = {}
    for lesson in lessons(ROOT, lang):
        text = (site.html / lang / f"{lesson.source.stem}.html").read_text(encoding="utf-8")
        heads = "".join(re.findall(r"<thead>.*?</thead>", text, re.S))
        names = sorted(set(identifier.findall(heads)))
        if names:
            found[lesson.source.stem] = names
    assert not found, found


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_lesson_tables_show_no_identifier_as_a_cell_or_row_label(site, lang):
    """No cell or row label of a lesson's computed table is an identifier with a name in the page's language."""
    from sistercity.site.labels import value_label, value_labels

    known = value_labels()
    found = {}
    for lesson in lessons(ROOT, lang):
        text = (site.html / lang / f"{lesson.source.stem}.html").read_text(encoding="utf-8")
        tables = re.findall(r'<table[^>]*class="dataframe".*?</table>', text, re.S)
        assert tables or "dataframe" not in text
        cells = [
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for table in tables
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table, re.S)
        ]
        raw = sorted(
            {
                cell
                for cell in cells
                if all(part in known for part in cell.split(";"))
                and value_label(cell, lang) != cell
            }
        )
        if raw:
            found[lesson.source.stem] = raw
    assert not found, found


#: Lesson pages that show a simulator's chart as SVG (Monte Carlo, partners, timeline).
CHART_LESSONS = ("02", "04", "06")
#: How many phone screens (390x844) a lesson page may take. Lesson 03 took 37 before its tables
#: were laid out for a phone (sistercity.css), about 27 after; lesson 02, which quotes the law of
#: three eras, took 49 and takes about 46 with its sources in smaller type. Every other lesson
#: takes 13 to 29. The bounds leave room for a few more paragraphs.
PHONE_SCREENS = {"02": 48}
#: The bound of every lesson not named in PHONE_SCREENS.
PHONE_SCREENS_DEFAULT = 30


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.timeout(1800)
def test_simulator_chart_labels_read_without_zooming_on_a_phone(site, phone, browser, lang):
    """At 390 px every shown label of a simulator's chart is at least 11 px, the SVG's scale included."""
    measure = """() => Array.from(document.querySelectorAll('.sistercity-svg svg text'))
        .filter(t => t.getClientRects().length > 0 && t.textContent.trim())
        .map(t => {
            const m = t.getScreenCTM();
            return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
        })"""
    wide = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = wide.new_page()
    for number in CHART_LESSONS:
        page = _page(site, "lesson", lang, number)
        url = (site.html / f"{page.docname}.html").as_uri()
        phone.goto(url, wait_until="load")
        sizes = phone.evaluate(measure)
        assert sizes, f"{page.docname}: no chart label shown on a phone"
        assert min(sizes) >= MIN_LABEL_PX, f"{page.docname}: a label of {min(sizes):.1f} px"
        assert phone.locator(".sistercity-svg-wide").first.is_hidden()
        phone.locator(".sistercity-svg-phone").first.scroll_into_view_if_needed()
        phone.screenshot(path=str(SHOTS / f"phone_chart_{lang}_{number}.png"))
        # On a wide screen the wide drawing is the one shown, and it is the one the check catches.
        desk.goto(url, wait_until="load")
        assert desk.locator(".sistercity-svg-phone").first.is_hidden()
        assert desk.locator(".sistercity-svg-wide").first.is_visible()
    wide.close()


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.timeout(1800)
def test_lessons_take_at_most_their_bound_of_phone_screens(site, phone, lang):
    """Every lesson at 390x844 stays within its PHONE_SCREENS bound, every table whole in its box."""
    too_long, tables_of = {}, {}
    for lesson in lessons(ROOT, lang):
        page = _page(site, "lesson", lang, lesson.number)
        phone.goto((site.html / f"{page.docname}.html").as_uri(), wait_until="load")
        screens = phone.evaluate("document.documentElement.scrollHeight") / PHONE["height"]
        if screens > PHONE_SCREENS.get(lesson.number, PHONE_SCREENS_DEFAULT):
            too_long[page.docname] = round(screens, 1)
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        tables_of[lesson.number] = _phone_tables(phone)
        whole = all(t["cells"] and (t["fits"] or t["scrolls"]) for t in tables_of[lesson.number])
        assert whole, (page.docname, tables_of[lesson.number])
    assert not too_long, too_long
    assert len(tables_of["03"]) >= 8, "lesson 03 lost tables"


def _phone_tables(phone) -> list[dict]:
    """Every table of the open page: its cell count, whether it fits, or else scrolls in its box."""
    return phone.evaluate(
        """() => Array.from(document.querySelectorAll(
            '.cell_output table.dataframe, .bd-article .pst-scrollable-table-container table'
        )).map(t => {
              let box = t.parentElement;
              while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
                box = box.parentElement;
              }
              return {cells: t.querySelectorAll('td, th').length,
                      fits: t.scrollWidth <= t.parentElement.clientWidth + 1,
                      scrolls: !!box && box.scrollWidth >= t.scrollWidth};
            })"""
    )


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_lesson_pages_fold_code_and_open_with_contents(site, lang):
    """Every code cell of a lesson page sits behind a toggle in the page's language; a contents list leads."""
    show = {"id": "Tampilkan kode", "en": "Show code"}[lang]
    for lesson in lessons(ROOT, lang):
        text = (site.html / lang / f"{lesson.source.stem}.html").read_text(encoding="utf-8")
        inputs = text.count('class="cell_input')
        folded = len(re.findall(r'<details class="[^"]*hide above-input"', text))
        assert inputs and folded == inputs, f"{lesson.source.stem}: {folded} of {inputs} folded"
        assert show in text and "Show code cell" not in text
        assert 'class="contents' in text and "sistercity-contents" in text, lesson.source.stem


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.timeout(1800)
def test_site_and_handouts_have_no_serious_accessibility_violation(site, server, browser):
    """axe-core's WCAG 2 A/AA rules find nothing serious or critical on either language's pages, on screen and as printed."""
    from .axe import severe_violations

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    pages = [p for p in site.pages if p.kind in ("lesson", "index", "rps", "guide")]
    pages += [_page(site, "data", "en", "agreements")]
    found = {}
    for page in pages:
        tab.goto(server.url(f"{page.docname}.html"), wait_until="load")
        for media in ("screen", "print") if page.handout else ("screen",):
            tab.emulate_media(media=media)
            severe = severe_violations(tab)
            if severe:
                found[f"{page.docname} ({media})"] = severe
        tab.emulate_media(media="screen")
    context.close()
    assert not found, found


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.timeout(1800)
def test_site_opens_from_a_folder_and_switches_language(site, browser):
    """Opened from the folder (file://, as from a USB stick), the language link opens the twin page."""
    context = browser.new_context()
    tab = context.new_page()
    requests = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto((site.html / "id" / "index.html").as_uri(), wait_until="load")
    tab.locator("a.sistercity-lang").first.click()
    tab.wait_for_load_state("load")
    assert tab.url.endswith("/en/index.html"), tab.url
    assert "Lessons" in tab.inner_text("body")
    tab.goto((site.html / "en" / "04_why_it_takes_years.html").as_uri(), wait_until="load")
    assert tab.locator("a.sistercity-live").first.is_hidden(), "a hub link shown outside the hub"
    assert all(url.startswith(("file:", "data:")) for url in requests), [
        url for url in requests if not url.startswith(("file:", "data:"))
    ]
    context.close()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.timeout(1800)
def test_lesson_links_into_the_live_notebook_on_the_hub(site, server, browser):
    """Where the hub answers /hub/api, a lesson shows a link to its notebook through user-redirect."""
    context = browser.new_context()
    tab = context.new_page()
    # The hub's version endpoint, as JupyterHub answers it without logging in.
    tab.route("**/hub/api", lambda route: route.fulfill(json={"version": "5.2.1"}))
    lesson = _page(site, "lesson", "en", "04")
    tab.goto(server.url(f"{lesson.docname}.html"), wait_until="networkidle")
    live = tab.locator("a.sistercity-live").first
    live.wait_for(state="visible", timeout=10_000)
    assert live.get_attribute("href") == (
        f"/hub/user-redirect/lab/tree/sistercity/{lesson.notebook}"
    )
    context.close()


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_every_handout_is_an_a4_pdf_with_its_title(site):
    """Each lesson, the RPS and the lecturer guide have a PDF, in each language, with pages and the title."""
    if shutil.which("pdftotext") is None:
        pytest.fail(
            "pdftotext is missing: install poppler-utils (`apt-get install -y poppler-utils`)"
        )
    with_handout = [p for p in site.pages if p.handout]
    assert {p.kind for p in with_handout} == {"lesson", "rps", "guide"}
    assert len(with_handout) == len(lessons(ROOT)) + 4
    for page in with_handout:
        pdf = site.html / page.handout
        assert pdf.exists(), pdf
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 1
        assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+|Page size:\s+595\.\d+ x 842\.\d+", info)
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True
        ).stdout
        flat = " ".join(text.split())
        assert " ".join(page.title.split()) in flat, f"{pdf}: title {page.title!r} not in text"


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.timeout(1800)
def test_every_lesson_has_a_deck_that_moves_with_the_arrow_keys(site, server, browser):
    """Each lesson has a deck in each language; it opens, the arrow keys move it, nothing comes from outside."""
    decks = [p for p in site.pages if p.slides]
    assert len(decks) == len(lessons(ROOT))
    for page in decks:
        assert (site.html / page.slides).exists(), page.slides
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    requests = []
    tab.on("request", lambda request: requests.append(request.url))
    for page in (_page(site, "lesson", "id", "04"), _page(site, "lesson", "en", "03")):
        tab.goto(server.url(page.slides), wait_until="networkidle")
        tab.wait_for_function("() => window.Reveal && Reveal.isReady()")
        total = tab.evaluate("Reveal.getTotalSlides()")
        assert total >= 4, f"{page.slides}: only {total} slides"
        assert page.title in tab.inner_text(".slides section")
        tab.keyboard.press("ArrowRight")
        tab.keyboard.press("ArrowRight")
        assert tab.evaluate("Reveal.getIndices().h") == 2
        tab.keyboard.press("ArrowLeft")
        assert tab.evaluate("Reveal.getIndices().h") == 1
        # A figure is a chart (img or svg) or a simulator's static picture (HTML or svg).
        figures = (
            ".slides section img, .slides section svg, .slides section .sistercity-static-widget"
        )
        assert tab.locator(figures).count() >= 1, "no figure on the slides"
        tab.screenshot(path=str(SHOTS / f"slides_{page.lang}_{page.key}.png"))
    assert not only_local(requests), only_local(requests)
    context.close()


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_a_second_build_executes_nothing(site):
    """Building again with no lesson changed re-executes no lesson (the jupyter-cache is reused)."""
    from jupyter_cache import get_cache

    from sistercity.site.build import build_site, execution_cache

    cache = get_cache(str(execution_cache(site.out)))
    before = {(r.pk, r.created) for r in cache.list_cache_records()}
    build_site(ROOT, site.out, handouts=False)
    after = {(r.pk, r.created) for r in cache.list_cache_records()}
    assert after == before
