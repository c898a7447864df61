"""``sdgtoets check``: the interview (or an answers file) and the verdict."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..core.questionnaire import DEPTHS
from ..core.verdict import Verdict
from ..errors import Problem
from ..reports import FORMATS, render
from .common import choose, chosen_profile, emit, fail, input_errors, language


def check(
    answers: Path | None = typer.Option(None, "--answers", "-a"),
    resume: Path | None = typer.Option(None, "--resume"),
    depth: str | None = typer.Option(None, "--depth", "-d"),
    fmt: str | None = typer.Option(None, "--format", "-f"),
    output: Path | None = typer.Option(None, "--output", "-o"),
    force: bool = typer.Option(False, "--force"),
    lang: str | None = typer.Option(None, "--lang", "-l"),
    questionnaire: Path | None = typer.Option(None, "--questionnaire"),
    rubric: Path | None = typer.Option(None, "--rubric"),
    overlay: list[Path] = typer.Option([], "--overlay"),
    session: Path | None = typer.Option(
        None,
        "--session",
    ),
    profile: Path | None = typer.Option(None, "--profile"),
    no_profile: bool = typer.Option(False, "--no-profile"),
    what_if: bool = typer.Option(False, "--what-if"),
) -> None:
    """Interview (or answers file) -> verdict. Help text: locales/cli.yaml (cli.check.*)."""
    lng = language(lang)
    given_format = fmt is not None
    fmt = choose(fmt or ("json" if what_if else "markdown"), FORMATS, "usage.bad_format", lng)
    if depth is not None:
        depth = choose(depth, DEPTHS, "usage.bad_depth", lng)
    if answers is not None and resume is not None:
        fail([Problem("usage.answers_and_resume", {})], lng)
    if what_if and fmt != "json":
        fail([Problem("usage.what_if_json", {"value": fmt})], lng)
    with input_errors(lng):
        if output is not None and str(output) != "-":
            from ..writing import ensure_writable

            ensure_writable(output, force, named=True)  # say so before the interview, not after
        from ..api.check import check as score_file
        from ..instrument import load_instrument, verdict_for

        instrument = load_instrument(questionnaire, rubric, overlay, chosen_profile(profile, no_profile, lng))
        # The verdict document shows what would lift the verdict; the JSON verdict does not.
        with_what_if = what_if or fmt != "json"
        if answers is not None:
            verdict = score_file(answers, depth=depth, lang=lng, instrument=instrument, what_if=with_what_if)
        else:
            from ..interview import run_interview

            result = run_interview(
                instrument.questionnaire, lang=lng, depth=depth, resume=resume, session=session
            )
            if result is None:  # stopped; progress is saved and the user was told where
                raise SystemExit(0)
            verdict = verdict_for(
                instrument, result.answers, result.project, result.depth, lng, what_if=with_what_if
            )
            if output is None and not given_format and not what_if and sys.stdout.isatty():
                finish_on_terminal(verdict, lng)  # -o, --format and pipes keep the plain output
                return
        if what_if:
            from ..api.whatif import WhatIfResult
            from ..reports.json_report import dumps

            assert verdict.what_if is not None
            emit(dumps(WhatIfResult(verdict, verdict.what_if).to_dict()), output, force, lng)
        else:
            emit(render(verdict, fmt), output, force, lng)
        if output is not None and str(output) != "-" and sys.stderr.isatty():
            from ..i18n import t

            sys.stderr.write(t("interview.verdict_written", lng, path=str(output)) + "\n")


def finish_on_terminal(verdict: Verdict, lang: str) -> None:
    """A short summary on screen, then the verdict saved as HTML and Markdown in a folder the user
    names (Enter: the current folder), and where the files are."""
    from rich.console import Console

    from ..i18n import t
    from ..interview.verdict_files import save_verdict, summary_renderables
    from ..reports.formats import today
    from ..reports.verdict_view import verdict_document

    console = Console(highlight=False)
    date = today()
    console.print(*summary_renderables(verdict_document(verdict, date)))
    folder = Path.cwd()
    for _ in range(3):
        if not sys.stdin.isatty():
            break
        try:
            answer = console.input(t("interview.save_where", lang, folder=str(Path.cwd())) + " ").strip()
        except (EOFError, KeyboardInterrupt):
            answer = ""
        chosen = Path(answer.strip('"')).expanduser() if answer else Path.cwd()
        if chosen.exists() and not chosen.is_dir():
            console.print(t("file.is_dir_expected", lang, path=str(chosen)))
            continue
        folder = chosen
        break
    paths = save_verdict(verdict, folder, date)
    console.print(t("interview.verdict_saved", lang, html=str(paths[0]), markdown=str(paths[1])))


def register(app: typer.Typer) -> None:
    app.command("check")(check)
