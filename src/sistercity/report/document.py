"""Write a :class:`~sistercity.report.model.Report`: bilingual HTML, A4 PDF, per-student CSV, portfolio.

The HTML holds its figures as embedded PNG images and its style inline: it makes no request
outside itself, so it opens offline and prints the same anywhere. The portfolio (*portofolio
mata kuliah*) is Markdown the lecturer completes: the RPS's identity and outcomes, the
assessment plan, the results, and empty sections for the evaluation and the improvement plan.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import math
import re
from pathlib import Path

import pandas as pd

from sistercity.course_map import BLOOM
from sistercity.report.model import FLAGS, STATUSES, Report

#: Short codes of the statuses in the per-student table.
STATUS_CODES = {
    "graded": ("✓", "dinilai", "graded"),
    "needs manual grading": ("M", "menunggu penilaian manual", "awaiting manual grading"),
    "failed": ("!", "tidak bisa dinilai", "could not be graded"),
    "not submitted": ("–", "tidak dikumpulkan", "not submitted"),
}
assert set(STATUS_CODES) == set(STATUSES)

STYLE = """
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:10.5pt;margin:1.5em;color:#222;max-width:1100px}
h1{font-size:17pt}h2{font-size:13.5pt;margin-top:1.6em;border-bottom:1px solid #ccc}
.en{color:#555;font-style:italic}
table{border-collapse:collapse;margin:.5em 0;font-size:9pt}
td,th{border:1px solid #ccc;padding:2px 5px;text-align:right;white-space:nowrap}
td.w{white-space:normal}
td.l,th.l{text-align:left}
.flag{color:#b00020;font-weight:bold}
.open{color:#8a5a00}
img{max-width:100%}
.figs{display:flex;flex-wrap:wrap;gap:8px}
.figs img{width:49%}
table.small td,table.small th{font-size:7.5pt;padding:1px 3px}
@media print{body{margin:0;max-width:none}table{font-size:7.5pt}table.small td,table.small th{font-size:6.5pt;padding:0 2px}h2{break-after:avoid}table,img{break-inside:avoid}.figs img{width:48%}}
"""


def _esc(text) -> str:
    return html.escape(str(text))


def _h(level: int, id_text: str, en_text: str) -> str:
    return f"<h{level}>{_esc(id_text)} <span class='en'>/ {_esc(en_text)}</span></h{level}>"


def _p(id_text: str, en_text: str) -> str:
    return f"<p>{_esc(id_text)}<br><span class='en'>{_esc(en_text)}</span></p>"


def _num(value, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def _figure(draw, size=(6.4, 3.4)) -> str:
    """A figure drawn by ``draw(ax)`` as an embedded PNG ``<img>``."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, dpi=110)
    draw(fig.add_subplot())
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    data = base64.b64encode(buffer.getvalue()).decode()
    return f"<img alt='' src='data:image/png;base64,{data}'>"


def _table(
    header: list[str], rows: list[list], left: int = 1, wrap: int | None = None, css: str = ""
) -> str:
    """An HTML table; the first ``left`` columns are left-aligned, column ``wrap`` may wrap."""
    head = "".join(
        f"<th class='{'l' if i < left else ''}'>{_esc(h)}</th>" for i, h in enumerate(header)
    )
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            css = ("l" if i < left else "") + (" w" if i == wrap else "")
            if isinstance(cell, tuple):  # (text, css class)
                cell, extra = cell
                css = f"{css} {extra}"
            cells.append(f"<td class='{css}'>{_esc(cell)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table class='{css}'><tr>{head}</tr>{''.join(body)}</table>"


def _outcome_rows(report: Report, level: str, wording: dict[str, str]) -> list[list]:
    table = report.class_summary[level]
    return [
        [
            code,
            wording.get(code, ""),
            _num(row["mean"]),
            int(row["students"]),
            int(row["reached"]),
            _num(row["share_reached"], 0),
        ]
        for code, row in table.iterrows()
    ]


def _flag_text(flags: str, lang: str | None = None) -> str:
    parts = [FLAGS[f] for f in flags.split(",") if f]
    if lang == "id":
        return ", ".join(p[0] for p in parts)
    if lang == "en":
        return ", ".join(p[1] for p in parts)
    return ", ".join(f"{p[0]} / {p[1]}" for p in parts)


def to_html(report: Report, title: str = "Sister City Lab") -> str:
    """The whole report as one self-contained bilingual HTML page (Indonesian first)."""
    from sistercity.report import plot

    students = report.students
    graded = students["score"].notna()
    date = dt.date.today().isoformat()
    parts = [
        "<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'>",
        f"<title>{_esc(title)}: laporan capaian / outcome report</title>",
        f"<style>{STYLE}</style></head><body>",
        _h(1, f"Laporan capaian pembelajaran: {title}", f"Learning-outcome report: {title}"),
        _p(
            f"Dibuat {date} dari buku nilai. Tugas: {', '.join(report.assignments)}. Ambang capaian: "
            f"{report.threshold:g}%. Nilai sejauh ini dihitung dari pekerjaan yang sudah dinilai; "
            "yang tidak dikumpulkan, gagal dinilai atau menunggu penilaian manual tidak dihitung nol, "
            "tetapi dilaporkan sebagai bobot yang masih terbuka.",
            f"Made {date} from the gradebook. Assignments: {', '.join(report.assignments)}. "
            f"Attainment threshold: {report.threshold:g}%. The score so far counts graded work only; "
            "work not submitted, not gradable or awaiting manual grading is never counted as zero "
            "but reported as weight still open.",
        ),
    ]
    for note in report.notes:
        parts.append(f"<p class='open'>{_esc(note)}</p>")

    # Class summary.
    open_mean = students["open_weight"].mean()
    parts += [
        _h(2, "1. Ringkasan kelas", "1. Class summary"),
        _table(
            ["", "nilai / value"],
            [
                ["mahasiswa / students", len(students)],
                ["dengan nilai / with a score", int(graded.sum())],
                ["rata-rata nilai / mean score", _num(students["score"].mean())],
                ["median", _num(students["score"].median())],
                [
                    "bobot dinilai, rata-rata / graded weight, mean (%)",
                    _num(students["graded_weight"].mean()),
                ],
                ["bobot terbuka, rata-rata / open weight, mean (%)", _num(open_mean)],
            ],
        ),
        "<div class='figs'>",
        _figure(lambda ax: plot.plot_scores(ax, report, "both")),
        _figure(lambda ax: plot.plot_letters(ax, report, "both")),
        "</div>",
        _table(
            ["huruf / letter", "min", "max", "bobot / point", "mahasiswa / students"],
            [
                [
                    r.letter,
                    f"{r.min_score:g}",
                    f"{r.max_score:g}",
                    f"{r.grade_point:g}",
                    int(report.letters[r.letter]),
                ]
                for r in report.scale.itertuples()
            ]
            + [["belum ada / none yet", "", "", "", int(report.letters[""])]],
        ),
        _p(
            "Skala huruf dari grade_scale.csv: skala bawaan adalah contoh umum; periksa dengan peraturan akademik universitas Anda.",
            "Letter scale from grade_scale.csv: the default is a common example; check it against your university's academic rules.",
        ),
    ]

    # Outcomes.
    cpmk_words = {k: v[0] for k, v in report.outcomes.cpmk.items()}
    cpl_words = {k: v for k, v in report.outcomes.cpl.items()}
    sub_words = {k: v[0] for k, v in report.outcomes.sub_cpmk.items()}
    header = [
        "kode / code",
        "rumusan / wording",
        "rata-rata / mean %",
        "n",
        f"≥ {report.threshold:g}",
        "% tercapai / reached",
    ]
    parts += [
        _h(2, "2. Capaian CPMK dan CPL", "2. CPMK and CPL attainment"),
        _p(
            "Capaian = bagian poin yang diperoleh dari poin sel yang sudah dinilai untuk capaian itu (peta Sub-CPMK → CPMK → CPL dari RPS). n = mahasiswa dengan poin yang dinilai.",
            "Attainment = the share of the points of the graded cells assessing the outcome that the student earned (Sub-CPMK → CPMK → CPL map of the RPS). n = students with graded points.",
        ),
        "<div class='figs'>",
        _figure(lambda ax: plot.plot_reached(ax, report, "cpmk", "both")),
        _figure(lambda ax: plot.plot_reached(ax, report, "cpl", "both")),
        "</div>",
        _table(header, _outcome_rows(report, "cpmk", cpmk_words), left=2, wrap=1),
        _table(header, _outcome_rows(report, "cpl", cpl_words), left=2, wrap=1),
        _h(2, "3. Sub-CPMK dan tingkat Bloom", "3. Sub-CPMK and Bloom levels"),
        _figure(
            lambda ax: plot.plot_heatmap(ax, report, "both"),
            size=(7.5, min(9.0, 2.2 + 0.12 * len(students))),
        ),
        _table(header, _outcome_rows(report, "sub_cpmk", sub_words), left=2, wrap=1),
        "<div class='figs'>",
        _figure(lambda ax: plot.plot_bloom(ax, report, "both")),
        "</div>",
        _table(
            header,
            _outcome_rows(report, "bloom", {k: f"{v[0]} / {v[1]}" for k, v in BLOOM.items()}),
            left=2,
        ),
    ]

    # Items.
    items = report.items
    item_rows = [
        [
            r.assignment,
            r.grade_id + (" ◆" if r.per_student_case else ""),
            r.kind,
            r.sub_cpmk,
            r.bloom,
            f"{r.points:g}",
            r.n,
            _num(r.difficulty, 2),
            _num(r.item_total_r, 2),
            _num(r.upper_lower, 2),
            r.at_zero,
            r.at_full,
            (_flag_text(r.flags), "flag") if r.flags else "",
        ]
        for r in items.itertuples()
    ]
    parts += [
        _h(2, "4. Analisis butir", "4. Item analysis"),
        _p(
            "Per sel bernilai, atas mahasiswa yang seluruh sel tugasnya sudah dinilai: p = rata-rata bagian poin; r = korelasi butir dengan poin sisa tugas (butir–total terkoreksi); D = selisih p kelompok atas dan bawah 27 %. Ditandai: p > 0,9 terlalu mudah, p < 0,2 terlalu sulit, r < 0,2 atau negatif. ◆ = butir dengan kasus berbeda per mahasiswa (bandingkan dengan hati-hati).",
            "Per graded cell, over the students whose every cell of the assignment is graded: p = mean share of points; r = correlation of the item with the points on the rest of the assignment (corrected item–total); D = p of the upper minus the lower 27 %. Flagged: p > 0.9 too easy, p < 0.2 too hard, r < 0.2 or negative. ◆ = an item with a different case per student (compare with care).",
        ),
        _figure(lambda ax: plot.plot_items(ax, report, "both"), size=(6.4, 3.8)),
        _table(
            [
                "tugas / assignment",
                "sel / cell",
                "jenis / kind",
                "Sub-CPMK",
                "Bloom",
                "poin",
                "n",
                "p",
                "r",
                "D",
                "0",
                "max",
                "tanda / flags",
            ],
            item_rows,
            left=5,
            wrap=12,
            css="small",
        ),
    ]

    # Students.
    codes = "; ".join(f"{c} {i} / {e}" for c, i, e in STATUS_CODES.values())
    status_columns = [c for c in students.columns if c.startswith("status:")]
    student_rows = []
    for sid, r in students.iterrows():
        student_rows.append(
            [
                sid,
                r["name"],
                _num(r["score"]),
                r["letter"] or "–",
                _num(r["graded_weight"], 0),
                (_num(r["open_weight"], 0), "open"),
            ]
            + [_num(report.cpmk.loc[sid, c], 0) for c in report.cpmk.columns]
            + [STATUS_CODES[r[c]][0] for c in status_columns]
        )
    parts += [
        _h(2, "5. Per mahasiswa", "5. Per student"),
        _p(
            f"Status tugas: {codes}.",
            "Assignment status codes as listed; CPMK columns are attainment in percent.",
        ),
        _table(
            [
                "id",
                "nama / name",
                "nilai / score",
                "huruf / letter",
                "dinilai / graded %",
                "terbuka / open %",
            ]
            + list(report.cpmk.columns)
            + [c.split(":", 1)[1].split("_")[0] for c in status_columns],
            student_rows,
            left=2,
            css="small",
        ),
        "</body></html>",
    ]
    return "\n".join(parts)


def to_csv(report: Report, roster: dict[str, dict] | None = None) -> str:
    """One row per student for the university's academic system: score, letter, open weight, outcomes.

    With a ``roster`` (``sistercity.grading.export.read_roster``) the ID number (NIM) and email
    address follow the name.
    """
    table = report.students.copy()
    if roster:
        table.insert(1, "id_number", [roster.get(s, {}).get("idnumber", "") for s in table.index])
        table.insert(2, "email", [roster.get(s, {}).get("email", "") for s in table.index])
    for frame, prefix in ((report.cpmk, "attainment:"), (report.cpl, "attainment:")):
        for code in frame.columns:
            table[f"{prefix}{code}"] = frame[code].round(2)
            table[f"reached:{code}"] = [
                "" if math.isnan(v) else ("yes" if v >= report.threshold - 1e-9 else "no")
                for v in frame[code]
            ]
    return table.reset_index().to_csv(index=False, lineterminator="\n", float_format="%.2f")


def _section(rps_text: str, number: int) -> str:
    """Section ``number`` of an RPS (from ``## N.`` to the next ``## ``), verbatim."""
    found = re.search(rf"^## {number}\..*?(?=^## |\Z)", rps_text, flags=re.M | re.S)
    return found.group(0).strip() if found else ""


def _md_table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def to_portfolio(report: Report, rps_text: str, assessment: pd.DataFrame, lang: str = "id") -> str:
    """The *portofolio mata kuliah* in ``lang`` as Markdown, with empty sections for the lecturer."""

    def say(id_text: str, en_text: str) -> str:
        return id_text if lang == "id" else en_text

    date = dt.date.today().isoformat()
    summary = report.class_summary
    outcome_header = [
        say("Kode", "Code"),
        say("Rata-rata capaian (%)", "Mean attainment (%)"),
        say("Mahasiswa dinilai", "Students graded"),
        say(f"Mencapai ≥ {report.threshold:g}%", f"Reaching ≥ {report.threshold:g}%"),
        say("% mencapai", "% reaching"),
    ]

    def rows(level: str) -> list[list]:
        return [
            [
                code,
                _num(r["mean"]),
                int(r["students"]),
                int(r["reached"]),
                _num(r["share_reached"], 0),
            ]
            for code, r in summary[level].iterrows()
        ]

    title_column = "title_id" if lang == "id" else "title_en"
    in_report = set(report.assignments)
    plan = [
        [
            r["assignment"],
            r.get(title_column, ""),
            r["weight_percent"],
            say("ya", "yes") if r["assignment"] in in_report else say("belum", "not yet"),
        ]
        for _, r in assessment.iterrows()
    ]
    flagged = report.items[report.items["flags"] != ""]
    flag_rows = [
        [
            f"{r.assignment}/{r.grade_id}" + (" ◆" if r.per_student_case else ""),
            r.sub_cpmk,
            r.bloom,
            _num(r.difficulty, 2),
            _num(r.item_total_r, 2),
            _flag_text(r.flags, lang),
        ]
        for r in flagged.itertuples()
    ]
    students = report.students
    letters = [[x or say("belum ada", "none yet"), int(n)] for x, n in report.letters.items()]
    blank = say(
        "*[diisi dosen]*",
        "*[to be written by the lecturer]*",
    )
    text = [
        say("# Portofolio mata kuliah", "# Course portfolio (portofolio mata kuliah)"),
        "",
        say(
            f"Disusun {date} oleh `sistercity report` dari RPS, `assessment.csv` dan buku nilai. "
            "Bagian 6 dan 7 diisi dosen. Periksa format dengan templat program studi Anda.",
            f"Assembled {date} by `sistercity report` from the RPS, `assessment.csv` and the "
            "gradebook. Sections 6 and 7 are for the lecturer. Check the form against your "
            "study programme's template.",
        ),
        "",
        say("## 1. Identitas mata kuliah (dari RPS)", "## 1. Course identity (from the RPS)"),
        "",
        _section(rps_text, 1).split("\n", 1)[-1].strip(),
        "",
        say("## 2. Capaian pembelajaran (dari RPS)", "## 2. Learning outcomes (from the RPS)"),
        "",
        _section(rps_text, 2).split("\n", 1)[-1].strip(),
        "",
        say(
            "## 3. Rencana dan pelaksanaan penilaian", "## 3. Assessment plan and what was assessed"
        ),
        "",
        _md_table(
            [
                say("Tugas", "Assignment"),
                say("Judul", "Title"),
                say("Bobot (%)", "Weight (%)"),
                say("Dalam laporan", "In this report"),
            ],
            plan,
        ),
        "",
        say(
            f"Ambang capaian: {report.threshold:g}% (ditetapkan dosen atau program studi). "
            f"Mahasiswa: {len(students)}; dengan nilai: {int(students['score'].notna().sum())}; "
            f"rata-rata bobot yang masih terbuka: {_num(students['open_weight'].mean())}%.",
            f"Attainment threshold: {report.threshold:g}% (set by the lecturer or programme). "
            f"Students: {len(students)}; with a score: {int(students['score'].notna().sum())}; "
            f"mean weight still open: {_num(students['open_weight'].mean())}%.",
        ),
        "",
        say("## 4. Hasil", "## 4. Results"),
        "",
        say("### 4.1 Nilai huruf", "### 4.1 Letter grades"),
        "",
        _md_table([say("Huruf", "Letter"), say("Mahasiswa", "Students")], letters),
        "",
        say(
            f"Rata-rata nilai sejauh ini {_num(students['score'].mean())}, median {_num(students['score'].median())}.",
            f"Mean score so far {_num(students['score'].mean())}, median {_num(students['score'].median())}.",
        ),
        "",
        say("### 4.2 Capaian CPMK", "### 4.2 CPMK attainment"),
        "",
        _md_table(outcome_header, rows("cpmk")),
        "",
        say(
            "### 4.3 Capaian CPL yang dibebankan",
            "### 4.3 Attainment of the CPL charged to the course",
        ),
        "",
        _md_table(outcome_header, rows("cpl")),
        "",
        say("### 4.4 Capaian Sub-CPMK", "### 4.4 Sub-CPMK attainment"),
        "",
        _md_table(outcome_header, rows("sub_cpmk")),
        "",
        say("### 4.5 Capaian menurut tingkat Bloom", "### 4.5 Attainment by Bloom level"),
        "",
        _md_table(outcome_header, rows("bloom")),
        "",
        say("## 5. Analisis butir: butir yang ditandai", "## 5. Item analysis: flagged items"),
        "",
        say(
            "p = tingkat kemudahan, r = daya beda (butir–total terkoreksi). ◆ = kasus berbeda per mahasiswa. "
            "Daftar lengkap ada di laporan HTML.",
            "p = difficulty, r = discrimination (corrected item–total). ◆ = a different case per "
            "student. The full list is in the HTML report.",
        ),
        "",
        _md_table(
            [say("Butir", "Item"), "Sub-CPMK", "Bloom", "p", "r", say("Tanda", "Flags")], flag_rows
        )
        if flag_rows
        else say("Tidak ada butir yang ditandai.", "No item is flagged."),
        "",
        say("## 6. Evaluasi dosen", "## 6. The lecturer's evaluation"),
        "",
        say(
            "Apa yang menjelaskan capaian di bagian 4 dan butir yang ditandai di bagian 5? "
            "Apa yang berjalan baik dan apa yang tidak?",
            "What explains the attainment in section 4 and the items flagged in section 5? "
            "What worked and what did not?",
        ),
        "",
        blank,
        "",
        say("## 7. Rencana perbaikan", "## 7. Improvement plan"),
        "",
        say(
            "Perubahan untuk semester berikutnya (materi, soal, bobot, metode), dengan penanggung jawab dan waktunya.",
            "Changes for the next semester (materials, questions, weights, methods), with who does them and when.",
        ),
        "",
        blank,
        "",
    ]
    return "\n".join(text)


def print_pdf(html_path: Path, pdf_path: Path) -> Path:
    """Print the HTML report as an A4 PDF with the project's Chromium (nothing outside is fetched)."""
    from sistercity.browser import offline_page, with_chromium
    from sistercity.site.handouts import FOOTER

    def work(browser) -> None:
        tab = offline_page(browser)
        tab.goto(Path(html_path).resolve().as_uri(), wait_until="load")
        tab.pdf(
            path=str(pdf_path),
            format="A4",
            landscape=True,
            print_background=True,
            display_header_footer=True,
            header_template="<div></div>",
            footer_template=FOOTER,
            margin={"top": "12mm", "bottom": "16mm", "left": "11mm", "right": "11mm"},
        )

    with_chromium(work)
    return pdf_path


def write(
    report: Report,
    folder: Path,
    rps_texts: dict[str, str],
    assessment: pd.DataFrame,
    title: str = "Sister City Lab",
    pdf: bool = True,
    roster: dict[str, dict] | None = None,
) -> list[Path]:
    """Write ``report.html`` (and ``report.pdf``), ``students.csv`` and ``portofolio_<lang>.md``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "report.html"
    page.write_text(to_html(report, title), encoding="utf-8")
    written = [page]
    if pdf:
        written.append(print_pdf(page, folder / "report.pdf"))
    table = folder / "students.csv"
    table.write_text(to_csv(report, roster), encoding="utf-8")
    written.append(table)
    for lang, text in rps_texts.items():
        target = folder / f"portofolio_{lang}.md"
        target.write_text(to_portfolio(report, text, assessment, lang), encoding="utf-8")
        written.append(target)
    return written
