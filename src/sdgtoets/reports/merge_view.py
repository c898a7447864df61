"""A workshop merge as a document (Markdown, HTML, Word through the format registry) and the
merged answers file (YAML that ``sdgtoets check --answers`` reads, with who said what in comments).

Every word is chosen here, in the report's language; the renderers only format.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.merge import Merge, QuestionMerge
from ..i18n import t
from .document import Block, Cell, Document, Fields, Inlines, ItemList, Paragraph, Section, Table, inl, strong
from .numbers import euro, join_words


@dataclass(frozen=True)
class Person:
    key: str  # the file
    name: str  # who


def who_said_what(q: QuestionMerge, total: int, lang: str) -> str:
    """In words: "2 van 3 zeggen “Het stijgt” (Sport, Milieudienst); Technische dienst zegt
    “Het daalt”", then who did not know and who left the question open."""

    def w(key: str, **params: Any) -> str:
        return t(key, lang, **params)

    parts: list[str] = []
    if _all_agree(q, total):
        parts.append(w("merge.say_all", answer=q.positions[0].display))
    else:
        for p in q.positions:
            if len(p.raters) == 1:
                parts.append(w("merge.say_one", name=p.raters[0], answer=p.display))
            else:
                names = join_words(list(p.raters), lang)
                parts.append(w("merge.say_many", n=len(p.raters), total=total, answer=p.display, names=names))
    if q.unknown:
        key = "merge.unknown_one" if len(q.unknown) == 1 else "merge.unknown_many"
        parts.append(w(key, name=q.unknown[0], names=join_words(list(q.unknown), lang)))
    if q.open:
        key = "merge.open_one" if len(q.open) == 1 else "merge.open_many"
        parts.append(w(key, name=q.open[0], names=join_words(list(q.open), lang)))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def merge_document(
    merge: Merge,
    people: Sequence[Person],
    project: Mapping[str, Any],
    differing: Sequence[str],
    lang: str,
    short_labels: Mapping[str, str] | None = None,
) -> Document:
    """The merge as a document; ``short_labels`` names the questions in the per-question table."""

    def w(key: str, **params: Any) -> str:
        return t(key, lang, **params)

    total = len(people)
    depth = w("word." + merge.depth)
    facts: list[tuple[str, Inlines]] = []
    for key in ("municipality", "policy_goal", "budget", "year"):
        value = project.get(key)
        if value in (None, ""):
            continue
        shown = euro(value, lang) if key == "budget" and isinstance(value, int | float) else str(value)
        facts.append((w("project." + key), inl(shown)))
    names = join_words([p.name for p in people], lang)
    facts.append((w("merge.participants"), inl(w("merge.participants_value", n=total, names=names))))
    facts.append((w("doc.depth"), inl(depth)))
    facts.append((w("merge.rule"), inl(w("merge.policy." + merge.policy))))

    span = merge.range
    if span is None or span[0].level == span[1].level:
        level = span[0].label if span else merge.level_label
        range_text = w("merge.range_same", level=level)
    else:
        range_text = w("merge.range", low=span[0].label, high=span[1].label)
    disputes, decisive = merge.disputes, merge.decisive
    n, d = len(disputes), len(decisive)
    counts = [
        w("merge.disputes_none" if n == 0 else "merge.disputes_one" if n == 1 else "merge.disputes_many", n=n)
    ]
    if n:
        counts.append(
            w(
                "merge.decisive_none"
                if d == 0
                else "merge.decisive_one"
                if d == 1
                else "merge.decisive_many",
                n=d,
            )
        )
    head: list[Block] = [
        Fields(tuple(facts)),
        Paragraph(inl(strong(w("merge.level", level=merge.level_label))), role="lead"),
        Paragraph(inl(range_text + " " + " ".join(counts)), role="why"),
    ]
    if differing:
        fields = join_words(
            [w("project." + f) if t("project." + f, lang) != "project." + f else f for f in differing], lang
        )
        head.append(Paragraph(inl(w("merge.project_differs", fields=fields)), role="note"))

    rows = [
        (Cell(inl(r.name)), Cell(inl(p.key)), Cell(inl(r.label)))
        for r, p in zip(merge.raters, people, strict=True)
    ]
    rows.append(
        (Cell(inl(strong(w("merge.merged_row")))), Cell(inl("")), Cell(inl(strong(merge.level_label))))
    )
    per_rater = Section(
        w("merge.per_rater"),
        (
            Paragraph(inl(w("merge.per_rater_intro", depth=depth)), "note"),
            Table((w("merge.col_participant"), w("merge.col_file"), w("merge.col_verdict")), tuple(rows)),
        ),
        id="per-participant",
    )

    decisive_subs = []
    for q in decisive:
        items = tuple(inl(w("merge.with_answer", answer=p.display, level=p.level_label)) for p in q.positions)
        decisive_subs.append(
            Section(
                q.label,
                (
                    Paragraph(inl(who_said_what(q, total, lang))),
                    ItemList(items),
                    Paragraph(inl(_merged_as(q, lang)), "note"),
                ),
            )
        )
    decisive_blocks: tuple[Block, ...] = (
        (Paragraph(inl(w("merge.decisive_intro")), "note"),)
        if decisive
        else (Paragraph(inl(w("merge.decisive_empty"))),)
    )
    sections = [
        Section(w("merge.decisive"), decisive_blocks, tuple(decisive_subs), id="decisive"),
    ]
    others = [q for q in disputes if not q.decisive]
    if others:
        lines: list[Inlines] = []
        for q in others:
            tail = f" {w('merge.not_applicable')}" if not q.applies else ""
            lines.append(
                inl(strong(q.label), " ", who_said_what(q, total, lang), " ", _merged_as(q, lang) + tail)
            )
        sections.append(
            Section(
                w("merge.other"),
                (Paragraph(inl(w("merge.other_intro")), "note"), ItemList(tuple(lines))),
                id="other-differences",
            )
        )
    sections.insert(0, per_rater)

    table_rows = []
    for q in merge.questions:
        merged = q.merged_display if q.applies else f"{q.merged_display} {w('merge.not_applicable')}"
        table_rows.append(
            (
                Cell(inl((short_labels or {}).get(q.question, q.label))),
                Cell(inl(merged)),
                Cell(inl(w("merge.everyone") if _all_agree(q, total) else who_said_what(q, total, lang))),
                Cell(inl(rule_words(q, lang))),
            )
        )
    sections.append(
        Section(
            w("merge.per_question"),
            (
                Table(
                    (w("merge.col_question"), w("merge.col_merged"), w("merge.col_who"), w("merge.col_rule")),
                    tuple(table_rows),
                ),
            ),
            id="per-question",
        )
    )
    how = [
        w("merge.how_agreement"),
        w("merge.how_known"),
        w("merge.how_cautious" if merge.policy == "cautious" else "merge.how_gap"),
        w("merge.how_texts"),
        w("merge.how_file"),
    ]
    sections.append(Section(w("merge.how"), (ItemList(tuple(inl(h) for h in how)),), id="how"))
    return Document(
        title=w("merge.title", project=str(project.get("name", ""))),
        lang=lang,
        sections=tuple(sections),
        head=tuple(head),
    )


