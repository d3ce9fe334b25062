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
    assert cases.capstone_case("Siti Nurhaliza", COHORT) == cases.capstone_case(
        "siti-nurhaliza", COHORT
    )


def test_another_cohort_code_gives_other_cases():
    """A lecturer's new cohort code changes the cases (and so the answers) of the whole class."""
    old = [cases.midterm_key(key, COHORT) for key in KEYS[:40]]
    new = [cases.midterm_key(key, "HI-2027") for key in KEYS[:40]]
    assert sum(a != b for a, b in zip(old, new, strict=True)) >= 38


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
    capstone = Counter(cases.capstone_key(key, COHORT) for key in KEYS[:100])
    assert capstone.most_common(1)[0][1] <= 3


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


def test_the_year_falls_inside_the_era_of_the_key():
    """Every case's year lies in the era its key names, never in an era's first year."""
    known = {era.era: era for era in eras()}
    for key in KEYS[:120]:
        case, answers = cases.midterm_case(key, COHORT), cases.midterm_key(key, COHORT)
        from sistercity.procedure import era_for_year

        assert era_for_year(eras(), case.year).era == answers.era
        assert case.year != known[answers.era].first_year


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


def test_remaining_stages_follow_the_era_order():
    """The stages left after the completed one are the era's stages after it, in order."""
    for key in KEYS[:60]:
        case, answers = cases.midterm_case(key, COHORT), cases.midterm_key(key, COHORT)
        regime = get_regime(answers.era)
        names = [s.name_en for s in regime.stages]
        done = names.index(case.done_stage_name_en)
        assert answers.remaining_stages == regime.stage_ids[done + 1 :]
        assert answers.remaining_stages[-1] == regime.stage_ids[-1]


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


def test_typology_follows_who_takes_part():
    """Activities naming officials on both sides are G2G, and pupils or arts groups P2P."""
    for key in KEYS[:60]:
        case, answers = cases.midterm_case(key, COHORT), cases.midterm_key(key, COHORT)
        for item in case.activities:
            if item.text_en.startswith(("Officials of both", "Staff of")):
                assert answers.typology[item.item_id] == "G2G"
            if item.text_en.startswith(("School pupils", "Community arts")):
                assert answers.typology[item.item_id] == "P2P"


def test_known_pairs_are_found_as_existing():
    """Pairs in agreements.csv are recognised under the candidates' names; others are not."""
    from sistercity.data import load

    agreements = load("agreements")
    assert model.already_partnered("Surabaya", "Busan", agreements)
    assert model.already_partnered("DKI Jakarta", "Tokyo", agreements)
    assert model.already_partnered("DI Yogyakarta", "Kyoto Prefecture", agreements)
    assert not model.already_partnered("Bandung", "Tokyo", agreements)
    assert not model.already_partnered("Semarang", "Ho Chi Minh City", agreements)


def test_capstone_best_partner_meets_the_checked_rules_and_is_new():
    """The key's best partner has diplomatic relations, the same level and no agreement yet."""
    from sistercity.data import load

    candidates = load("candidates").set_index("candidate_id")
    relations = load("countries").set_index("country")["diplomatic_relations"]
    for key in KEYS[:60]:
        case, answers = cases.capstone_case(key, COHORT), cases.capstone_key(key, COHORT)
        assert len(case.shortlist) == model.SHORTLIST
        assert answers.best in case.shortlist
        assert answers.best in answers.eligible and answers.best not in answers.already_partnered
        assert relations[candidates.loc[answers.best, "country"]] == "yes"
        assert candidates.loc[answers.best, "level"] == candidates.loc[case.home, "level"]


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

    from sistercity.grading.identity import EXEC_LINE_PREFIX, cohort_of, exec_line

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

