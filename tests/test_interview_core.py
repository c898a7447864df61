"""The interview state machine (``sdgtoets.core.interview``): pure, no terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sdgtoets.core.answers import coerce
from sdgtoets.core.conditions import UNKNOWN
from sdgtoets.core.interview import Command, Given, Interview, Invalid, parse_reply
from sdgtoets.core.questionnaire import Questionnaire
from sdgtoets.loading.definitions import load_questionnaire

DATA = Path(__file__).parent / "interview_data"


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return load_questionnaire(DATA / "questionnaire.yaml")


def walk(interview: Interview, *values: object) -> Interview:
    """Answer the current questions in turn (None = skip a note or a free text)."""
    for value in values:
        step = interview.skip() if value is None else interview.answer(value)
        interview = step.interview
    return interview


def current_id(interview: Interview) -> str | None:
    question = interview.current()
    return question.id if question else None


def test_questions_come_in_order_and_follow_the_conditions(questionnaire: Questionnaire) -> None:
    interview = Interview(questionnaire, "quick")
    assert current_id(interview) == "welcome"
    assert interview.progress() == (1, 7)  # open questions may show what depends on them
    interview = walk(interview, None, "event")
    assert current_id(interview) == "groups"
    assert interview.progress() == (3, 5)  # not a building: no questions about paving
    interview = walk(Interview(questionnaire, "quick"), None, "building")
    assert current_id(interview) == "paving"
    assert interview.progress() == (3, 7)
    interview = walk(interview, True)
    assert current_id(interview) == "paving_m2"
    assert interview.progress() == (4, 7)


def test_full_depth_adds_the_full_only_questions(questionnaire: Questionnaire) -> None:
    quick = walk(Interview(questionnaire, "quick"), None, "event", ["poor"])
    full = walk(Interview(questionnaire, "full"), None, "event", ["poor"])
    assert current_id(quick) == "remarks"
    assert current_id(full) == "share"
    assert full.progress()[1] == quick.progress()[1] + 1


def test_finishing_and_unknown(questionnaire: Questionnaire) -> None:
    interview = walk(Interview(questionnaire, "quick"), None, "service", [], None, UNKNOWN)
    assert interview.finished
    assert interview.current() is None
    assert interview.answers == {"kind": "service", "groups": [], "justice": UNKNOWN}
    assert interview.history == ("welcome", "kind", "groups", "remarks", "justice")
    with pytest.raises(ValueError):
        interview.answer(True)


def test_back_shows_the_previous_question_and_keep_returns(questionnaire: Questionnaire) -> None:
    interview = walk(Interview(questionnaire, "quick"), None, "building", True)
    assert current_id(interview) == "paving_m2"
    back = interview.back()
    assert back is not None and current_id(back) == "paving"
    assert back.has_answer("paving")
    back2 = back.back()
    assert back2 is not None and current_id(back2) == "kind"
    assert back2.progress() == (2, 7)
    kept = back2.keep()
    assert kept.dropped == ()
    assert current_id(kept.interview) == "paving_m2"  # the first question not yet passed
    assert kept.interview.answers == interview.answers


def test_back_at_the_first_question_is_refused(questionnaire: Questionnaire) -> None:
    interview = Interview(questionnaire, "quick")
    assert interview.back() is None
    assert walk(interview, None).back() is not None


def test_changing_an_answer_drops_the_answers_that_no_longer_apply(questionnaire: Questionnaire) -> None:
    interview = walk(Interview(questionnaire, "quick"), None, "building", True, 250, ["youth"])
    assert current_id(interview) == "remarks"
    back = interview
    while current_id(back) != "kind":
        previous = back.back()
        assert previous is not None
        back = previous
    step = back.answer("event")
    assert step.dropped == ("paving", "paving_m2")
    assert "paving" not in step.interview.answers and "paving_m2" not in step.interview.answers
    assert "paving" not in step.interview.history
    assert step.interview.answers["groups"] == ["youth"]  # later answers that still apply are kept
    assert current_id(step.interview) == "remarks"
    assert step.interview.progress() == (4, 5)


def test_a_cascade_is_dropped_in_one_step(questionnaire: Questionnaire) -> None:
    interview = walk(Interview(questionnaire, "quick"), None, "building", True, 250)
    at_m2 = interview.back()
    assert at_m2 is not None
    at_paving = at_m2.back()
    assert at_paving is not None and current_id(at_paving) == "paving"
    step = at_paving.answer(False)
    assert step.dropped == ("paving_m2",)
    assert step.interview.answers == {"kind": "building", "paving": False}
    assert current_id(step.interview) == "groups"


def test_unknown_keeps_dependent_questions_visible(questionnaire: Questionnaire) -> None:
    interview = walk(Interview(questionnaire, "quick"), None, UNKNOWN)
    assert current_id(interview) == "paving"  # better to ask once too often than to skip


def test_a_resumed_state_continues_after_the_last_passed_question(questionnaire: Questionnaire) -> None:
    interview = Interview(
        questionnaire,
        "quick",
        {"kind": "building", "paving": False},
        ("welcome", "kind", "paving"),
    )
    assert current_id(interview) == "groups"
    assert interview.progress() == (4, 6)
    upgraded = interview.with_depth("full")
    assert upgraded.progress() == (4, 7)


@pytest.mark.parametrize(
    ("qid", "text", "has_answer", "expected"),
    [
        ("kind", "2", False, Given("event")),
        ("kind", "Evenement", False, Given("event")),
        ("kind", "service", False, Given("service")),
        ("kind", "4", False, Invalid("choice", {"max": 3})),
        ("kind", "0", False, Invalid("choice", {"max": 3})),
        ("kind", "¹", False, Invalid("choice", {"max": 3})),  # a digit to Unicode, not a number
        ("groups", "1,²", False, Invalid("choices", {"max": 3})),
        ("kind", "", False, Invalid("empty")),
        ("kind", "", True, Command("keep")),
        ("kind", "?", False, Command("help")),
        ("kind", "w", False, Command("unknown")),
        ("kind", "Weet niet", False, Command("unknown")),
        ("kind", "t", False, Command("back")),
        ("kind", "b", False, Command("back")),
        ("kind", "s", False, Command("stop")),
        ("kind", "Q", False, Command("stop")),
        ("groups", "1,3", False, Given(["youth", "poor"])),
        ("groups", "3, 1", False, Given(["youth", "poor"])),
        ("groups", "3 1 3", False, Given(["youth", "poor"])),
        ("groups", "0", False, Given([])),
        ("groups", "1,4", False, Invalid("choices", {"max": 3})),
        ("groups", "jongeren; ouderen", False, Given(["youth", "elderly"])),
        ("groups", "1,x", False, Invalid("choices", {"max": 3})),
        ("paving", "j", False, Given(True)),
        ("paving", "Ja", False, Given(True)),
        ("paving", "yes", False, Given(True)),
        ("paving", "y", False, Given(True)),
        ("paving", "nee", False, Given(False)),
        ("paving", "no", False, Given(False)),
        ("paving", "misschien", False, Invalid("boolean", {})),
        ("paving_m2", "12,5", False, Given(12.5)),
        ("paving_m2", "1.250", False, Given(1250)),
        ("paving_m2", "-1", False, Invalid("number", {"min": 0, "max": 100000})),
        ("paving_m2", "veel", False, Invalid("number", {"min": 0, "max": 100000})),
        ("remarks", "", False, Command("skip")),
        ("remarks", "", True, Command("keep")),
        ("remarks", "Een opmerking", False, Given("Een opmerking")),
        ("welcome", "", False, Command("skip")),
        ("welcome", "iets", False, Command("skip")),
        ("welcome", "t", False, Command("back")),
    ],
)
def test_parse_reply(
    questionnaire: Questionnaire, qid: str, text: str, has_answer: bool, expected: object
) -> None:
    question = questionnaire.get(qid)
    assert question is not None
    assert parse_reply(question, text, has_answer) == expected


@given(text=st.text(max_size=60), qid=st.sampled_from(["kind", "groups", "paving", "paving_m2", "remarks"]))
def test_parse_reply_never_crashes_and_accepts_only_valid_values(text: str, qid: str) -> None:
    question = load_questionnaire(DATA / "questionnaire.yaml").get(qid)
    assert question is not None
    reply = parse_reply(question, text)
    assert isinstance(reply, Command | Given | Invalid)
    if isinstance(reply, Given) and reply.value is not UNKNOWN:
        assert coerce(question, reply.value) == reply.value  # a checked value, as coerce gives it
