"""A case for every student: the draws, their keys, and the checks that bind a notebook to its student."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest

from sistercity import cases
from sistercity.cases import model
from sistercity.regimes import eras, get_regime

COHORT = "HI-2026"
KEYS = [f"22{i:08d}" for i in range(300)]


def test_same_key_and_cohort_give_the_same_case():
    """A student sees the same case every time; spaces and case in the NIM do not matter."""
    first = cases.midterm_case("2210611001", COHORT)
    again = cases.midterm_case("  2210611001 ", COHORT)
    assert first == again
    assert cases.midterm_key("22.106.11001", COHORT) == cases.midterm_key("2210611001", COHORT)
    assert cases.capstone_case("Siti Nurhaliza", COHORT) == cases.capstone_case(
        "siti-nurhaliza", COHORT
    )


def test_another_cohort_code_gives_other_cases():
    """A lecturer's new cohort code changes the cases (and so the answers) of the whole class."""
    old = [cases.midterm_key(key, COHORT) for key in KEYS[:40]]
    new = [cases.midterm_key(key, "HI-2027") for key in KEYS[:40]]
    assert sum(a != b for a, b in zip(old, new, strict=True)) >= 38


@pytest.mark.slow  # draws hundreds of cases: several seconds each
def test_answers_differ_between_students():
    """Among 300 students no two midterm answer sets are the same, and few capstone keys repeat."""
    seen = set()
    for key in KEYS:
        answers = cases.midterm_key(key, COHORT)
        seen.add(
            (
                answers.era,
                answers.remaining_stages,
                answers.refused_step,
                answers.broken_rule,
                tuple(sorted(answers.typology.items())),
                tuple(sorted(answers.statements.items())),
                answers.false_claim,
            )
        )
    assert len(seen) == len(KEYS)
    # Practice mode: few capstone keys repeat. A graded cohort redraws until no two keys share
    # more than half (tests/test_cohorts.py).
    capstone = Counter(cases.capstone_key(key, COHORT) for key in KEYS[:100])
    assert capstone.most_common(1)[0][1] <= 5


def test_a_case_shows_no_answer():
    """What the student is told holds no era id, no rule id and no typology label."""
    for key in KEYS[:30]:
        case = cases.midterm_case(key, COHORT)
        text = case.markdown("id") + case.markdown("en")
        answers = cases.midterm_key(key, COHORT)
        assert answers.broken_rule == "" or answers.broken_rule not in text
        assert not any(f"`{k}`: {v}" in text for k, v in answers.typology.items())
        assert "|" not in "".join(item.text_en for item in case.activities + case.claims)
        assert not hasattr(case, "era")


@pytest.mark.slow  # draws hundreds of cases: several seconds each
def test_the_year_falls_inside_the_era_of_the_key():
    """Every case's year lies in the era its key names, never in an era's first year."""
    known = {era.era: era for era in eras()}
    for key in KEYS[:120]:
        case, answers = cases.midterm_case(key, COHORT), cases.midterm_key(key, COHORT)
        from sistercity.procedure import era_for_year

        assert era_for_year(eras(), case.year).era == answers.era
        assert case.year != known[answers.era].first_year


@pytest.mark.slow  # draws hundreds of cases: several seconds each
def test_the_refused_step_is_what_the_stepper_refuses():
    """Running the case's account through the stepper refuses exactly the step the key names."""
    from sistercity.regimes import diplomatic_relations
    from sistercity.stepper import Stepper

    relations = diplomatic_relations()
    refused_any = False
    for key in KEYS[:80]:
        case, answers = cases.midterm_case(key, COHORT), cases.midterm_key(key, COHORT)
        stepper = Stepper(get_regime(answers.era), case.proposal, relations)
        first = 0
        for step in case.steps:
            outcome = stepper.decide(step.decision)
            if not outcome.accepted:
                first = step.number
                assert outcome.rule_id == answers.broken_rule
                break
        assert first == answers.refused_step
        refused_any |= first > 0
    assert refused_any


