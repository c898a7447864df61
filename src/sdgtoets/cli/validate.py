"""``sdgtoets validate``: parse, call ``api.validate``, report every problem with its location."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..i18n import t
from .common import EXIT_INPUT, choose, format_problem, language, say_content


def validate(
    files: list[Path] = typer.Argument(
        None,
        help="Vragenlijst-, rubriek-, aanvullings- (overlay) of testbestanden (standaard: de meegeleverde vragenlijst "
        "en rubriek).",
    ),
    fmt: str = typer.Option("text", "--format", "-f", help="text (standaard) of json (voor CI)."),
    strict: bool = typer.Option(False, "--strict", help="Ook waarschuwingen laten falen (exit 2)."),
    lang: str | None = typer.Option(None, "--lang", "-l", help="Taal: nl (standaard) of en."),
) -> None:
    """Controleer vragenlijsten en rubrieken: schema, verwijzingen, drempels, bereik en vertalingen.

    FILES: vragenlijst-, rubriek-, aanvullings- of testbestanden (standaard: de meegeleverde).

    Elke bevinding heeft een code (uitleg en oplossing in docs/errors.md). Exit 2 bij fouten (of bij
    waarschuwingen met --strict), anders 0.
    """
    lng = language(lang)
    fmt = choose(fmt, ("text", "json"), "usage.bad_format", lng)
    from ..api.validate import DOCS
    from ..api.validate import validate as run

    result = run(list(files or []))
    if fmt == "json":
        import json

        sys.stdout.write(json.dumps(result.to_dict(lng), ensure_ascii=False, indent=2) + "\n")
    else:
        if result.content is not None:
            say_content(result.content, lng)
        for r in result.files:
            for p in r.problems:
                sys.stderr.write(format_problem(p, lng) + "\n")
            if not r.problems:
                sys.stdout.write(
                    t("validate.ok", lng, file=str(r.path), kind=r.kind, id=r.ident, version=r.version) + "\n"
                )
        if result.errors or result.warnings:
            sys.stderr.write(t("lint.see_docs", lng, docs=DOCS) + "\n")
        sys.stdout.write(
            t(
                "validate.summary",
                lng,
                errors=result.errors,
                warnings=result.warnings,
                files=len(result.files),
            )
            + "\n"
        )
    if result.failed(strict):
        raise SystemExit(EXIT_INPUT)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
