"""The Sphinx source of the course website, laid out from the lessons, the course documents and the data.

Nothing is written twice: the lessons (``notebooks/<lang>/NN_slug.md``), the syllabus
(``course/rps_<lang>.md``) and the lecturer guide (``course/lecturer_guide_<lang>.md``) are copied
as they are, with only their links rewritten for the site (a lesson links to ``X.ipynb``, which on
the site is the page ``X``). Dataset pages are generated from ``sistercity.data``. A file is
rewritten only when its text changes, so Sphinx rebuilds only the pages that changed.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from sistercity.course import lessons
from sistercity.i18n import LANGS, pick

#: The course documents put on the site: their file name pattern in ``course/`` and page name.
COURSE_DOCS = {"rps": "rps_{lang}.md", "guide": "lecturer_guide_{lang}.md"}

#: The file, in the Sphinx source folder, that tells the Sphinx extension about every page.
PAGES_FILE = "_sistercity_pages.json"

LANG_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


@dataclass(frozen=True)
class Page:
    """One page of the site, as the Sphinx extension and the handout and slide builders need it.

    Attributes:
        docname: Sphinx document name (``en/04_why_it_takes_years``).
        lang: Its language.
        kind: ``lesson``, ``rps``, ``guide``, ``data`` or ``index``.
        key: What the page is across languages (lesson number, ``rps``, a dataset name, ...).
        title: The page's first heading.
        notebook: For a lesson, the built notebook's path in the course folder, else empty.
    """

    docname: str
    lang: str
    kind: str
    key: str
    title: str
    notebook: str = ""

    @property
    def handout(self) -> str:
        """The handout PDF's path inside the site folder (empty if the page has none)."""
        if self.kind not in ("lesson", "rps", "guide"):
            return ""
        return f"handouts/{self.docname}.pdf"

    @property
    def slides(self) -> str:
        """The slide deck's path inside the site folder (lessons only)."""
        return f"slides/{self.docname}.html" if self.kind == "lesson" else ""


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` unless it already holds it; return whether it was written."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def first_heading(text: str) -> str:
    """The text of the first level-1 heading of a Markdown document (empty if none)."""
    match = re.search(r"^# (.+)$", text, re.M)
    return match.group(1).strip() if match else ""


LINK = re.compile(r"\]\((?!https?:|mailto:|#)([^)\s#]+)(#[^)\s]*)?\)")


def rewrite_links(text: str, targets: dict[str, str]) -> str:
    """Point relative links at site pages: ``targets`` maps a link as written to its new target.

    A relative link that names no page of the site (a repository file such as ``../README.md``)
    keeps its text and loses its link, since the site does not hold that file.
    """

    def replace(match: re.Match) -> str:
        target, anchor = match.group(1), match.group(2) or ""
        if target in targets:
            return f"]({targets[target]}{anchor})"
        return "](#)" if target.endswith((".md", ".ipynb")) else match.group(0)

    out = LINK.sub(replace, text)
    # "[label](#)" left from a dropped link reads as plain text on the site.
    return re.sub(r"\[([^\]]+)\]\(#\)", r"\1", out)


def _link_targets(root: Path, lang: str, where: str) -> dict[str, str]:
    """Every relative link a lesson (``where="lesson"``) or course document may hold, mapped.

    Both live in ``<lang>/`` on the site; a lesson's links are written from ``notebooks/<lang>/``,
    a course document's from ``course/``.
    """
    targets: dict[str, str] = {}
    for lesson in lessons(root):
        stem = lesson.source.stem
        page = f"{stem}.md" if lesson.lang == lang else f"../{lesson.lang}/{stem}.md"
        for written in (f"{stem}.ipynb", f"{stem}.md"):
            if where == "lesson":
                targets[f"../{lesson.lang}/{written}"] = page
                if lesson.lang == lang:
                    targets[written] = page
            else:
                targets[f"../notebooks/{lesson.lang}/{written}"] = page
    up = "" if where == "course" else "../../course/"
    for other in LANGS:
        for kind, pattern in COURSE_DOCS.items():
            page = f"{kind}.md" if other == lang else f"../{other}/{kind}.md"
            targets[up + pattern.format(lang=other)] = page
    targets["../data/README.md" if where == "course" else "../../data/README.md"] = "data/index.md"
    return targets


#: The toggle myst-nb puts above a folded code cell, and the title of a lesson's contents list.
CODE_PROMPTS = {
    "id": ("Tampilkan kode", "Sembunyikan kode", "Isi halaman"),
    "en": ("Show code", "Hide code", "On this page"),
}

CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(?::tags: \[([^\]]*)\]\n)?", re.M)


def for_readers(text: str, lang: str) -> str:
    """A lesson as the site shows it: code folded behind a toggle, a contents list under the title.

    Most readers of the site do not program: what a cell computes is shown, its Python only on
    request. The toggle speaks the page's language (myst-nb reads it from the page's metadata).
    """
    show, hide, contents = CODE_PROMPTS[lang]

    def fold(match: re.Match) -> str:
        fence = match.group(0).split("\n", 1)[0]
        tags = [t.strip() for t in (match.group(1) or "").split(",") if t.strip()]
        if "hide-input" not in tags:
            tags.append("hide-input")
        options = f":tags: [{', '.join(tags)}]\n"
        return f"{fence}\n{options}" if match.group(1) is not None else f"{fence}\n{options}\n"

    text = CODE_CELL.sub(fold, text)
    settings = f'mystnb:\n  code_prompt_show: "{show}"\n  code_prompt_hide: "{hide}"\n'
    if text.startswith("---\n"):
        text = "---\n" + settings + text[4:]
    title = re.search(r"^# .+\n", text, re.M)
    if title:
        listing = (
            f"\n```{{contents}} {contents}\n:local:\n:depth: 1\n:class: sistercity-contents\n```\n"
        )
        text = text[: title.end()] + listing + text[title.end() :]
    return text


def _lesson_pages(root: Path, src: Path) -> list[Page]:
    """Copy every lesson into ``src/<lang>/`` with site links, folded code and contents; return them."""
    pages = []
    for lesson in lessons(root):
        text = lesson.source.read_text(encoding="utf-8")
        docname = f"{lesson.lang}/{lesson.source.stem}"
        staged = rewrite_links(text, _link_targets(root, lesson.lang, "lesson"))
        write_if_changed(src / f"{docname}.md", for_readers(staged, lesson.lang))
        pages.append(
            Page(
                docname,
                lesson.lang,
                "lesson",
                lesson.number,
                first_heading(text),
                lesson.notebook.relative_to(root).as_posix(),
            )
        )
    return pages


def _course_pages(root: Path, src: Path) -> list[Page]:
    """Copy the syllabus and the lecturer guide of each language; return their pages."""
    pages = []
    for kind, pattern in COURSE_DOCS.items():
        for lang in LANGS:
            path = root / "course" / pattern.format(lang=lang)
            if not path.exists():
                continue
            text = path.read_text(encoding="utf-8")
            write_if_changed(
                src / lang / f"{kind}.md", rewrite_links(text, _link_targets(root, lang, "course"))
            )
            pages.append(Page(f"{lang}/{kind}", lang, kind, kind, first_heading(text)))
    return pages


def _cell(value, column: str) -> str:
    """One table cell as HTML: sources become links, everything else is escaped text."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = str(value)
    if column == "source_url":
        parts = [part.strip() for part in text.split(" ; ") if part.strip()]
        return "<br>".join(
            f'<a href="{html.escape(p)}">{html.escape(p)}</a>'
            if p.startswith(("http://", "https://"))
            else html.escape(p)
            for p in parts
        )
    return html.escape(text)


def dataset_table(frame) -> str:
    """A dataset as an HTML table in a box that scrolls sideways on a narrow screen."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>"
        + "".join(f"<td>{_cell(v, c)}</td>" for c, v in zip(frame.columns, row, strict=True))
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (
        '<div class="sistercity-table"><table class="table">'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def _dataset_pages(src: Path) -> list[Page]:
    """One page per dataset and language (its columns, sources and rows) and an index page."""
    from sistercity import data

    pages = []
    names = sorted(data.SCHEMAS)
    for lang in LANGS:
        items = []
        for name in names:
            schema = data.schema_for(name)
            frame = data.load(name)
            columns = "\n".join(
                f"| `{c.name}` | {c.description or ''} |".replace("\n", " ") for c in schema.columns
            )
            text = "\n".join(
                [
                    f"# {pick(lang, id='Dataset', en='Dataset')} `{name}`",
                    "",
                    f"*{schema.title}.* "
                    + pick(
                        lang,
                        id=f"{len(frame)} baris. Sumber setiap baris ada di kolom `source_url`, "
                        "tingkat kepastiannya di kolom `status` (bila ada).",
                        en=f"{len(frame)} rows. Each row's source is in the `source_url` column, "
                        "how sure it is in the `status` column (where there is one).",
                    ),
                    "",
                    pick(lang, id="Di notebook:", en="In a notebook:")
                    + f' `from sistercity.data import load; load("{name}")`. '
                    + pick(lang, id="Berkas:", en="File:")
                    + f" {{download}}`{schema.filename} <{schema.filename}>`.",
                    "",
                    f"## {pick(lang, id='Kolom', en='Columns')}",
                    "",
                    f"| {pick(lang, id='kolom', en='column')} | "
                    f"{pick(lang, id='isi (dalam bahasa Inggris)', en='meaning')} |",
                    "| --- | --- |",
                    columns,
                    "",
                    f"## {pick(lang, id='Data', en='Data')}",
                    "",
                    "```{raw} html",
                    dataset_table(frame),
                    "```",
                    "",
                ]
            )
            write_if_changed(src / lang / "data" / f"{name}.md", text)
            csv_text = data.dataset_path(name).read_text(encoding="utf-8")
            write_if_changed(src / lang / "data" / schema.filename, csv_text)
            pages.append(Page(f"{lang}/data/{name}", lang, "data", name, f"Dataset {name}"))
            items.append(f"- [{name}]({name}.md): {schema.title} ({len(frame)})")
        title = pick(lang, id="Dataset", en="Datasets")
        index = "\n".join(
            [
                f"# {title}",
                "",
                pick(
                    lang,
                    id="Semua dataset mata kuliah, masing-masing dengan sumbernya. Lisensi: CC BY 4.0 "
                    "(sumber aslinya tetap memegang haknya).",
                    en="Every dataset of the course, each with its sources. Licence: CC BY 4.0 "
                    "(the sources keep their own rights).",
                ),
                "",
                *items,
                "",
                "```{toctree}",
                ":hidden:",
                "",
                *names,
                "```",
                "",
            ]
        )
        write_if_changed(src / lang / "data" / "index.md", index)
        pages.append(Page(f"{lang}/data/index", lang, "data", "index", title))
    return pages


