"""``sistercity grade``: import an LMS download and autograde the whole class in parallel."""

from __future__ import annotations

import argparse

from sistercity.commands import add_course_option

HELP = (
    "nilai satu kelas: impor unduhan LMS (zip/folder Moodle/Classroom) dan nilai otomatis / "
    "grade a class: import an LMS download (Moodle/Classroom zip or folder) and autograde it"
)

EPILOG_TAIL = """
Status: dinilai / graded (nilai/maks) | perlu penilaian manual / needs manual grading
(formgrader) | tidak bisa dinilai / could not be graded (alasan / reason) | digantikan /
superseded (berkas lama mahasiswa yang sama / an older file of the same student).

Penilaian ulang digabung dengan run sebelumnya: mahasiswa yang tidak ada di unduhan baru, atau
yang unggahan terbarunya bukan notebook atau tidak bisa dinilai, tetap memegang nilai lamanya
(dengan catatan); run menyebut siapa yang dipertahankan, diganti atau baru.
`grade --forget TUGAS [MAHASISWA]` menghapus catatan run (mis. unduhan yang dinilai dengan nama
tugas yang salah).
A re-grade merges with earlier runs: a student absent from the new download, or whose newest
upload is no notebook or cannot be graded, keeps her earlier graded result (noted); the run
lists who was kept, replaced or added. `grade --forget ASSIGNMENT [STUDENT]` removes what runs
recorded (e.g. a download graded under the wrong assignment name).

Batas per tugas / limits per submission: --time-limit (detik / seconds), --memory-limit (MB),
dan batas waktu per sel mata kuliah / and the course's per-cell timeout
(settings.CELL_TIMEOUT_SECONDS). Berkas kiriman tidak pernah diubah / submitted files are never
changed.

--comments: bank komentar untuk soal yang dinilai manual, juga ditulis ke / the comment bank for
the manually graded questions, also written to course/grading/<assignment>/comment_bank.html.
"""


def add_arguments(parser) -> None:
    """Options of ``sistercity grade``."""
    from sistercity.grading import settings
    from sistercity.grading.lms import PATTERNS_HELP

    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = PATTERNS_HELP + EPILOG_TAIL
    parser.add_argument("assignment", help="nama tugas / assignment name, e.g. ex01_kota_kembar")
    parser.add_argument(
        "student",
        nargs="?",
        default=None,
        help="dengan --forget: hanya catatan mahasiswa ini / with --forget: only this student's records",
    )
    parser.add_argument(
        "--from",
        dest="source",
        help="folder atau zip unduhan LMS / folder or zip downloaded from the LMS",
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="proses paralel / parallel workers (default: cores)"
    )
    add_course_option(parser)
    parser.add_argument(
        "--time-limit",
        type=int,
        default=settings.SUBMISSION_WALL_SECONDS,
        help="detik per tugas / wall-clock seconds per submission (default: %(default)s)",
    )
    parser.add_argument(
        "--memory-limit",
        type=int,
        default=settings.KERNEL_MEMORY_MB,
        help="memori per kernel (MB) / memory per kernel in MB (default: %(default)s)",
    )
    parser.add_argument(
        "--cell-timeout",
        type=int,
        default=None,
        help="detik per sel / seconds per cell (default: course setting)",
    )
    parser.add_argument(
        "--roster",
        default=None,
        help="ekspor nilai Moodle (Plain text file) atau CSV student_id/nama dan nomor ID: mencatat "
        "NIM tiap mahasiswa / Moodle's plain-text grade export (or a CSV with student_id/full name "
        "and ID number): "
        "records each student's ID number (NIM) in the gradebook, which assignments with a case "
        "for every student need",
    )
    parser.add_argument(
        "--forget",
        action="store_true",
        help="hapus catatan penilaian tugas ini (atau hanya MAHASISWA) / "
        "remove what grading runs recorded for the assignment (or only STUDENT): gradebook "
        "submission, status, submitted/autograded/feedback copies",
    )
    parser.add_argument(
        "--comments",
        action="store_true",
        help="tampilkan bank komentar soal manual (tanpa menilai) / show the comment bank for the manual questions (no grading)",
    )


def run(args) -> int:
    """Grade the class and print one row per student; exit 0 even when some could not be graded."""
    from sistercity.errors import UserError
    from sistercity.grading.paths import resolve_course
    from sistercity.i18n import both

    course = resolve_course(args.course)
    if args.forget:
        from sistercity.grading.forget import forget

        gone = forget(course, args.assignment, args.student)
        print(
            both(
                f"{args.assignment}: catatan penilaian dihapus untuk {len(gone)} mahasiswa",
                f"{args.assignment}: forgot what was recorded for {len(gone)} students",
            )
            + f": {', '.join(gone)}"
        )
        print(
            both(
                "halaman dosen umpan balik dihapus; jalankan `sistercity feedback` lagi untuk "
                "membuatnya kembali",
                "the lecturer's feedback page was removed; run `sistercity feedback` again to "
                "rebuild it",
            )
        )
        return 0
    if args.student:
        raise UserError(
            both(
                f"nama mahasiswa ({args.student}) hanya dipakai bersama --forget",
                f"a student name ({args.student}) is only used with --forget",
            )
        )
    if args.comments:
        from sistercity.grading import names
        from sistercity.grading.comments import show_bank

        names.check(course, args.assignment)

        print(show_bank(course, args.assignment))
        return 0
    if not args.source:
        raise UserError(
            both(
                "beri --from FOLDER_ATAU_ZIP (unduhan LMS)",
                "give --from FOLDER_OR_ZIP (the LMS download)",
            )
        )
    from sistercity.grading.export import read_roster
    from sistercity.grading.grade import grade
    from sistercity.grading.report import format_table

    outcome = grade(
        args.assignment,
        args.source,
        course,
        jobs=args.jobs,
        wall_seconds=args.time_limit,
        memory_mb=args.memory_limit,
        cell_timeout=args.cell_timeout,
        roster=read_roster(args.roster) if args.roster else None,
    )
    print(format_table(outcome))
    return 0
