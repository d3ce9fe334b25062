"""``sistercity cases``: the per-student cases: which assignments draw them, a new cohort code, a key."""

from __future__ import annotations

from sistercity.commands import add_course_option, add_lang_option

HELP = (
    "kasus per mahasiswa (UTS, proyek akhir bagian A): daftar tugas dan kode angkatannya, kode "
    "latihan (--cohort) atau angkatan bernilai yang disegel rahasia dosen (--new-cohort dengan "
    "--roster), kasus dan jawaban satu mahasiswa (--student NIM), atau kasus dan kunci semua "
    "mahasiswa (--export-keys FILE dengan --roster) / per-student cases (midterm, capstone part "
    "A): list the assignments and their cohort code, set a practice cohort code (--cohort) or a "
    "graded one sealed by a lecturer secret (--new-cohort with --roster), show one student's case "
    "and answers (--student NIM), or write every student's case and key (--export-keys FILE with "
    "--roster)"
)


def add_arguments(parser) -> None:
    """Options: a new cohort code, or the student whose case to show."""
    add_course_option(parser)
    parser.add_argument(
        "--cohort",
        default=None,
        help="tulis kode angkatan ini ke setiap master yang punya sel KODE_ANGKATAN lalu buat "
        "ulang exercises/ dan solutions/ (kode baru memberi setiap mahasiswa kasus baru) / write "
        "this cohort code into every master with a KODE_ANGKATAN cell and regenerate exercises/ "
        "and solutions/ (a new code gives every student a new case)",
    )
    parser.add_argument(
        "--new-cohort",
        default=None,
        metavar="CODE",
        help="angkatan bernilai: tulis CODE ke master, simpan rahasia baru di cohort_secrets.json "
        "mata kuliah (tidak pernah dirilis), undi kasus mahasiswa di daftar kelas (tidak ada dua "
        "kunci yang sama lebih dari separuh) lalu rilis kasus itu tanpa kunci di samping setiap "
        "master / "
        "a graded cohort: write CODE into the masters, store a new secret in the course's "
        "cohort_secrets.json (never released), draw the roster's cases (no two keys sharing more "
        "than half) and release them without keys next to each master",
    )
    parser.add_argument(
        "--roster",
        default=None,
        help="daftar kelas (CSV: student_id dan/atau nomor ID, mis. ekspor Moodle), untuk "
        "--new-cohort dan --export-keys / the class list (CSV: student_id and/or ID number, e.g. "
        "Moodle's export), for --new-cohort and --export-keys",
    )
    parser.add_argument(
        "--export-keys",
        default=None,
        metavar="FILE",
        help="tulis kasus dan kunci setiap mahasiswa di daftar kelas (CSV, label dalam dua bahasa) "
        "ke FILE / "
        "write every roster student's case and key (CSV, labels in both languages) to FILE",
    )
    parser.add_argument(
        "--student",
        default=None,
        help="NIM atau id seorang mahasiswa: cetak kasus dan jawabannya / "
        "a student's NIM or id: print their cases and the answers",
    )
    add_lang_option(parser)


def variant_masters(course) -> dict[str, str]:
    """Assignment -> cohort code, for every master that draws a case per student."""
    import nbformat

    from sistercity.authoring import assignments
    from sistercity.grading.kernels.identity import cohort_of

    found = {}
    for assignment in assignments(course.root):
        cohort = cohort_of(nbformat.read(course.master(assignment), as_version=4))
        if cohort:
            found[assignment] = cohort
    return found


def case_kinds(course) -> dict[str, str]:
    """Assignment -> kind of case (``midterm``/``capstone``) its hidden tests ask for."""
    import re

    import nbformat

    kinds = {}
    for assignment in variant_masters(course):
        # The kind is in the master's hidden tests, or (since the verdicts moved to the grader)
        # in its key file beside it, where quotes are escaped.
        nb = nbformat.read(course.master(assignment), as_version=4)
        keys = course.master(assignment).parent / "verdicts.json"
        text = "\n".join(c.source for c in nb.cells)
        text += "\n" + (keys.read_text(encoding="utf-8") if keys.is_file() else "")
        found = re.search(r"case_key\(\s*\\?[\"'](\w+)\\?[\"']", text)
        if found is not None and found.group(1) in ("midterm", "capstone"):
            kinds[assignment] = found.group(1)
    return kinds


