"""``sdgtoets test``: parse, call ``api.run_tests``, report a table of what passed and failed.

Exit 0 when all pass, 1 when a test fails, 2 when a test file itself is wrong (or none were found).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..i18n import t
from .common import EXIT_FAILED, EXIT_INPUT, choose, input_errors, language, print_problems, say_content

if TYPE_CHECKING:
    from ..api.rubric_test import CaseResult
    from ..core.testcases import Mismatch


def rubric_test(
    paths: list[Path] = typer.Argument(None),
    questionnaire: Path | None = typer.Option(None, "--questionnaire"),
    rubric: Path | None = typer.Option(None, "--rubric"),
    overlay: list[Path] = typer.Option([], "--overlay"),
    fmt: str = typer.Option("text", "--format", "-f"),
    lang: str | None = typer.Option(None, "--lang", "-l"),
) -> None:
    """Run the rubric tests. Help: cli.test.*."""
    lng = language(lang)
    fmt = choose(fmt, ("text", "json"), "usage.bad_format", lng)
    from ..api.rubric_test import run_tests

    with input_errors(lng):
        result = run_tests(
            list(paths or []), questionnaire=questionnaire, rubric=rubric, overlays=overlay, lang=lng
        )
    if fmt == "json":
        sys.stdout.write(json.dumps(result.to_dict(lng), ensure_ascii=False, indent=2) + "\n")
    else:
        say_content(result.content, lng)
        used = t("content.used", lng, questionnaire=str(result.questionnaire), rubric=str(result.rubric))
        sys.stderr.write(used + "\n")
        show_table(list(result.cases), lng)
        print_problems(result.problems, lng)
    if result.problems:
        raise SystemExit(EXIT_INPUT)
    if result.failed:
        raise SystemExit(EXIT_FAILED)


def _detail(m: Mismatch, lang: str) -> str:
    return t("maintenance.test_mismatch", lang, what=m.what, expected=m.expected, actual=m.actual)


def show_table(results: list[CaseResult], lang: str) -> None:
    passed = sum(1 for r in results if r.passed)
    summary = t(
        "maintenance.test_summary", lang, passed=passed, failed=len(results) - passed, total=len(results)
    )
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        table = Table(show_lines=False)
        table.add_column(t("maintenance.col_result", lang))
        table.add_column(t("maintenance.col_test", lang))
        table.add_column(t("maintenance.col_details", lang))
        for r in results:
            mark = (
                "[green]" + t("maintenance.pass", lang) if r.passed else "[red]" + t("maintenance.fail", lang)
            )
            details = "\n".join(escape(_detail(m, lang)) for m in r.mismatches)
            table.add_row(mark, f"{escape(r.name)}\n[dim]{escape(r.file.name)}[/dim]", details)
        console = Console()
        console.print(table, markup=True)
        console.print(summary, highlight=False)
        return
    for r in results:
        mark = t("maintenance.pass" if r.passed else "maintenance.fail", lang)
        sys.stdout.write(f"{mark}  {r.name} ({r.file})\n")
        for m in r.mismatches:
            sys.stdout.write(f"      {_detail(m, lang)}\n")
    sys.stdout.write(summary + "\n")


def register(app: typer.Typer) -> None:
    app.command("test")(rubric_test)