@pytest.mark.slow  # draws hundreds of cases: several seconds each
def test_remaining_stages_follow_the_era_order():
    """The stages left after the completed one are the era's stages after it, in order."""
    for key in KEYS[:60]:
        case, answers = cases.midterm_case(key, COHORT), cases.midterm_key(key, COHORT)
        regime = get_regime(answers.era)
        names = [s.name_en for s in regime.stages]
        done = names.index(case.done_stage_name_en)
        assert answers.remaining_stages == regime.stage_ids[done + 1 :]
        assert answers.remaining_stages[-1] == regime.stage_ids[-1]


@pytest.mark.slow  # draws hundreds of cases: several seconds each
def test_press_release_has_one_false_claim_checked_against_the_data():
    """The claim the key calls false contradicts the data; every other claim agrees with it."""
    from sistercity.regimes import diplomatic_relations

    relations = diplomatic_relations()
    for key in KEYS[:60]:
        case, answers = cases.midterm_case(key, COHORT), cases.midterm_key(key, COHORT)
        for claim in case.claims:
            text = claim.text_en
            if "diplomatic relations" in text:
                says_yes = "has diplomatic relations" in text
                truth = relations[case.partner_country] == says_yes
                assert truth == (claim.item_id != answers.false_claim), (key, text)
            if "DPR (the national parliament)" in text:
                assert claim.item_id == answers.false_claim
            if "Minister of Home Affairs." in text and "Full Powers" in text:
                assert claim.item_id == answers.false_claim


@pytest.mark.slow  # draws hundreds of cases: several seconds each
def test_typology_follows_who_takes_part():
    """Activities naming officials on both sides are G2G, and pupils or arts groups P2P."""
    for key in KEYS[:60]:
        case, answers = cases.midterm_case(key, COHORT), cases.midterm_key(key, COHORT)
        for item in case.activities:
            if item.text_en.startswith(("Officials of both", "Staff of")):
                assert answers.typology[item.item_id] == "G2G"
            if item.text_en.startswith(("School pupils", "Community arts")):
                assert answers.typology[item.item_id] == "P2P"


def _working_days_after(day, count):
    """The ``count``-th Monday-to-Friday day after ``day``, counted one calendar day at a time."""
    import datetime as dt

    while count:
        day += dt.timedelta(days=1)
        count -= day.weekday() < 5
    return day


def test_deadlines_follow_the_clocks_of_legal_clocks():
    """Each deadline is its event's date plus its clock's limit (counted day by day), every event
    falls on a working day after the clock came into force, and only a regency or a city has the
    governor's item (Permendagri 25/2020 Pasal 18 ayat (4) governs their proposals alone).
    """
    import datetime as dt

    from sistercity.data import load

    clocks = load("legal_clocks").set_index("clock_id")
    levels = set()
    data = cases._midterm_data()
    for key in KEYS[:60]:
        case, answers = cases._midterm_draw(key, COHORT, data)
        events = {e.item_id: dt.date.fromisoformat(e.date) for e in case.events}
        wanted = {"loi", "dprd"} | ({"gubernur"} if case.region_level != "province" else set())
        assert set(events) == wanted == set(answers.deadlines)
        assert dt.date.fromisoformat(case.restart_date) < events["loi"] < events["dprd"]
        assert events["dprd"] - events["loi"] < dt.timedelta(days=365)  # the LoI is still valid
        for item, day in events.items():
            clock = clocks.loc[model.DEADLINE_CLOCKS[item][0]]
            assert day.weekday() < 5 and day > clock["in_force_from"] and day.year > case.year
            end = dt.date.fromisoformat(answers.deadlines[item])
            if clock["limit_unit"] == "working_days":
                assert end == _working_days_after(day, int(clock["limit_value"]))
                assert answers.deadlines_also[item] == ()
            else:
                assert (end.year - day.year, end.month, end.day) == (1, day.month, day.day)
                also = answers.deadlines_also[item]
                assert also == ((end - dt.timedelta(days=1)).isoformat(),)
        levels.add(case.region_level)
        text = case.markdown("id") + case.markdown("en")
        assert all(e.date in text for e in case.events)
        shown = {e.date for e in case.events} | {case.restart_date}
        assert not any(d in text for d in answers.deadlines.values() if d not in shown)
    assert {"province", "city"} <= levels


