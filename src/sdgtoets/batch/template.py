"""``sdgtoets template --format xlsx|csv``: a project list to fill in, one row per project.

Row 1 holds the column ids the batch reader expects, row 2 the question texts (the reader
recognises and skips it). The xlsx version adds drop-down lists and an explanation sheet.
"""

from __future__ import annotations

import io
from typing import Any

from ..core.conditions import All, Compare, Condition, Not
from ..core.questionnaire import Question, Questionnaire, in_depth
from ..core.text import pick
from ..i18n import t
from ..reports.escape import cell
from .columns import TEMPLATE_META, column_letter, template_header

DATA_ROWS = 1000  # rows with drop-downs


def template_questions(questionnaire: Questionnaire, depth: str) -> list[Question]:
    return [q for q in questionnaire.questions if q.answerable and in_depth(q, depth)]


def header_rows(questionnaire: Questionnaire, depth: str, lang: str) -> tuple[list[str], list[str]]:
    questions = template_questions(questionnaire, depth)
    ids = [template_header(m, questionnaire) for m in TEMPLATE_META] + [q.id for q in questions]
    labels = [t(f"batch.template.meta.{m}", lang) for m in TEMPLATE_META] + [
        pick(q.label, lang) for q in questions
    ]
    return ids, labels


def choice_words(question: Question, lang: str) -> list[str]:
    """What the drop-down offers: the labels, in the user's language (the reader accepts a label
    whole, also when it holds a separator), and 'geen van deze' for a multiple choice."""
    if question.type == "boolean":
        words = [t("word.yes", lang), t("word.no", lang)]
    else:
        words = [" ".join(pick(c.label, lang).split()) for c in question.choices]
        if question.type == "multi_choice":
            words.append(t("word.none_of_these", lang))
    return [*words, t("word.unknown", lang)]


def _label(question: Question | None, qid: str, lang: str) -> str:
    text = " ".join(pick(question.label, lang).split()) if question else qid
    return text.split("?")[0].rstrip(": ") or qid  # the question itself, not the hint after it


def _value_words(question: Question | None, value: Any, lang: str, joiner: str = "cond.or") -> str:
    values = list(value) if isinstance(value, list | tuple) else [value]
    words = []
    for v in values:
        if isinstance(v, bool):
            words.append(t("word.yes" if v else "word.no", lang))
        elif question is not None and isinstance(v, str) and question.choice(v) is not None:
            label = " ".join(pick(question.choice(v).label, lang).split())  # type: ignore[union-attr]
            words.append(f"'{label}'")
        else:
            words.append(str(v))
    return t(joiner, lang).join(words)


def condition_words(cond: Condition, questionnaire: Questionnaire, lang: str, nested: bool = False) -> str:
    """A visibility condition as a person says it: "'Wat voor project' = Bouw of renovatie"."""
    if isinstance(cond, Compare):
        question = questionnaire.get(cond.subject)
        return t(
            f"cond.{cond.op}",
            lang,
            question=_label(question, cond.subject, lang),
            value=_value_words(
                question, cond.value, lang, "cond.and" if cond.op == "contains" else "cond.or"
            ),
        )
    if isinstance(cond, Not):
        return t("cond.not", lang, condition=condition_words(cond.item, questionnaire, lang, True))
    joiner = t("cond.and" if isinstance(cond, All) else "cond.either", lang)
    text = joiner.join(condition_words(c, questionnaire, lang, True) for c in cond.items)
    return f"({text})" if nested and len(cond.items) > 1 else text


def allowed_text(question: Question, lang: str) -> str:
    if question.type == "boolean":
        return f"{t('word.yes', lang)} / {t('word.no', lang)} / {t('word.unknown', lang)}"
    if question.choices:
        return (
            "; ".join(f"{c.value} = {pick(c.label, lang)}" for c in question.choices)
            + f"; {t('word.unknown', lang)}"
        )
    if question.type == "number":
        low = "" if question.minimum is None else question.minimum
        high = "" if question.maximum is None else question.maximum
        return f"{low}..{high}" if question.minimum is not None or question.maximum is not None else ""
    return ""


def csv_template(questionnaire: Questionnaire, depth: str, lang: str) -> str:
    from .summary import csv_bytes

    ids, labels = header_rows(questionnaire, depth, lang)
    return csv_bytes([ids, labels], lang)


def xlsx_template(questionnaire: Questionnaire, depth: str, lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = t("batch.sheet.projects", lang)
    lists = book.create_sheet(t("batch.sheet.lists", lang))
    explain = book.create_sheet(t("batch.sheet.explain", lang))
    ids, labels = header_rows(questionnaire, depth, lang)
    sheet.append(ids)
    sheet.append([cell(x) for x in labels])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index in range(len(ids)):
        letter = column_letter(index)
        sheet[f"{letter}1"].font = bold
        sheet[f"{letter}1"].fill = fill
        sheet[f"{letter}2"].font = Font(italic=True, color="555555")
        sheet[f"{letter}2"].alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[letter].width = 40 if index == 0 else 22
    sheet.row_dimensions[2].height = 75
    sheet.freeze_panes = "B3"

    offset = len(TEMPLATE_META)
    list_col = 0
    for i, q in enumerate(template_questions(questionnaire, depth)):
        letter = column_letter(offset + i)
        if q.help:
            sheet[f"{letter}1"].comment = Comment(pick(q.help, lang), "sdgtoets")
        if q.type not in ("single_choice", "multi_choice", "boolean"):
            continue
        words = choice_words(q, lang)
        lcol = column_letter(list_col)
        list_col += 1
        lists[f"{lcol}1"] = q.id
        for r, word in enumerate(words, start=2):
            lists[f"{lcol}{r}"] = cell(word)
        strict = q.type != "multi_choice"  # several choices are typed as "a; b": a list cannot hold them
        dv = DataValidation(
            type="list",
            formula1=f"'{lists.title}'!${lcol}$2:${lcol}${len(words) + 1}",
            allow_blank=True,
            showErrorMessage=strict,
            errorStyle="stop" if strict else "information",
            error=t("batch.template.bad_value", lang),
        )
        dv.add(f"{letter}3:{letter}{DATA_ROWS + 2}")
        sheet.add_data_validation(dv)
    lists.sheet_state = "hidden"

    explain.append([t("batch.template.explain.intro", lang)])
    explain.append([])
    head = ("column", "question", "type", "allowed", "depth", "condition")
    explain.append([t(f"batch.template.explain.{k}", lang) for k in head])
    for k in range(len(head)):
        explain[f"{column_letter(k)}3"].font = bold
    for m in TEMPLATE_META:
        explain.append(
            [
                template_header(m, questionnaire),
                t(f"batch.template.meta.{m}", lang),
                t("batch.template.type.meta", lang),
            ]
        )
    for q in template_questions(questionnaire, depth):
        row: list[Any] = [
            q.id,
            pick(q.label, lang),
            t(f"batch.template.type.{q.type}", lang),
            allowed_text(q, lang),
            t(f"batch.template.depth.{q.depth}", lang),
            condition_words(q.visible_if, questionnaire, lang) if q.visible_if is not None else "",
        ]
        explain.append([cell(v) for v in row])
    for k, width in enumerate((24, 70, 24, 60, 24, 40)):
        explain.column_dimensions[column_letter(k)].width = width
    explain["A1"].alignment = Alignment(wrap_text=True)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
