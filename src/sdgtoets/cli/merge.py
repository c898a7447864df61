"""``sdgtoets merge``: a workshop. Parse, call ``api.merge``, report (Markdown, HTML, Word or
JSON) and write the merged answers file. Exit 0, or 2 on bad input."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .common import choose, chosen_profile, emit, input_errors, language, report_format


def merge(
    files: list[Path] = typer.Argument(...),
    output: Path | None = typer.Option(None, "--output", "-o"),
    fmt: str = typer.Option("markdown", "--format", "-f"),
    merged_answers: Path | None = typer.Option(None, "--merged-answers", "-m"),
    policy: str = typer.Option("cautious", "--policy"),
    depth: str | None = typer.Option(None, "--depth", "-d"),
    force: bool = typer.Option(False, "--force"),
    lang: str | None = typer.Option(None, "--lang", "-l"),
    questionnaire: Path | None = typer.Option(None, "--questionnaire"),
    rubric: Path | None = typer.Option(None, "--rubric"),
    overlay: list[Path] = typer.Option([], "--overlay"),
    profile: Path | None = typer.Option(None, "--profile"),
    no_profile: bool = typer.Option(False, "--no-profile"),
) -> None:
    """Several people's answers -> who said what, what matters, merged answers. Help: cli.merge.*."""
    from ..core.merge import POLICIES
    from ..core.questionnaire import DEPTHS

    lng = language(lang)
    fmt = report_format(fmt, lng)
    policy = choose(policy, POLICIES, "workshop.bad_policy", lng)
    if depth is not None:
        depth = choose(depth, DEPTHS, "usage.bad_depth", lng)
    with input_errors(lng):
        from ..writing import ensure_writable

        for target in (output, merged_answers):
            if target is not None and str(target) != "-":
                ensure_writable(target, force, named=True)
        from ..api.merge import merge as run
        from ..reports.merge_view import Person, merge_document, merged_answers_yaml

        result = run(
            list(files),
            depth=depth,
            policy=policy,
            lang=lng,
            questionnaire=questionnaire,
            rubric=rubric,
            overlays=overlay,
            profile=chosen_profile(profile, no_profile, lng),
        )
        people = [Person(p.key, p.name) for p in result.participants]
        if merged_answers is not None:
            from ..i18n import t
            from ..writing import write_atomic

            text = merged_answers_yaml(
                result.merge, people, result.project, result.differing, result.questionnaire, lng
            )
            write_atomic(merged_answers, text, force=force, named=True)
            sys.stderr.write(t("workshop.written", lng, path=str(merged_answers)) + "\n")
        if fmt == "json":
            import json

            out: str | bytes = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
        else:
            from ..reports.formats import get

            doc = merge_document(
                result.merge, people, result.project, result.differing, lng, result.short_labels
            )
            out = get(fmt).render_document(doc)
        emit(out, output, force, lng)


def register(app: typer.Typer) -> None:
    app.command("merge")(merge)