def roster_keys(path) -> list[tuple[str, str]]:
    """(student id, NIM) of every roster student: the LMS ID number when given, else the id."""
    from sistercity.grading.export import read_roster

    rows = []
    for student, entry in read_roster(path).items():
        if entry.get("blind"):
            continue
        rows.append((student, entry.get("idnumber") or student))
    return rows


#: Labels of the answers of each kind of key (Indonesian, English).
KEY_LABELS = {
    "era": ("Soal 1: era", "Question 1: era"),
    "remaining_stages": ("Soal 2: tahap tersisa", "Question 2: stages left"),
    "refused_step": ("Soal 3: langkah ditolak", "Question 3: refused step"),
    "broken_rule": ("Soal 4: aturan dilanggar", "Question 4: rule broken"),
    "typology": ("Soal 5: tipologi", "Question 5: typology"),
    "statements": ("Soal 6: asumsi atau aturan", "Question 6: assumption or rule"),
    "false_claim": ("Soal 7: klaim keliru", "Question 7: false claim"),
    "deadlines": ("Soal 8: tenggat", "Question 8: deadlines"),
    "deadlines_also": ("Soal 8: tanggal lain yang juga benar", "Question 8: other dates accepted"),
    "already_partnered": ("A1: sudah bermitra", "A1: already partners"),
    "eligible": ("A2: memenuhi syarat", "A2: eligible"),
    "best": ("A3: mitra terbaik", "A3: best partner"),
    "shared_problems": ("A4: masalah bersama", "A4: shared problems"),
    "weighted_score": ("A5: skor tertimbang", "A5: weighted score"),
}


def _summary(case) -> str:
    if hasattr(case, "shortlist"):
        return f"{case.home} | {' '.join(case.shortlist)}"
    return f"{case.year}: {case.region} - {case.partner} ({case.partner_country})"


def export_keys(course, roster_path, target) -> int:
    """Write one CSV row per student, assignment and answer: the case and the right answer."""
    import csv
    from dataclasses import fields

    from sistercity.cases import capstone_case, key_for, midterm_case
    from sistercity.cases.cohort import released_case

    kinds, cohorts = case_kinds(course), variant_masters(course)
    public = {"midterm": midterm_case, "capstone": capstone_case}
    rows = []
    for student, nim in roster_keys(roster_path):
        for assignment, kind in kinds.items():
            cohort = cohorts[assignment]
            folder = course.root / "source" / assignment
            case = released_case(kind, nim, cohort, folder) or public[kind](nim, cohort)
            key = key_for(kind, nim, cohort, course.root)
            for item in fields(key):
                label_id, label_en = KEY_LABELS[item.name]
                rows.append(
                    {
                        "student_id": student,
                        "nim": nim,
                        "assignment": assignment,
                        "cohort": cohort,
                        "case": _summary(case),
                        "answer_id": item.name,
                        "label_id": label_id,
                        "label_en": label_en,
                        "answer": _readable(getattr(key, item.name)),
                    }
                )
    with open(target, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["student_id"])
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def set_cohort(course, code: str) -> list[str]:
    """Write ``code`` into the KODE_ANGKATAN cell of every variant master; return their names."""
    import re

    import nbformat

    from sistercity.errors import UserError
    from sistercity.grading.kernels.identity import COHORT_PATTERN
    from sistercity.i18n import both

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{1,40}", code):
        raise UserError(
            both(
                f"Kode angkatan {code!r} tidak bisa dipakai: pakai huruf, angka, '-', '_' atau '.', "
                "mis. HI-2027-ganjil.",
                f"Cohort code {code!r} cannot be used: use letters, digits, '-', '_' or '.', e.g. "
                "HI-2027-odd.",
            )
        )
    changed = []
    for assignment in variant_masters(course):
        path = course.master(assignment)
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("locked"):
                cell.source = COHORT_PATTERN.sub(f'KODE_ANGKATAN = "{code}"', cell.source)
        nbformat.write(nb, path)
        changed.append(assignment)
    return changed


