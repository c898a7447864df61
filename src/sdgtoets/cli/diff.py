"""``sdgtoets diff``: which projects change verdict when the rubric changes, and by how much.

Re-scores a set of answers files under the old and the new rubric (the comparison itself is
``core.diff``) and reports the differences in Markdown or JSON. Exit 0 (2 on bad input).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from ..core.diff import ProjectDiff, RubricDiff
from ..i18n import t
from ..loading.errors import InputError, Location
from .common import choose, emit, input_errors, language

ANSWER_PATTERNS = ("*.answers.yaml", "*.answers.yml", "*.answers.json")


def answer_files(paths: list[Path]) -> list[Path]:
    """Answers files: the files given, and every ``*.answers.yaml`` (or .yml/.json) in a folder."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for pattern in ANSWER_PATTERNS for p in path.rglob(pattern))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError.one("file.not_found", Location(str(path)), path=str(path))
    if not found:
        raise InputError.one("maintenance.no_answers", None, pattern=", ".join(ANSWER_PATTERNS))
    return list(dict.fromkeys(found))


def diff_rubrics(
    old_rubric: Path,
    new_rubric: Path,
    answers: list[Path],
    questionnaire: Path | None = None,
    overlays: list[Path] | None = None,
    lang: str = "nl",
    old_questionnaire: Path | None = None,
) -> RubricDiff:
    """Score every answers file under both rubrics and compare (used by the command and tests).
    ``old_questionnaire`` is for an old rubric written for an earlier questionnaire version."""
    from ..api import load_instrument, verdict_for
    from ..core.diff import rubric_diff
    from ..loading.answers_file import read_answers

    old = load_instrument(old_questionnaire or questionnaire, old_rubric, overlays or [])
    new = load_instrument(questionnaire, new_rubric, overlays or [])
    pairs = []
    files = answer_files(answers)
    names = _short_names(files)
    for path in files:
        old_given = read_answers(path, old.questionnaire)
        new_given = (
            read_answers(path, new.questionnaire) if new.questionnaire is not old.questionnaire else old_given
        )
        pairs.append(
            (
                names[path],
                verdict_for(old, old_given.answers, old_given.project, old_given.depth or "quick", lang),
                verdict_for(new, new_given.answers, new_given.project, new_given.depth or "quick", lang),
            )
        )
    return rubric_diff(pairs, _versions(old.rubric), _versions(new.rubric))


def _versions(rubric: Any) -> dict[str, Any]:
    return {"id": rubric.id, "version": rubric.version, "sha256": rubric.content_hash}


def _short_names(files: list[Path]) -> dict[Path, str]:
    """File names, or longer paths where two files share a name."""
    names = {p: p.name for p in files}
    if len(set(names.values())) < len(files):
        names = {p: str(p) for p in files}
    return names


def _points(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _delta(x: float) -> str:
    return ("+" if x > 0 else "") + _points(x)


def render_markdown(result: RubricDiff, lang: str) -> str:
    from ..reports.escape import md

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
        lines += _project_section(p, lang, md)
    return "\n".join(lines)


def _project_section(p: ProjectDiff, lang: str, md: Any) -> list[str]:
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
            pos = f"{_points(s.old_positive)} → {_points(s.new_positive)} ({_delta(s.positive_delta)})"
            neg = f"{_points(s.old_negative)} → {_points(s.new_negative)} ({_delta(s.negative_delta)})"
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
                f"| {_points(f.old_positive)} → {_points(f.new_positive)} |"
            )
        out.append("")
    return out


def _bool(value: bool | None, lang: str) -> str:
    return t("word.unknown" if value is None else "word.yes" if value else "word.no", lang)


def diff(
    old_rubric: Path = typer.Argument(..., help="De huidige (oude) rubriek."),
    new_rubric: Path = typer.Argument(..., help="De gewijzigde (nieuwe) rubriek."),
    answers: list[Path] = typer.Option(
        ...,
        "--answers",
        "-a",
        help="Map met *.answers.yaml-bestanden, of een antwoordenbestand (mag herhaald).",
    ),
    questionnaire: Path | None = typer.Option(None, "--questionnaire", help="Een andere vragenlijst (YAML)."),
    old_questionnaire: Path | None = typer.Option(
        None,
        "--old-questionnaire",
        help="De vragenlijst voor de oude rubriek, als die voor een vorige versie geschreven is "
        "(standaard: dezelfde als --questionnaire).",
    ),
    overlay: list[Path] = typer.Option(
        [], "--overlay", help="Lokale aanvulling, op beide rubrieken (mag herhaald)."
    ),
    fmt: str = typer.Option("markdown", "--format", "-f", help="markdown (standaard) of json."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Schrijf naar dit bestand (anders naar het scherm)."
    ),
    force: bool = typer.Option(False, "--force", help="Overschrijf een bestaand uitvoerbestand."),
    lang: str | None = typer.Option(None, "--lang", "-l", help="Taal: nl (standaard) of en."),
) -> None:
    """Toon de impact van een rubriekwijziging: welke projecten veranderen van oordeel, en hoeveel.

    OLD_RUBRIC is de huidige rubriek, NEW_RUBRIC de gewijzigde; --answers geeft de projecten.
    """
    lng = language(lang)
    fmt = choose(fmt, ("markdown", "json"), "usage.bad_format", lng)
    with input_errors(lng):
        if output is not None and str(output) != "-":
            from ..writing import ensure_writable

            ensure_writable(output, force)
        result = diff_rubrics(
            old_rubric, new_rubric, list(answers), questionnaire, list(overlay), lng, old_questionnaire
        )
        if fmt == "json":
            text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
        else:
            text = render_markdown(result, lng)
        emit(text, output, force)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