def test_the_midterm_quotes_its_clocks_verbatim():
    """Every quotation in question 8 of the master is a verbatim piece of a legal_clocks quote."""
    import re

    import nbformat

    from sistercity.data import load

    nb = nbformat.read(ROOT / "course" / "source" / MIDTERM / f"{MIDTERM}.ipynb", as_version=4)
    text = next(c.source for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == "q8_tenggat")
    text = text.split("**[EN]**")[0]  # the quotes stand in the Indonesian part
    quotes = [" ".join(q.split()) for q in re.findall(r'\*\*: "([^"]+)"', text)]
    clocks = " ".join(" ".join(q.split()) for q in load("legal_clocks")["quote"])
    assert len(quotes) == 3
    for quote in quotes:
        for piece in quote.split(" … "):
            assert piece in clocks, piece


def test_known_pairs_are_found_as_existing():
    """Pairs in agreements.csv are recognised under the candidates' names; others are not."""
    from sistercity.data import load

    agreements = load("agreements")
    assert model.already_partnered("Surabaya", "Busan", agreements)
    assert model.already_partnered("DKI Jakarta", "Tokyo", agreements)
    assert model.already_partnered("DI Yogyakarta", "Kyoto Prefecture", agreements)
    assert not model.already_partnered("Bandung", "Tokyo", agreements)
    assert not model.already_partnered("Semarang", "Ho Chi Minh City", agreements)


@pytest.mark.slow  # draws hundreds of cases: several seconds each
def test_capstone_best_partner_meets_the_checked_rules_and_is_new():
    """The key's best partner has diplomatic relations, an equal level or a comparable territory
    (Permendagri 25/2020 Pasal 5 ayat (3) huruf a: "dan/atau"), and no agreement yet.
    """
    from sistercity.data import load
    from sistercity.partners.model import COMPARABLE_AREA_RATIO

    candidates = load("candidates").set_index("candidate_id")
    relations = load("countries").set_index("country")["diplomatic_relations"]
    for key in KEYS[:60]:
        case, answers = cases.capstone_case(key, COHORT), cases.capstone_key(key, COHORT)
        assert len(case.shortlist) == model.SHORTLIST
        assert answers.best in case.shortlist
        assert answers.best in answers.eligible and answers.best not in answers.already_partnered
        assert relations[candidates.loc[answers.best, "country"]] == "yes"
        home, best = candidates.loc[case.home], candidates.loc[answers.best]
        same_level = best["level"] == home["level"]
        areas = sorted((home["area_km2"], best["area_km2"]))
        assert same_level or areas[1] / areas[0] <= COMPARABLE_AREA_RATIO


@pytest.mark.parametrize("bad", ["", "   ", "ISI NIM ANDA", None, 2210611001])
def test_an_empty_or_non_text_nim_says_what_to_do(bad):
    """A missing NIM is refused in both languages, naming what to write."""
    with pytest.raises(cases.CaseError, match="NIM"):
        cases.midterm_case(bad, COHORT)