def _all_agree(q: QuestionMerge, total: int) -> bool:
    return len(q.positions) == 1 and len(q.positions[0].raters) == total


def rule_words(q: QuestionMerge, lang: str) -> str:
    """The merge rule that gave this question its merged answer, in words."""
    rule = "answered_by_some" if q.rule == "agreement" and q.open else q.rule
    return t("merge.rule." + rule, lang)


def _merged_as(q: QuestionMerge, lang: str) -> str:
    return t("merge.merged_as", lang, answer=q.merged_display, rule=rule_words(q, lang))


def _comment(text: str) -> str:
    """One comment line: a line break in a label or name would end the comment."""
    return " ".join(text.split())


def _scalar(value: Any) -> str:
    """A value as YAML: JSON is valid YAML flow (strings, lists, numbers, booleans). The line
    breaks YAML knows beyond JSON's (NEL, LS, PS) are escaped too, so a value stays one line."""
    text = json.dumps(value, ensure_ascii=False)
    for char in ("\x85", "\u2028", "\u2029"):
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def merged_answers_yaml(
    merge: Merge,
    people: Sequence[Person],
    project: Mapping[str, Any],
    differing: Sequence[str],
    questionnaire: Mapping[str, str],
    lang: str,
) -> str:
    """The merged answers as an answers file, with who said what above every question."""

    def w(key: str, **params: Any) -> str:
        return t(key, lang, **params)

    names = ", ".join(f"{p.name} ({p.key})" for p in people)
    lines = [
        "# yaml-language-server: $schema=https://sdgtoets.vvsg.invalid/schemas/answers.schema.json",
        f"# {_comment(w('merge.file_header', n=len(people), names=names))}",
        f"# {_comment(w('merge.file_rule', rule=w('merge.policy.' + merge.policy)))}",
        f"# {_comment(w('merge.file_check'))}",
    ]
    if differing:
        lines.append(f"# {_comment(w('merge.file_differs', fields=', '.join(differing)))}")
    lines += ["kind: answers", "project:"]
    lines += [f"  {key}: {_scalar(value)}" for key, value in project.items()]
    lines += [
        "questionnaire:",
        f"  id: {_scalar(questionnaire['id'])}",
        f"  version: {_scalar(questionnaire['version'])}",
        f"depth: {merge.depth}",
        "answers:",
    ]
    total = len(people)
    for q in merge.questions:
        lines.append(f"  # {_comment(q.label)}")
        said = who_said_what(q, total, lang)
        lines.append(f"  #   {_comment(said)}")
        rule = rule_words(q, lang)
        if q.decisive:
            rule = f"{rule}. {w('merge.file_decisive')}"
        lines.append(f"  #   -> {_comment(rule)}")
        entry = f"{q.question}: {_scalar(q.merged)}"
        if q.applies:
            lines.append(f"  {entry}")
        else:
            lines.append(f"  # {entry}   ({_comment(w('merge.file_hidden'))})")
    return "\n".join(lines) + "\n"
