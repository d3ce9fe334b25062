"""``sistercity report``: what the class learned, from the gradebook (HTML, PDF, CSV, portfolio)."""

from __future__ import annotations

import argparse

from sistercity.commands import add_course_option

HELP = (
    "setelah penilaian: capaian CPMK/CPL per mahasiswa dan kelas, analisis butir soal, dan "
    "portofolio mata kuliah (HTML, PDF A4, CSV per mahasiswa, portofolio_id.md / portofolio_en.md) "
    "/ after grading: CPMK/CPL attainment per student and class, item analysis, and the course "
    "portfolio (HTML, A4 PDF, per-student CSV, portofolio_id.md / portofolio_en.md)"
)

EPILOG = """\
Reads the gradebook of a graded course with course/questions.csv (each graded cell's Sub-CPMK and
Bloom level), course/assessment.csv (weights) and the RPS (Sub-CPMK -> CPMK -> CPL). The letter scale
is <course>/grade_scale.csv (a default Indonesian scale to check against your university's rules;
edit it or give --scale). Work not submitted, not gradable or awaiting manual grading is never
counted as zero: it is reported as open weight.
"""


def add_arguments(parser) -> None:
    """Options of ``sistercity report``."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument(
        "assignments",
        nargs="*",
        help="tugas yang disertakan (bawaan: semua tugas yang dinilai) / "
        "assignments to include (default: every graded one)",
    )
    add_course_option(parser)
    parser.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="ambang capaian dalam persen (bawaan 60) / "
        "attainment threshold in percent (default 60)",
    )
    parser.add_argument(
        "--scale",
        default=None,
        help="CSV skala nilai huruf (bawaan: milik mata kuliah) / "
        "letter-scale CSV (default: course's)",
    )
    parser.add_argument(
        "--roster",
        default=None,
        help="CSV daftar mahasiswa (menambahkan yang tidak mengumpulkan apa pun) / "
        "CSV of students (adds those who sent nothing)",
    )
    parser.add_argument(
        "--output",
        default=None,
        help="folder tujuan (bawaan: <course>/report) / "
        "folder to write into (default: <course>/report)",
    )
    parser.add_argument(
        "--no-pdf",
        action="store_true",
        help="lewati PDF (tidak perlu Chromium) / skip the PDF (no Chromium needed)",
    )


def run(args) -> int:
    """Build the report and write its files; print where they are and a short summary."""
    from pathlib import Path

    import pandas as pd

    from sistercity.course import layout
    from sistercity.grading.paths import resolve_course
    from sistercity.report import course_report, read_text
    from sistercity.report.document import write

    folder = layout(resolve_course(args.course))
    report = course_report(
        folder.root, args.assignments or None, args.threshold, args.scale, args.roster
    )
    rps = {lang: read_text(folder.rps(lang)) for lang in ("id", "en")}
    assessment = pd.read_csv(folder.assessment, dtype={"weight_percent": str})
    target = Path(args.output) if args.output else folder.root / "report"
    roster = None
    if args.roster:
        from sistercity.grading.export import read_roster

        roster = read_roster(args.roster)
    for path in write(report, target, rps, assessment, pdf=not args.no_pdf, roster=roster):
        print(f"wrote / ditulis: {path}")
    students = report.students
    flagged = int((report.items["flags"] != "").sum())
    print(
        f"{len(students)} mahasiswa / students; rata-rata / mean {students['score'].mean():.1f}; "
        f"{flagged} butir ditandai / items flagged; {' '.join(report.notes)}"
    )
    return 0
