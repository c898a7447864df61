"""``check``: the verdict for one project, from an answers file (the interview is ``interview``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..core.verdict import Verdict
from ..instrument import Instrument, load_instrument, verdict_for
from ..loading.answers_file import read_answers


def check(
    answers: Path,
    *,
    depth: str | None = None,
    lang: str = "nl",
    questionnaire: Path | None = None,
    rubric: Path | None = None,
    overlays: Sequence[Path] = (),
    profile: Path | None = None,
    instrument: Instrument | None = None,
    what_if: bool = True,
) -> Verdict:
    """The verdict for the answers file ``answers`` (YAML or JSON). ``depth`` overrides the file's
    own (default ``quick``). Pass an ``instrument`` to reuse one already loaded; otherwise the
    definitions are loaded (bundled by default), with the municipal ``profile`` file if given.
    ``what_if``: also compute what would lift the verdict (``verdict.what_if``, shown in the
    verdict document; the JSON verdict does not carry it). Raises InputError on bad input."""
    instrument = instrument or load_instrument(questionnaire, rubric, overlays, profile)
    given = read_answers(answers, instrument.questionnaire)
    chosen = depth or given.depth or "quick"
    return verdict_for(instrument, given.answers, given.project, chosen, lang, what_if=what_if)
