"""The typed contract between ``sistercity grade`` and its workers survives the trip through JSON."""

from __future__ import annotations

from sistercity.grading.protocol import PROTOCOL, Answer, RunSpec


def test_run_spec_round_trips_through_json():
    """A spec read back from its JSON equals the spec written."""
    spec = RunSpec(
        course="/c",
        assignment="ps_demo",
        pristine="/gb/p.sqlite",
        roots={"ana": "/s/c-1", "budi": "/s/c-2"},
        limits="3072:240:300:200",
        cell_timeout=12,
        sandbox=True,
        hide=["/s", "/gb"],
    )
    assert RunSpec.from_json(spec.to_json()) == spec


def test_answer_round_trips_through_one_protocol_line():
    """An answer is one line starting with the protocol prefix, and reads back equal."""
    answer = Answer(
        "ana",
        success=True,
        kernel={"reason": "wall_clock"},
        problem="",
        results={"student": {"first_name": "Ana"}, "notebooks": []},
    )
    line = answer.to_line()
    assert line.startswith(PROTOCOL) and line.endswith("\n") and line.count("\n") == 1
    assert Answer.from_line(line) == answer


def test_a_line_that_is_not_the_protocol_is_no_answer():
    """What nbgrader or a kernel prints on the worker's stdout is never taken for an answer."""
    assert Answer.from_line('{"student": "ana", "success": true}\n') is None
    assert Answer.from_line("@@sistercity-grade@ {}\n") is None