def run(args) -> int:
    """List, set or show per-student cases."""
    from sistercity.course import layout
    from sistercity.grading.paths import resolve_course
    from sistercity.i18n import pick

    course = layout(resolve_course(args.course))
    lang = args.lang
    if args.new_cohort or args.export_keys:
        from sistercity.errors import UserError
        from sistercity.i18n import both

        if not args.roster:
            raise UserError(
                both(
                    "Beri daftar mahasiswa dengan --roster FILE (CSV, mis. ekspor Moodle).",
                    "Give the class list with --roster FILE (a CSV, e.g. Moodle's export).",
                )
            )
    if args.new_cohort:
        return _new_cohort(course, args.new_cohort, args.roster, lang)
    if args.export_keys:
        count = export_keys(course, args.roster, args.export_keys)
        print(
            pick(
                lang,
                id=f"{count} baris kunci ditulis ke {args.export_keys} (jangan dibagikan).",
                en=f"{count} key rows written to {args.export_keys} (do not share it).",
            )
        )
        return 0
    if args.cohort:
        changed = set_cohort(course, args.cohort)
        from sistercity.authoring import regenerate

        regenerate(changed)
        print(
            pick(
                lang,
                id=f"Kode angkatan {args.cohort} ditulis ke {', '.join(changed)}; exercises/ dan "
                "solutions/ dibuat ulang. Kunci jawaban solutions/ dibuat untuk NIM contoh di sel NIM "
                "(perbarui jawabannya bila perlu: sistercity cases --student NIM).",
                en=f"Cohort code {args.cohort} written into {', '.join(changed)}; exercises/ and "
                "solutions/ regenerated. The keys in solutions/ are for the sample NIM of the NIM "
                "cell (update its answers if needed: sistercity cases --student NIM).",
            )
        )
        return 0
    masters = variant_masters(course)
    if not args.student:
        for assignment, cohort in masters.items():
            print(f"{assignment}: KODE_ANGKATAN = {cohort}")
        return 0
    from sistercity.cases import capstone_case, key_for, midterm_case
    from sistercity.cases.cohort import released_case

    public = {"midterm": midterm_case, "capstone": capstone_case}
    for assignment, kind in case_kinds(course).items():
        cohort = masters[assignment]
        folder = course.root / "source" / assignment
        case = released_case(kind, args.student, cohort, folder)
        case = case or public[kind](args.student, cohort)
        print(f"## {assignment} ({cohort})\n")
        print(case.markdown(lang))
        key = key_for(kind, args.student, cohort, course.root)
        print("\n" + "\n".join(key_lines(key)) + "\n")
    return 0


def key_lines(key) -> list[str]:
    """A case's key as lines a lecturer reads: each answer's label in Indonesian, then English."""
    from dataclasses import fields

    lines = ["Kunci jawaban / Answer key:"]
    for item in fields(key):
        label_id, label_en = KEY_LABELS.get(item.name, (item.name, item.name))
        lines.append(f"- {label_id} / {label_en}: {_readable(getattr(key, item.name))}")
    return lines


def _readable(value) -> str:
    """An answer as a person writes it: items separated by commas, pairs as "a: b"."""
    if isinstance(value, dict):
        # An item with nothing in it (a province has no governor's deadline) is left out.
        return "; ".join(
            f"{k}: {_readable(v)}" for k, v in sorted(value.items()) if v not in ((), [], "", None)
        )
    if isinstance(value, tuple | list | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return ", ".join(_readable(v) for v in items)
    if isinstance(value, bool):
        return "ya / yes" if value else "tidak / no"
    return str(value)


def _new_cohort(course, code: str, roster: str, lang: str) -> int:
    """Set a graded cohort: code in the masters, secret in the course, cases released without keys."""
    from sistercity.authoring import regenerate
    from sistercity.cases.cohort import SECRETS_FILE, new_cohort
    from sistercity.i18n import pick

    kinds = case_kinds(course)
    keys = [k for pair in roster_keys(roster) for k in dict.fromkeys(pair)]
    changed = set_cohort(course, code)
    worst = new_cohort(course.root, code, keys, kinds)
    regenerate(changed)
    for assignment, share in worst.items():
        print(
            pick(
                lang,
                id=f"{assignment}: paling banyak {100 * share:.0f}% poin kunci sama antara dua "
                "mahasiswa.",
                en=f"{assignment}: at most {100 * share:.0f}% of a key's points shared by two "
                "students.",
            )
        )
    print(
        pick(
            lang,
            id=f"Angkatan {code}: rahasia disimpan di {course.root / SECRETS_FILE} (jangan "
            "dibagikan, jangan di-commit); kasus tanpa kunci dirilis bersama tugas.",
            en=f"Cohort {code}: the secret is stored in {course.root / SECRETS_FILE} (do not share "
            "or commit it); the cases are released with the assignment without their keys.",
        )
    )
    return 0
