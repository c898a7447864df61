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
    ),
    fmt: str = typer.Option("text", "--format", "-f"),
    strict: bool = typer.Option(False, "--strict"),
    lang: str | None = typer.Option(None, "--lang", "-l"),
) -> None:
    """Check definition files. Help: cli.validate.*."""
    lng = language(lang)
    fmt = choose(fmt, ("text", "json"), "usage.bad_format", lng)
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
            from ..codes import errors_doc

            sys.stderr.write(t("lint.see_docs", lng, docs=errors_doc().as_uri()) + "\n")
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