def _language_index(lang: str, pages: list[Page]) -> str:
    """The start page of one language: the lessons, the syllabus, the guide and the data."""
    own = [p for p in pages if p.lang == lang]
    lesson_pages = [p for p in own if p.kind == "lesson"]
    docs = [p for p in own if p.kind in ("rps", "guide")]
    rel = lambda p: p.docname.split("/", 1)[1]  # noqa: E731
    lines = [
        "# Sister City Lab",
        "",
        pick(
            lang,
            id="Materi kuliah terbuka tentang pembentukan kota kembar dan provinsi kembar di "
            "Indonesia. Halaman ini dapat dibaca tanpa Python: tabel dan grafik sudah dihitung. "
            "Setiap materi punya handout PDF dan salindia untuk proyektor.",
            en="Open courseware on how Indonesian sister cities and sister provinces are formed. "
            "These pages need no Python: the tables and charts are already computed. Every lesson "
            "has a PDF handout and slides for the projector.",
        ),
        "",
        f"## {pick(lang, id='Materi', en='Lessons')}",
        "",
        *[f"- [{p.title}]({rel(p)}.md)" for p in lesson_pages],
        "",
        f"## {pick(lang, id='Untuk dosen', en='For lecturers')}",
        "",
        *[f"- [{p.title}]({rel(p)}.md)" for p in docs],
        f"- [{pick(lang, id='Dataset', en='Datasets')}](data/index.md)",
        "",
        "```{toctree}",
        f":caption: {pick(lang, id='Materi', en='Lessons')}",
        ":hidden:",
        "",
        *[rel(p) for p in lesson_pages],
        "```",
        "",
        "```{toctree}",
        f":caption: {pick(lang, id='Mata kuliah', en='Course')}",
        ":hidden:",
        "",
        *[rel(p) for p in docs],
        "data/index",
        "```",
        "",
    ]
    return "\n".join(lines)


