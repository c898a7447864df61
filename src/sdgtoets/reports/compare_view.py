"""Variants side by side as a document: the level, the SDGs and the LMB fields of each, then per
step (A -> B, B -> C) what changed and why: which answers changed which contributions, and
whether a difference comes from the project or from the rubric.

Every word is chosen here, in the report's language; the renderers only format.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.compare import Comparison, ContributionChange, Step
from ..core.goals import target_key
from ..i18n import t
from .document import Block, Cell, Document, Inlines, ItemList, Paragraph, Section, Table, inl, strong
from .numbers import join_words, num

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Item:
    key: str  # the file
    kind: str  # answers | session | verdict


def letter(i: int) -> str:
    return LETTERS[i] if i < len(LETTERS) else f"#{i + 1}"


def compare_document(
    result: Comparison, items: Sequence[Item], lang: str, level_labels: Mapping[str, str] | None = None
) -> Document:
    """The comparison as a document; ``level_labels`` names the current rubric's levels (for a
    level scored again with it)."""

    def w(key: str, **params: Any) -> str:
        return t(key, lang, **params)

    snaps = result.snapshots
    listed = tuple(
        inl(
            strong(letter(i)),
            w("compare.item", name=s.name, file=it.key, kind=w("compare.kind." + it.kind)),
        )
        for i, (s, it) in enumerate(zip(snaps, items, strict=True))
    )
    head: list[Block] = [Paragraph(inl(w("compare.items")), "note"), ItemList(listed)]

    header = ("", *(letter(i) for i in range(len(snaps))))
    rows: list[tuple[Cell, ...]] = [
        (Cell(inl(w("compare.row_project"))), *(Cell(inl(s.name)) for s in snaps)),
        (Cell(inl(w("compare.row_depth"))), *(Cell(inl(w("word." + s.depth))) for s in snaps)),
        (Cell(inl(w("compare.row_level"))), *(Cell(inl(strong(s.level_label))) for s in snaps)),
        (Cell(inl(w("compare.row_rubric"))), *(Cell(inl(s.rubric_name)) for s in snaps)),
    ]
    fields = list(dict.fromkeys(f.field for s in snaps for f in s.lmb))
    for field in fields:
        per = [next((f for f in s.lmb if f.field == field), None) for s in snaps]
        name = next((f.name for f in per if f is not None), field)
        rows.append((Cell(inl(name)), *(Cell(inl(f.label if f else "-")) for f in per)))
    for number in result.sdg_rows():
        per_sdg = [next((f for f in s.sdgs if f.number == number), None) for s in snaps]
        name = next((f.name for f in per_sdg if f is not None), "")
        cells = []
        for f in per_sdg:
            if f is None or not (f.positive or f.negative):
                cells.append(Cell(inl("-")))
                continue
            tone = "mixed" if f.positive and f.negative else "pos1" if f.positive else "neg1"
            cells.append(Cell(inl(f"+{num(f.positive, lang)} / −{num(f.negative, lang)}"), tone))
        rows.append((Cell(inl(f"SDG {number} {name}")), *cells))
    sections = [
        Section(
            w("compare.side_by_side"),
            (Table(header, tuple(rows)), Paragraph(inl(w("compare.figures_note")), "note")),
            id="side-by-side",
        )
    ]
    for n, step in enumerate(result.steps):
        sections.append(_step(result, step, n, lang, level_labels or {}))
    return Document(title=w("compare.title"), lang=lang, sections=tuple(sections), head=tuple(head))


def _step(result: Comparison, step: Step, n: int, lang: str, level_labels: Mapping[str, str]) -> Section:
    def w(key: str, **params: Any) -> str:
        return t(key, lang, **params)

    a, b = result.snapshots[step.before], result.snapshots[step.after]
    la, lb = letter(step.before), letter(step.after)
    names = {"a": la, "b": lb, "ra": a.rubric_name, "rb": b.rubric_name}
    blocks: list[Block] = []
    if a.level == b.level:
        lead = w("compare.level_same", level=a.level_label)
    else:
        lead = w("compare.level_moves", before=a.level_label, after=b.level_label)
    blocks.append(Paragraph(inl(strong(lead)), role="lead"))
    why = ""
    if step.level_cause in ("answers", "rubric", "both", "unknown") and a.level != b.level:
        if step.level_cause == "answers":
            why = w("compare.cause.answers")
            if step.rubric_changed:
                why += " " + w("compare.rubric_note", **names)
        else:
            why = w("compare.cause." + step.level_cause, **names)
    elif step.rubric_changed:
        why = w("compare.rubric_note", **names)
    if step.same_rubric is not None:
        current = result.current_rubric
        rubric = f"{current.get('id', '?')} {current.get('version', '?')}"
        labels = {**_labels(result), **level_labels}
        why += " " + w(
            "compare.same_rubric",
            rubric=rubric,
            a=la,
            b=lb,
            la=labels.get(step.same_rubric[0], step.same_rubric[0]),
            lb=labels.get(step.same_rubric[1], step.same_rubric[1]),
        )
    if why:
        blocks.append(Paragraph(inl(why.strip()), role="why"))
    if step.questionnaire_changed:
        qa = f"{a.questionnaire.get('id', '?')} {a.questionnaire.get('version', '?')}"
        qb = f"{b.questionnaire.get('id', '?')} {b.questionnaire.get('version', '?')}"
        blocks.append(Paragraph(inl(w("compare.questionnaire_note", a=la, b=lb, qa=qa, qb=qb)), "note"))
    for letter_, snap in ((la, a), (lb, b)):
        if not snap.has_answers:
            blocks.append(Paragraph(inl(w("compare.no_answers_note", name=letter_)), "note"))

    if step.answers:
        not_asked = w("compare.not_answered")
        answer_rows = tuple(
            (Cell(inl(c.label)), Cell(inl(c.before or not_asked)), Cell(inl(c.after or not_asked)))
            for c in step.answers
        )
        answers_blocks: tuple[Block, ...] = (Table((w("merge.col_question"), la, lb), answer_rows),)
    else:
        answers_blocks = (Paragraph(inl(w("compare.answers_none"))),)
    labels = {c.question: c.label for c in step.answers}
    if step.contributions:
        effects: tuple[Block, ...] = (ItemList(_changes(step.contributions, labels, lang)),)
    else:
        effects = (Paragraph(inl(w("compare.effects_none"))),)
    subs = (
        Section(w("compare.answers"), answers_blocks),
        Section(w("compare.effects"), effects),
    )
    return Section(w("compare.step", a=la, b=lb), tuple(blocks), subs, id=f"step-{n + 1}")


def _labels(result: Comparison) -> dict[str, str]:
    return {s.level: s.level_label for s in result.snapshots}


def _changes(
    changes: Sequence[ContributionChange], labels: Mapping[str, str], lang: str
) -> tuple[Inlines, ...]:
    """One line per rule and kind of change: "Valt weg: <rationale> SDG 11 (−2), SDG 13 (−2).
    Door het antwoord op “...”."."""

    def w(key: str, **params: Any) -> str:
        return t(key, lang, **params)

    groups: dict[tuple[Any, ...], list[ContributionChange]] = {}
    for c in changes:
        key = (c.rule, c.change, c.cause, c.questions, c.before_mitigated, c.after_mitigated, c.rationale)
        groups.setdefault(key, []).append(c)
    lines = []
    for group in groups.values():
        c = group[0]
        parts = []
        for g in group:
            sign = "+" if g.sign == "positive" else "−"
            if g.change == "added":
                figure = f"{sign}{num(g.after or 0, lang)}"
            elif g.change == "removed":
                figure = f"{sign}{num(g.before or 0, lang)}"
            else:
                figure = f"{sign}{num(g.before or 0, lang)} → {sign}{num(g.after or 0, lang)}"
            parts.append(f"{_target(g.target)} ({figure})")
        where = ", ".join(parts)
        if c.before_mitigated != c.after_mitigated:
            where += ", " + w("compare.now_mitigated" if c.after_mitigated else "compare.no_longer_mitigated")
        if c.cause == "answers":
            quoted = [f"“{labels.get(q, q)}”" for q in c.questions]
            because = w("compare.because_answers", questions=join_words(quoted, lang))
        else:
            because = w("compare.because_rubric" if c.cause == "rubric" else "compare.because_other")
        rationale = c.rationale.strip()
        if rationale and rationale[-1] not in ".!?":
            rationale += "."
        lines.append(inl(strong(w("compare." + c.change)), ": ", f"{rationale} {where}. {because}"))
    return tuple(lines)


def _target(target: str) -> str:
    kind, key = target_key(target)
    return f"SDG {key}" if kind == "sdg" else key
