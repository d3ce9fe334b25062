"""``sistercity export``: grades as CSV, or as a CSV for Moodle's grade import."""

from __future__ import annotations

import argparse
import sys

from sistercity.commands import add_course_option

HELP = (
    "ekspor nilai (csv, atau moodle: CSV untuk Grades > Import > CSV file) / "
    "export grades (csv, or moodle: a CSV for Moodle's Grades > Import > CSV file)"
)

EPILOG = """\
csv: satu baris per mahasiswa dan tugas / one row per student and assignment.
moodle: kolom Email address, ID number, Full name, lalu per tugas nilai dan "- feedback"; beri
--roster agar kolom identitas terisi. Nilai yang masih menunggu penilaian manual disebut di
stderr dan dikosongkan di kolom nilai Moodle kecuali --include-pending. Mahasiswa tanpa nilai
mendapat sel kosong (bukan 0).

csv: assignment,student_id,name,score,max_score,status,comment (one row per student and assignment)
moodle: Email address, ID number, Full name, then per assignment "<assignment>" and
"<assignment> - feedback". Give --roster (Moodle: Grades > Export > Plain text file, or a CSV with
student_id,email) so the identifier columns are filled. In Moodle: Grades > Import > CSV file,
upload, then "Identify user by": Map from "Email address" to "Email address" (or "ID number" to
"ID number"); "Grade item mappings": map each assignment column to its grade item and each
"- feedback" column to "Feedback: <item>". Students with no grade have an empty cell (not 0).
Every student of the gradebook, of any grading run (also those whose file failed) and of the
roster has a row per assignment; status: graded | needs manual grading | failed: <reason> |
not submitted. Grades still waiting for manual grading are named on stderr and stay out of
Moodle's grade column unless --include-pending (their feedback column says so). A roster "Group" column gives group members the group's submission. Moodle's
number in downloaded file names is a per-assignment participant id, not the ID number: blind
marking (Participant_<id>) is mapped through a grading worksheet's "Identifier" column.
"""


def add_arguments(parser) -> None:
    """Options of ``sistercity export``."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument(
        "--format", choices=["csv", "moodle"], default="csv", help="format berkas / file format"
    )
    parser.add_argument(
        "--output", default=None, help="berkas tujuan / file to write (default: print)"
    )
    parser.add_argument(
        "--roster",
        default=None,
        help="CSV email/nomor ID mahasiswa / CSV with the students' email/ID number",
    )
    add_course_option(parser)
    parser.add_argument(
        "--include-pending",
        action="store_true",
        help="moodle: masukkan juga nilai sementara yang menunggu penilaian manual / "
        "moodle: also put grades still waiting for manual grading (the autograded part "
        "only) into the grade column",
    )


def run(args) -> int:
    """Write the export; warn on stderr about pending manual grading and rows with no identifier."""
    from sistercity.grading import pending
    from sistercity.grading.export import collect, missing_warning, read_roster, to_csv, to_moodle
    from sistercity.grading.paths import resolve_course
    from sistercity.i18n import both

    course = resolve_course(args.course)
    roster = read_roster(args.roster) if args.roster else {}
    rows = collect(course, roster)
    moodle = args.format == "moodle"
    if moodle:
        text, missing = to_moodle(rows, roster, args.include_pending)
        if missing:
            print(missing_warning(missing), file=sys.stderr)
    else:
        text = to_csv(rows)
    warning = pending.export_warning(rows, args.include_pending, moodle)
    if warning:
        print(warning, file=sys.stderr)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        print(
            both(
                f"{args.output} ditulis ({len(rows)} baris)",
                f"wrote {args.output} ({len(rows)} rows)",
            )
        )
    else:
        sys.stdout.write(text)
    return 0