def _in_fresh_kernel(code: str) -> str:
    """Run ``code`` in a new Python process (the identity is sealed once per process)."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.strip()


def test_a_sealed_identity_accepts_only_the_graded_students_nim():
    """Once the grader seals whom it grades, another student's NIM fails and the own NIM passes."""
    identity = json.dumps({"keys": ["ani", "2210611001"], "cohort": COHORT})
    out = _in_fresh_kernel(
        "import sistercity.checks as c\n"
        f"c.seal_identity({identity!r})\n"
        "c.seal_identity('{}')  # a second call (student code) changes nothing\n"
        "print(c.case_key('midterm', '2210611001', 'OTHER').era)\n"
        "print(c.case_key('midterm', 'Ani', 'OTHER').era)\n"
        "try:\n    c.case_key('midterm', '2210611002', 'OTHER')\nexcept AssertionError as e:\n"
        "    print('refused', 'bukan NIM' in str(e))\n"
    )
    lines = out.splitlines()
    assert lines[0] == cases.midterm_key("2210611001", COHORT).era
    assert lines[1] == cases.midterm_key("ani", COHORT).era
    assert lines[2] == "refused True"


def test_grading_without_a_known_student_fails_closed():
    """A kernel sealed without an identity refuses every case check instead of trusting the NIM."""
    out = _in_fresh_kernel(
        "import sistercity.checks as c\nc.seal_identity('')\n"
        "try:\n    c.case_key('capstone', '2210611001', 'HI-2026')\nexcept AssertionError as e:\n"
        "    print('refused', 'tidak tahu' in str(e))\n"
    )
    assert out == "refused True"


def test_replacing_a_cached_course_function_is_caught():
    """Swapping the data loader's cache for a fake is detected by the checks, like other code."""
    out = _in_fresh_kernel(
        "import sistercity.checks as c, sistercity.data as d\n"
        "d._load_cached = lambda *a: None\n"
        "try:\n    c.expect(1, 1, 'x')\nexcept AssertionError as e:\n    print('caught', e)\n"
    )
    assert out.startswith("caught") and "_load_cached" in out


def test_the_exec_line_seals_the_cohort_of_the_locked_cell():
    """The grader's kernel argument carries the student's ids and the cohort of the locked cell."""
    import nbformat

    from sistercity.grading.kernels.identity import EXEC_LINE_PREFIX, cohort_of, exec_line

    nb = nbformat.v4.new_notebook()
    locked = nbformat.v4.new_code_cell('KODE_ANGKATAN = "HI-2030"')
    locked.metadata["nbgrader"] = {"locked": True, "grade_id": "kode", "schema_version": 3}
    forged = nbformat.v4.new_code_cell('KODE_ANGKATAN = "FORGED"')
    nb.cells = [forged, locked]
    assert cohort_of(nb) == "HI-2030"
    line = exec_line(nb, {"nbgrader": {"student": "ani", "db_url": None}})
    assert line.startswith(EXEC_LINE_PREFIX)
    code = line[len(EXEC_LINE_PREFIX) :]
    sealed = _in_fresh_kernel(
        code.replace(
            "del _sistercity_checks",
            "print(_sistercity_checks.case_key('midterm', 'ani', 'X').era)",
        )
    )
    assert sealed == cases.midterm_key("ani", "HI-2030").era


# --- graded by nbgrader: a correct solution earns full marks only for its own student -----------

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]
MIDTERM = "uts_kasus"
#: The students of the grading tests: nbgrader id -> ID number (NIM) in the gradebook.
CLASS = {"ani": "2210611001", "budi": "2210611002", "citra": "2210611003", "dewi": "2210611004"}


def midterm_answers_source(nim: str) -> dict[str, str]:
    """The answer cells a student who solves the midterm case of ``nim`` correctly writes."""
    key = cases.midterm_key(nim, COHORT)
    return {
        "nim": f"NIM = {nim!r}",
        "era_kasus": f"era_kasus = {key.era!r}",
        "tahap_tersisa": f"tahap_tersisa = {list(key.remaining_stages)!r}",
        "langkah_ditolak": f"langkah_ditolak = {key.refused_step}",
        "aturan_dilanggar": f"aturan_dilanggar = {key.broken_rule!r}",
        "tipologi": f"tipologi = {dict(key.typology)!r}",
        "asumsi_atau_aturan": f"asumsi_atau_aturan = {dict(key.statements)!r}",
        "pernyataan_keliru": f"pernyataan_keliru = {key.false_claim!r}",
        "tenggat": f"tenggat = {dict(key.deadlines)!r}",
    }


