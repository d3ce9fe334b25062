"""``sistercity export``: grades as CSV, or as a CSV for Moodle's grade import."""

from __future__ import annotations

import argparse
import sys

HELP = "export grades (csv, or moodle: a CSV for Moodle's Grades > Import > CSV file)"

EPILOG = """\
csv: assignment,student_id,name,score,max_score,status,comment (one row per student and assignment)
moodle: Email address, ID number, Full name, then per assignment "<assignment>" and
"<assignment> - feedback". Give --roster (Moodle: Grades > Export > Plain text file, or a CSV with
student_id,email) so the identifier columns are filled. In Moodle: Grades > Import > CSV file,
upload, then "Identify user by": Map from "Email address" to "Email address" (or "ID number" to
"ID number"); "Grade item mappings": map each assignment column to its grade item and each
"- feedback" column to "Feedback: <item>". Students with no grade have an empty cell (not 0).
Every student of the gradebook, of any grading run (also those whose file failed) and of the
roster has a row per assignment; status: graded | needs manual grading | failed: <reason> |
not submitted. A roster "Group" column gives group members the group's submission. Moodle's
number in downloaded file names is a per-assignment participant id, not the ID number: blind
marking (Participant_<id>) is mapped through a grading worksheet's "Identifier" column.
"""


def add_arguments(parser) -> None:
    """Options of ``sistercity export``."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument("--format", choices=["csv", "moodle"], default="csv", help="file format")
    parser.add_argument("--output", default=None, help="file to write (default: print)")
    parser.add_argument("--roster", default=None, help="CSV with the students' email/ID number")
    parser.add_argument("--course", default=None, help="nbgrader course folder (default: course/)")


def run(args) -> int:
    """Write the export; warn on stderr about Moodle rows that have no identifier."""
    from sistercity.grading.export import collect, read_roster, to_csv, to_moodle
    from sistercity.grading.paths import resolve_course

    course = resolve_course(args.course)
    roster = read_roster(args.roster) if args.roster else {}
    rows = collect(course, roster)
    if args.format == "csv":
        text = to_csv(rows)
    else:
        text, missing = to_moodle(rows, roster)
        if missing:
            print(
                f"warning: no email/ID number for {len(missing)} students (give --roster): "
                + ", ".join(missing[:10]),
                file=sys.stderr,
            )
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        print(f"wrote {args.output} ({len(rows)} rows)")
    else:
        sys.stdout.write(text)
    return 0