ROOT_INDEX = """# Sister City Lab

**Bahasa Indonesia.** Materi kuliah terbuka tentang pembentukan kota kembar di Indonesia:
[mulai di sini](id/index.md).

**English.** Open courseware on how sister cities are formed in Indonesia:
[start here](en/index.md).

```{toctree}
:hidden:

id/index
en/index
```
"""


def stage(root: Path, src: Path) -> list[Page]:
    """Lay out the Sphinx source of the site in ``src``; return every page with its metadata."""
    from sistercity.site import sphinx_conf

    src.mkdir(parents=True, exist_ok=True)
    pages = _lesson_pages(root, src) + _course_pages(root, src) + _dataset_pages(src)
    for lang in LANGS:
        index = Page(f"{lang}/index", lang, "index", "index", "Sister City Lab")
        write_if_changed(src / lang / "index.md", _language_index(lang, pages))
        pages.append(index)
    write_if_changed(src / "index.md", ROOT_INDEX)
    write_if_changed(src / "conf.py", sphinx_conf.CONF_PY)
    write_if_changed(
        src / PAGES_FILE, json.dumps([asdict(p) for p in pages], indent=1, ensure_ascii=False)
    )
    return pages


def read_pages(src: Path) -> list[Page]:
    """The pages :func:`stage` recorded in ``src``."""
    return [Page(**p) for p in json.loads((src / PAGES_FILE).read_text(encoding="utf-8"))]