def filled(release, sources: dict[str, str]):
    """A copy of the student version with the given answer cells filled in."""
    import copy

    nb = copy.deepcopy(release)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in sources:
            cell.source = sources[grade_id]
    return nb


def _variant_scores(gradebook_url: str, students) -> dict[str, dict[str, float]]:
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(gradebook_url, "sistercity") as gradebook:
        for student in students:
            notebook = gradebook.find_submission_notebook(MIDTERM, MIDTERM, student)
            scores[student] = {
                g.name: (g.auto_score or 0.0, g.max_score)
                for g in notebook.grades
                if g.cell.cell_type == "code"
            }
    return scores


@pytest.fixture(scope="module")
def midterm_course(tmp_path_factory):
    """A course copy holding the midterm, its release, and the class's ID numbers in the gradebook."""
    import shutil

    import nbformat
    from nbgrader.api import Gradebook

    from sistercity import authoring

    tmp = tmp_path_factory.mktemp("midterm")
    course = tmp / "course"
    shutil.copytree(ROOT / "course" / "source" / MIDTERM, course / "source" / MIDTERM)
    shutil.copy(ROOT / "course" / "nbgrader_config.py", course / "nbgrader_config.py")
    db = f"sqlite:///{tmp / 'gradebook.db'}"
    common = [f"--db={db}", f"--CourseDirectory.root={course}", "--log-level=WARN"]
    common += [f"--CourseDirectory.release_directory={tmp / 'release'}"]
    authoring.run_nbgrader(["generate_assignment", MIDTERM, "--force", *common], course)
    with Gradebook(db, "sistercity") as gradebook:
        for student, nim in CLASS.items():
            gradebook.update_or_create_student(student, lms_user_id=nim)
    release = nbformat.read(tmp / "release" / MIDTERM / f"{MIDTERM}.ipynb", as_version=4)
    return course, db, common, release


@pytest.mark.slow
@pytest.mark.nbgrader
def test_a_copied_solution_earns_nothing_for_another_student(midterm_course):
    """Two students' own correct work gets full marks; A's work handed in by others does not.

    ``citra`` hands in Ani's notebook as it is (Ani's NIM), ``dewi`` hands in Ani's answers under
    her own NIM: nbgrader's own ``autograde`` with the course configuration gives both far less.
    """
    import nbformat

    from sistercity import authoring

    course, db, common, release = midterm_course
    ani = midterm_answers_source(CLASS["ani"])
    work = {
        "ani": ani,
        "budi": midterm_answers_source(CLASS["budi"]),
        "citra": ani,
        "dewi": {**ani, "nim": f"NIM = {CLASS['dewi']!r}"},
    }
    for student, sources in work.items():
        folder = course / "submitted" / student / MIDTERM
        folder.mkdir(parents=True)
        nbformat.write(filled(release, sources), folder / f"{MIDTERM}.ipynb")
        (folder / "timestamp.txt").write_text("2026-10-20 09:00:00.000000 UTC")
    authoring.run_nbgrader(["autograde", MIDTERM, "--force", *common], course)
    scores = _variant_scores(db, work)
    full = {name: top for name, (_, top) in scores["ani"].items()}
    assert sum(full.values()) == sum(model.KEY_POINTS["midterm"].values()) == 17
    for student in ("ani", "budi"):
        earned = {name: got for name, (got, _) in scores[student].items()}
        assert earned == full, student
    copied = sum(got for got, _ in scores["citra"].values())
    assert copied == 0, scores["citra"]
    renamed = sum(got for got, _ in scores["dewi"].values())
    assert renamed <= 0.5 * sum(full.values()), scores["dewi"]


