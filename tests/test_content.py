"""The bundled SDG-toets content: every rule can fire, every question matters, every goal can go
both ways, translations are complete and the quick scan stays short.

Rule firing is proved constructively: for each rule a small solver builds answers that make its
condition true (including the answers that make the questions involved visible), and scoring
those answers at full depth must produce the rule's contribution.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product
from pathlib import Path
from typing import Any

import pytest
import yaml

from sdgtoets.api import Instrument, load_instrument, verdict_for
from sdgtoets.core.conditions import All, Compare, Condition, Not, subjects
from sdgtoets.core.goals import LMB_FIELDS, target_key
from sdgtoets.core.lint import lint_coverage
from sdgtoets.core.questionnaire import Questionnaire, visible_questions
from sdgtoets.core.rubric import Rule

ROOT = Path(__file__).parent.parent
Answers = dict[str, Any]


@pytest.fixture(scope="module")
def instrument() -> Instrument:
    return load_instrument()


# ---------------------------------------------------------------- a tiny condition solver


def _compare_options(q: Questionnaire, cmp: Compare, want: bool) -> Iterator[Answers]:
    question = q.get(cmp.subject)
    assert question is not None, cmp.subject
    values = list(cmp.value) if isinstance(cmp.value, tuple) else [cmp.value]
    choices = [c.value for c in question.choices]
    op = cmp.op
    if not want:
        op = {"eq": "ne", "ne": "eq", "in": "not_in", "not_in": "in"}.get(op, "not_" + op)
    if question.type == "boolean":
        if op in ("eq", "in"):
            yield {cmp.subject: values[0]}
        elif op in ("ne", "not_in"):
            yield {cmp.subject: not values[0]}
    elif question.type == "single_choice":
        if op in ("eq", "in"):
            yield from ({cmp.subject: v} for v in values)
        elif op in ("ne", "not_in"):
            yield from ({cmp.subject: c} for c in choices if c not in values)
    elif question.type == "multi_choice":
        if op in ("contains", "eq"):
            yield {cmp.subject: list(values)}
        elif op in ("contains_any", "in"):
            yield from ({cmp.subject: [v]} for v in values)
        elif op in ("not_contains", "not_contains_any", "ne", "not_in"):
            yield {cmp.subject: []}


def _merge(a: Answers, b: Answers, q: Questionnaire) -> Answers | None:
    out = dict(a)
    for key, value in b.items():
        if key not in out:
            out[key] = value
        elif isinstance(value, list) and isinstance(out[key], list):
            if (not value or not out[key]) and value != out[key]:
                return None
            out[key] = sorted(set(out[key]) | set(value))
        elif out[key] != value:
            return None
    return out


def options(cond: Condition, q: Questionnaire, want: bool = True) -> Iterator[Answers]:
    """Answer sets that give ``cond`` the truth value ``want`` (not exhaustive, but enough)."""
    if isinstance(cond, Compare):
        yield from _compare_options(q, cond, want)
    elif isinstance(cond, Not):
        yield from options(cond.item, q, not want)
    elif isinstance(cond, All) == want:  # all-true or any-false: every part
        for parts in product(*(list(options(item, q, want)) for item in cond.items)):
            merged: Answers | None = {}
            for part in parts:
                merged = _merge(merged, part, q) if merged is not None else None
            if merged is not None:
                yield merged
    else:  # any-true or all-false: one part
        for item in cond.items:
            yield from options(item, q, want)


def with_visibility(answers: Answers, q: Questionnaire, depth: int = 0) -> Iterator[Answers]:
    """Add answers that make every answered question visible (recursively)."""
    if depth > 6:
        return
    shown = {x.id for x in visible_questions(q, answers, "full", None)}
    hidden = [qid for qid in answers if qid not in shown]
    if not hidden:
        yield answers
        return
    target = q.get(hidden[0])
    assert target is not None
    section = q.section(target.section)
    conds = [c for c in (section.visible_if if section else None, target.visible_if) if c is not None]
    cond: Condition = conds[0] if len(conds) == 1 else All(tuple(conds))
    for extra in options(cond, q):
        merged = _merge(answers, extra, q)
        if merged is not None:
            yield from with_visibility(merged, q, depth + 1)


def firing_answers(rule_cond: Condition, q: Questionnaire) -> Iterator[Answers]:
    for base in options(rule_cond, q):
        yield from with_visibility(base, q)


def fires(instrument: Instrument, rule: Rule, answers: Answers, mitigated: bool | None = None) -> bool:
    verdict = verdict_for(instrument, answers, {"name": "Proef"}, "full")
    mine = [c for c in verdict.contributions if c.rule == rule.id]
    if not mine:
        return False
    return mitigated is None or all(c.mitigated is mitigated for c in mine)


# ---------------------------------------------------------------- the tests


def rule_ids() -> list[str]:
    return [r.id for r in load_instrument().rubric.rules]


@pytest.mark.parametrize("rule_id", rule_ids())
def test_every_rule_can_fire(instrument: Instrument, rule_id: str) -> None:
    rule = next(r for r in instrument.rubric.rules if r.id == rule_id)
    q = instrument.questionnaire
    assert any(fires(instrument, rule, answers) for answers in firing_answers(rule.when, q)), rule_id


@pytest.mark.parametrize(
    "rule_id", [r.id for r in load_instrument().rubric.rules if r.mitigated_if is not None]
)
def test_every_mitigation_can_apply(instrument: Instrument, rule_id: str) -> None:
    rule = next(r for r in instrument.rubric.rules if r.id == rule_id)
    assert rule.mitigated_if is not None
    cond = All((rule.when, rule.mitigated_if))
    found = any(
        fires(instrument, rule, a, mitigated=True) for a in firing_answers(cond, instrument.questionnaire)
    )
    assert found, rule_id


def test_every_question_feeds_a_rule_or_a_condition(instrument: Instrument) -> None:
    findings = lint_coverage(instrument.rubric, instrument.questionnaire)
    assert [f.params["question"] for f in findings if f.code == "L203"] == []


def test_every_goal_can_go_both_ways(instrument: Instrument) -> None:
    """Each SDG and each LMB field has a positive and a negative rule (and every rule can fire)."""
    signs: dict[tuple[str, str], set[str]] = {}
    for rule in instrument.rubric.rules:
        for target in rule.targets:
            signs.setdefault(target_key(target), set()).add(rule.effect.sign)
    goals = [("sdg", str(n)) for n in range(1, 18)] + [("lmb", f) for f in LMB_FIELDS]
    for goal in goals:
        assert signs.get(goal) == {"positive", "negative"}, goal


def test_lmb_justice_condition_can_be_met_and_missed(instrument: Instrument) -> None:
    q = instrument.questionnaire
    justice = instrument.rubric.lmb.international_justice
    assert justice is not None
    yes = next(with_visibility(next(options(justice, q)), q))
    no = next(with_visibility(next(options(justice, q, want=False)), q))
    assert verdict_for(instrument, yes, {"name": "a"}, "full").is_lmb is True
    assert all(f.level == "geen_lmb" for f in verdict_for(instrument, no, {"name": "b"}, "full").lmb)


def test_every_sdg_can_be_reached_in_the_quick_scan(instrument: Instrument) -> None:
    quick = {q.id for q in instrument.questionnaire.questions if q.depth == "quick"}
    reached = {
        target_key(t)
        for rule in instrument.rubric.rules
        if all(c.subject in quick for c in subjects(rule.when))
        for t in rule.targets
    }
    assert {("sdg", str(n)) for n in range(1, 18)} <= reached


def test_quick_scan_stays_bounded_even_when_everything_shows(instrument: Instrument) -> None:
    """With every screening answer unknown, every follow-up shows: still far from the full check."""
    quick = [q for q in visible_questions(instrument.questionnaire, {}, "quick") if q.answerable]
    full = [q for q in visible_questions(instrument.questionnaire, {}, "full") if q.answerable]
    assert len(quick) <= 40
    assert len(quick) < len(full) * 0.6


def test_every_negative_rule_has_a_suggestion(instrument: Instrument) -> None:
    missing = [r.id for r in instrument.rubric.rules if r.effect.sign == "negative" and not r.suggestion]
    assert missing == []


def test_instruments_named_by_rules_exist_and_are_used(instrument: Instrument) -> None:
    named = {r.instrument for r in instrument.rubric.rules if r.instrument}
    assert named <= set(instrument.rubric.instruments)
    assert len(named) >= 5


def _texts(data: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(data, dict):
        if "nl" in data and all(k in ("nl", "en") for k in data):
            yield path, data
            return
        for key, value in data.items():
            yield from _texts(value, f"{path}.{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _texts(value, f"{path}[{i}]")


@pytest.mark.parametrize("name", ["questionnaires/sdg_toets.yaml", "rubrics/vvsg.yaml"])
def test_every_text_has_dutch_and_english(name: str) -> None:
    data = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    texts = list(_texts(data))
    assert len(texts) > 50
    missing = [path for path, text in texts if not text.get("nl") or not text.get("en")]
    assert missing == []


def test_no_yaml_boolean_pitfalls_in_choice_values(instrument: Instrument) -> None:
    for question in instrument.questionnaire.questions:
        for choice in question.choices:
            assert choice.value not in ("yes", "no", "on", "off", "true", "false", "y", "n"), question.id


def test_every_question_has_a_short_label_of_one_to_four_words(instrument: Instrument) -> None:
    questions = [q for q in instrument.questionnaire.questions if q.answerable]
    for q in questions:
        assert q.short is not None, q.id
        for lang in ("nl", "en"):
            words = q.short[lang].split()
            assert 1 <= len(words) <= 4 and not q.short[lang].endswith("?"), (q.id, lang)
            assert "," not in q.short[lang], (q.id, lang)  # the verdict lists them with commas
    fields = {f.name for lang in ("nl", "en") for f in verdict_for(instrument, {}, {}, "quick", lang).lmb}
    for lang in ("nl", "en"):
        shorts = [q.short[lang] for q in questions if q.short]
        assert len(set(shorts)) == len(shorts)  # no two questions share a name
        assert not fields & set(shorts)  # nor a question an LMB field's


def test_a_verdict_names_questions_by_their_short_label_falling_back_to_the_label(tmp_path: Path) -> None:
    from sdgtoets.api import load_instrument as load

    base = ROOT / "tests" / "lint_cases" / "_base"
    text = (base / "questionnaire.yaml").read_text(encoding="utf-8")
    text = text.replace(
        'label: {nl: "Energie", en: "Energy"}',
        'label: {nl: "Wat doet het project met energie?", en: "What does it do to energy?"}\n'
        '        short: {nl: "Energiegebruik"}',
    )
    (tmp_path / "q.yaml").write_text(text, encoding="utf-8")
    inst = load(tmp_path / "q.yaml", base / "rubric.yaml")
    answers = {"kind": "infra", "energy": "increases", "paving": True}
    nl = verdict_for(inst, answers, {"name": "x"}, "quick", "nl")
    en = verdict_for(inst, answers, {"name": "x"}, "quick", "en")
    assert nl.short_label("energy") == "Energiegebruik"
    assert en.short_label("energy") == "What does it do to energy?"  # no English short: the label
    assert nl.short_label("paving") == "Meer verharding?"  # no short at all: the label
