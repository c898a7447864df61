"""The pure lint core: metric names, level reachability (property-based) and overlay merging."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sdgtoets.api import load_instrument, verdict_for
from sdgtoets.core.conditions import parse
from sdgtoets.core.definitions import questionnaire_from_data
from sdgtoets.core.lint_levels import check_levels
from sdgtoets.core.metrics import LMB_METRICS, VERDICT_METRICS
from sdgtoets.core.overlay import extend_questionnaire
from sdgtoets.core.rubric import Level
from sdgtoets.core.scoring import _first_level

DATA = Path(__file__).parent / "maintenance_data"


def _verdict():  # type: ignore[no-untyped-def]
    inst = load_instrument(DATA / "questionnaire.yaml", DATA / "rubric.yaml")
    return verdict_for(inst, {"kind": "service"}, {"name": "P"}, "quick", "nl")


def test_metric_names_are_those_the_scoring_computes() -> None:
    assert set(VERDICT_METRICS) == set(_verdict().metrics)


@pytest.mark.parametrize("metric", sorted(LMB_METRICS))
def test_lmb_metric_names_are_those_the_scoring_uses(metric: str, tmp_path: Path) -> None:
    """An LMB level that tests ``metric < 1000000`` holds for every field, so the scorer offers each
    declared LMB metric to the LMB levels (a metric it did not offer would be absent: false)."""
    data = yaml.safe_load((DATA / "rubric.yaml").read_text(encoding="utf-8"))
    data["lmb"]["levels"] = [
        {
            "id": "hit",
            "label": {"nl": "Ja", "en": "Yes"},
            "when": {"metric": metric, "op": "lt", "value": 1000000},
        },
        {"id": "miss", "label": {"nl": "Nee", "en": "No"}},
    ]
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    inst = load_instrument(DATA / "questionnaire.yaml", rubric)
    verdict = verdict_for(inst, {"kind": "service", "justice": True}, {"name": "P"}, "quick", "nl")
    assert {f.level for f in verdict.lmb} == {"hit"}


OPS = st.sampled_from(["gt", "gte", "lt", "lte", "eq", "ne"])
METRIC = st.sampled_from(["unmitigated_negatives", "pillars_with_positive", "knowledge_gap_share"])
COMPARE = st.builds(
    lambda m, op, v: {"metric": m, "op": op, "value": v},
    METRIC,
    OPS,
    st.integers(0, 6) | st.sampled_from([0.2, 0.4, 0.5]),
)
CONDITION = st.one_of(
    COMPARE,
    st.builds(lambda a, b: {"all": [a, b]}, COMPARE, COMPARE),
    st.builds(lambda a, b: {"any": [a, b]}, COMPARE, COMPARE),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(CONDITION, min_size=1, max_size=4),
    st.lists(
        st.tuples(
            st.integers(0, 6), st.integers(0, 5), st.sampled_from([0, 0.1, 0.2, 0.3, 0.4, 0.45, 0.5, 0.9, 1])
        ),
        min_size=1,
        max_size=40,
    ),
)
def test_a_level_called_unreachable_is_never_reached(conditions, samples) -> None:  # type: ignore[no-untyped-def]
    """Soundness: whatever the metrics, a level lint calls unreachable (L402/L404) is never the
    one the scoring picks."""
    levels = tuple(
        Level(f"l{i}", {"nl": "x"}, parse(c, ("levels", i, "when"))) for i, c in enumerate(conditions)
    )
    levels += (Level("otherwise", {"nl": "x"}),)
    findings = check_levels(levels, VERDICT_METRICS, ("levels",), False)
    unreachable = {
        levels[f.path[1]].id for f in findings if f.code in ("L402", "L404") and isinstance(f.path[1], int)
    }
    for neg, pillars, share in samples:
        metrics = {name: 0.0 for name in VERDICT_METRICS}
        metrics.update(unmitigated_negatives=neg, pillars_with_positive=pillars, knowledge_gap_share=share)
        assert _first_level(levels, metrics).id not in unreachable


def test_shadowed_level_is_found() -> None:
    levels = (
        Level("present", {"nl": "x"}, parse({"metric": "positive", "op": "gte", "value": 1})),
        Level("strong", {"nl": "x"}, parse({"metric": "positive", "op": "gte", "value": 4})),
        Level("absent", {"nl": "x"}),
    )
    findings = check_levels(levels, LMB_METRICS, ("lmb", "levels"), True)
    assert [(f.code, f.path, f.params["earlier"]) for f in findings] == [
        ("L403", ("lmb", "levels", 1), ["present"])
    ]


def test_overlay_questions_join_their_section_and_new_sections_come_last() -> None:
    base = questionnaire_from_data(yaml.safe_load((DATA / "questionnaire.yaml").read_text(encoding="utf-8")))
    overlay = yaml.safe_load((DATA / "overlay.yaml").read_text(encoding="utf-8"))
    extended = extend_questionnaire(base, [overlay])
    q = extended.questionnaire
    ids = [x.id for x in q.questions]
    assert ids.index("bike_parking") == ids.index("budget") + 1  # end of section "main"
    assert ids[-1] == "local_market" and q.sections[-1].id == "local"
    assert extended.question_sources == {"bike_parking": "gemeente_x", "local_market": "gemeente_x"}
    assert q.get("local_market").path == ("sections", 1, "questions", 0)  # type: ignore[union-attr]
    assert q.content_hash != base.content_hash and q.version == base.version
    assert extend_questionnaire(base, []).questionnaire is base