@pytest.mark.slow
@pytest.mark.nbgrader
def test_sistercity_grade_checks_the_case_against_the_roster(tmp_path):
    """From a Moodle folder and roster, `grade` binds each notebook to the student's ID number."""
    import shutil

    import nbformat

    from sistercity import authoring
    from sistercity.cli import main

    course = tmp_path / "course"
    shutil.copytree(ROOT / "course" / "source" / MIDTERM, course / "source" / MIDTERM)
    shutil.copy(ROOT / "course" / "nbgrader_config.py", course / "nbgrader_config.py")
    authoring.run_nbgrader(["generate_assignment", MIDTERM, "--create"], course)
    release = nbformat.read(tmp_path / "exercises" / MIDTERM / f"{MIDTERM}.ipynb", as_version=4)
    download = tmp_path / "moodle"
    names = {"ani": ("Ani", "Lestari"), "budi": ("Budi", "Santoso"), "citra": ("Citra", "Dewi")}
    ani = midterm_answers_source(CLASS["ani"])
    work = {"ani": ani, "budi": midterm_answers_source(CLASS["budi"]), "citra": ani}
    for number, (student, sources) in enumerate(work.items(), start=101):
        first, last = names[student]
        folder = download / f"{first} {last}_{number}_assignsubmission_file"
        folder.mkdir(parents=True)
        nbformat.write(filled(release, sources), folder / f"{MIDTERM}.ipynb")
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "First name,Last name,ID number,Email address\n"
        + "".join(f"{names[s][0]},{names[s][1]},{CLASS[s]},{s}@example.ac.id\n" for s in names),
        encoding="utf-8",
    )
    args = ["grade", MIDTERM, "--from", str(download), "--course", str(course)]
    assert main([*args, "--roster", str(roster)]) == 0
    status = json.loads((course / "grading" / MIDTERM / "status.json").read_text())
    full = float(sum(model.KEY_POINTS["midterm"].values()))
    assert status["ani-lestari"]["score"] == full
    assert status["budi-santoso"]["score"] == full
    assert status["citra-dewi"]["score"] == 0.0


def test_cases_command_lists_cohorts_and_shows_a_students_key(capsys):
    """`sistercity cases` names the variant assignments and prints a student's case and key."""
    from sistercity.cli import main

    assert main(["cases"]) == 0
    listed = capsys.readouterr().out
    assert f"{MIDTERM}: KODE_ANGKATAN = {COHORT}" in listed
    assert main(["cases", "--student", "2210611001", "--lang", "en"]) == 0
    shown = capsys.readouterr().out
    assert "Your case (student `2210611001`" in shown
    assert repr(cases.midterm_key("2210611001", COHORT).false_claim) not in shown


def test_a_students_key_prints_as_bilingual_lines_indonesian_first(capsys):
    """`cases --student` prints each answer of the key on a line: Indonesian label / English label: answer."""
    from dataclasses import fields

    from sistercity.cli import main
    from sistercity.commands.cases import KEY_LABELS

    assert main(["cases", "--student", "2210611001"]) == 0
    shown = capsys.readouterr().out
    assert "Kunci jawaban / Answer key:" in shown
    assert "Key(" not in shown and "MidtermKey(" not in shown, "a raw record was printed"
    key = cases.midterm_key("2210611001", COHORT)
    for item in fields(key):
        label_id, label_en = KEY_LABELS[item.name]
        line = next(x for x in shown.splitlines() if x.startswith(f"- {label_id} / {label_en}: "))
        answer = getattr(key, item.name)
        if isinstance(answer, dict):
            parts = [
                f"{name}: {', '.join(value) if isinstance(value, tuple) else value}"
                for name, value in answer.items()
                if value != ()
            ]
        else:
            parts = answer if isinstance(answer, tuple | list) else [answer]
        assert all(str(part) in line for part in parts), (line, answer)


