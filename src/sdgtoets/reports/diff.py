"""The Markdown report of a rubric change (``sdgtoets diff``): level changes, then per project."""

from __future__ import annotations

from typing import Any

from ..core.diff import ProjectDiff, RubricDiff
from ..core.numbers import decimal_text, signed_text
from ..i18n import t
from .escape import md


def render_markdown(result: RubricDiff, lang: str) -> str:
    def rubric_name(v: dict[str, Any]) -> str:
        return md(f"{v.get('id', '?')} {v.get('version', '?')} ({str(v.get('sha256', ''))[:12]})")

    lines = [
        f"# {t('diff.title', lang)}",
        "",
        f"- {t('diff.old', lang)}: {rubric_name(result.old)}",
        f"- {t('diff.new', lang)}: {rubric_name(result.new)}",
        "",
        t(
            "diff.summary",
            lang,
            projects=len(result.projects),
            changed=len(result.changed),
            levels=sum(1 for p in result.projects if p.level_changed),
            flips=sum(1 for p in result.projects for s in p.sdgs if s.flipped),
        ),
        "",
    ]
    if not result.changed:
        lines += [t("diff.no_changes", lang), ""]
        return "\n".join(lines)
    lines += [
        f"## {t('diff.levels', lang)}",
        "",
        f"| {t('diff.col_project', lang)} | {t('diff.col_file', lang)} | {t('diff.col_old', lang)} "
        f"| {t('diff.col_new', lang)} |",
        "|---|---|---|---|",
    ]
    for p in result.changed:
        mark = "**" if p.level_changed else ""
        lines.append(
            f"| {md(p.name)} | {md(p.key)} | {md(p.old_label or p.old_level)} | {mark}{md(p.new_label or p.new_level)}{mark} |"
        )
    lines.append("")
    for p in result.changed:
        lines += _project_section(p, lang)
    return "\n".join(lines)


def _project_section(p: ProjectDiff, lang: str) -> list[str]:
    out = [f"## {md(p.name)} ({md(p.key)})", ""]
    if p.level_changed:
        out += [
            t(
                "diff.level_line",
                lang,
                old=md(p.old_label or p.old_level),
                new=md(p.new_label or p.new_level),
            ),
            "",
        ]
    if p.old_is_lmb != p.new_is_lmb:
        out += [
            t("diff.lmb_status_line", lang, old=_bool(p.old_is_lmb, lang), new=_bool(p.new_is_lmb, lang)),
            "",
        ]
    if p.sdgs:
        out += [
            f"| {t('diff.col_sdg', lang)} | {t('diff.col_status', lang)} | {t('diff.col_positive', lang)} "
            f"| {t('diff.col_negative', lang)} |",
            "|---|---|---|---|",
        ]
        for s in p.sdgs:
            status = t("status." + s.old_status, lang)
            if s.flipped:
                status = f"**{status} → {t('status.' + s.new_status, lang)}**"
            pos = f"{decimal_text(s.old_positive, lang)} → {decimal_text(s.new_positive, lang)} ({signed_text(s.positive_delta, lang)})"
            neg = f"{decimal_text(s.old_negative, lang)} → {decimal_text(s.new_negative, lang)} ({signed_text(s.negative_delta, lang)})"
            out.append(f"| SDG {s.number} | {status} | {pos} | {neg} |")
        out.append("")
    if p.lmb:
        out += [
            f"| {t('diff.col_field', lang)} | {t('diff.col_level', lang)} | {t('diff.col_positive', lang)} |"
        ]
        out.append("|---|---|---|")
        for f in p.lmb:
            out.append(
                f"| {md(f.name or f.field)} | {md(f.old_label or f.old_level)} → {md(f.new_label or f.new_level)} "
                f"| {decimal_text(f.old_positive, lang)} → {decimal_text(f.new_positive, lang)} |"
            )
        out.append("")
    return out


def _bool(value: bool | None, lang: str) -> str:
    return t("word.unknown" if value is None else "word.yes" if value else "word.no", lang)