def test_a_new_cohort_code_is_written_into_the_locked_cells(tmp_path):
    """Setting a cohort code rewrites every variant master's KODE_ANGKATAN cell and nothing else."""
    import shutil

    import nbformat

    from sistercity.commands.cases import set_cohort, variant_masters
    from sistercity.course import layout
    from sistercity.errors import UserError

    shutil.copytree(ROOT / "course", tmp_path / "course", ignore=shutil.ignore_patterns("*.db"))
    course = layout(tmp_path / "course")
    before = variant_masters(course)
    assert set(before) == {MIDTERM, "ex10_proyek_akhir"}
    assert sorted(set_cohort(course, "HI-2027-ganjil")) == sorted(before)
    assert set(variant_masters(course).values()) == {"HI-2027-ganjil"}
    old = nbformat.read(ROOT / "course" / "source" / MIDTERM / f"{MIDTERM}.ipynb", 4)
    new = nbformat.read(course.master(MIDTERM), 4)
    changed = [a.source for a, b in zip(old.cells, new.cells, strict=True) if a.source != b.source]
    assert len(changed) == 1 and "KODE_ANGKATAN" in changed[0]
    with pytest.raises(UserError, match="HI-2027"):
        set_cohort(course, 'x"; import os')


def test_calling_the_key_functions_in_a_notebook_is_flagged():
    """A submission that asks the package for its own case's answers is flagged for the lecturer."""
    from sistercity.grading.precheck import tampering

    assert tampering(["from sistercity.cases import midterm_key\nk = midterm_key(NIM, 'x')"]) == [
        "case keys"
    ]
    assert tampering(["kasus = midterm_case(NIM, KODE_ANGKATAN)\nera_kasus = '2020'"]) == []


@pytest.mark.slow
def test_midterm_cases_meet_the_difficulty_target_and_rest_on_gradable_law():
    """Over 1,000 student numbers every case has one refusal, not at step 1, by a rule marked
    verified or partly; 4-6 stages left, all verified or partly; no partner without diplomatic
    relations; the spread of refused steps and stages left is printed.
    """
    from sistercity.regimes import diplomatic_relations

    data = cases._midterm_data()
    relations = diplomatic_relations()
    low, high = model.DIFFICULTY["stages_left"]
    refused, left = Counter(), Counter()
    for number in range(1000):
        case, key = cases._midterm_draw(f"25{number:08d}", COHORT, data)
        regime = data["regimes"][key.era]
        status = {s.stage_id: s.status for s in regime.stages}
        assert key.refused_step >= model.DIFFICULTY["first_refused_step"]
        assert regime.requirement(key.broken_rule).status in model.GRADABLE
        assert low <= len(key.remaining_stages) <= high
        assert all(status[s] in model.GRADABLE for s in key.remaining_stages)
        assert relations.get(case.partner_country, True)
        refused[key.refused_step] += 1
        left[len(key.remaining_stages)] += 1
    print("refused step:", sorted(refused.items()), "stages left:", sorted(left.items()))
    assert len(left) == high - low + 1  # every length of the target occurs


def test_a_partly_fixed_order_accepts_every_order_consistent_with_the_texts():
    """Stages of partly known order may move between their verified neighbours, and only there."""
    expected = ["a", "p1", "p2", "b", "p3", "c"]
    fixed = frozenset({"a", "b", "c"})
    assert model.order_accepted(expected, expected, fixed)
    assert model.order_accepted(["a", "p2", "p1", "b", "p3", "c"], expected, fixed)
    assert not model.order_accepted(["a", "p1", "b", "p2", "p3", "c"], expected, fixed)
    assert not model.order_accepted(["b", "a", "p1", "p2", "p3", "c"], expected, fixed)
    assert not model.order_accepted(["a", "p1", "p2", "b", "c"], expected, fixed)
    every_verified = frozenset(expected)
    assert not model.order_accepted(["a", "p2", "p1", "b", "p3", "c"], expected, every_verified)
    regime = get_regime("2020")
    assert model.fixed_stages(regime) == frozenset(
        regime.stage_ids
    )  # the current route: all verified
