"""`sdgtoets merge` (a workshop) and `sdgtoets compare` (variants side by side), end to end through
the CLI on real files: tests/workshop_data (a small questionnaire and rubric, three raters, two
variants, two rubric versions) and the bundled content (examples/ and its variants here)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from sdgtoets.i18n import catalog
from sdgtoets.loading.schemas import schema

ROOT = Path(__file__).parents[1]
DATA = Path(__file__).parent / "workshop_data"
WS = ["--questionnaire", str(DATA / "questionnaire.yaml"), "--rubric", str(DATA / "rubric.yaml")]
WS_V2 = ["--questionnaire", str(DATA / "questionnaire.yaml"), "--rubric", str(DATA / "rubric_v2.yaml")]
RATERS = [str(DATA / "workshop" / f"{n}.answers.yaml") for n in ("an", "bert", "chris")]
SCHOOL = sorted(str(p) for p in (DATA / "schoolstraat").glob("*.answers.yaml"))
WITH_PARKING = str(ROOT / "examples" / "sporthal-met-parking.answers.yaml")
WITHOUT_PARKING = str(DATA / "sporthal-zonder-parking.answers.yaml")


def run(runner, app, args: list[str], code: int = 0):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, [*args, "--no-profile"])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result


def validate(name: str, data: object) -> None:
    from jsonschema import Draft202012Validator

    errors = list(Draft202012Validator(schema(name)).iter_errors(data))
    assert not errors, [e.message for e in errors[:3]]


def section(markdown: str, title: str) -> str:
    """The text of the Markdown section ``## title`` (up to the next ``## ``)."""
    start = markdown.index(f"## {title}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end > 0 else None]


# --- merge: a workshop ---------------------------------------------------------------------------


def test_three_raters_who_said_what_and_the_disagreement_that_changes_the_level(runner, app) -> None:
    out = run(runner, app, ["merge", *RATERS, *WS]).stdout
    assert out.startswith("# SDG-toets in groep: Sporthal De Linde")
    assert "Deelnemers: 3 (Sport, Technische dienst en Milieudienst)" in out
    decisive = section(out, "Verschillen die het oordeel veranderen")
    # The energy use changes the level; said in words, with the level for each answer.
    assert "### Wat doet het project met het energieverbruik?" in decisive
    assert (
        "2 van 3 zeggen “Het stijgt” (Sport en Milieudienst); Technische dienst zegt “Het daalt”." in decisive
    )
    assert "Met “Het stijgt”: Bijsturing nodig" in decisive
    assert "Met “Het daalt”: SDG-proof met aandachtspunten" in decisive
    # Sharing the car park is disputed too, but does not change the level.
    assert "Gedeeld met de school?" not in decisive
    other = section(out, "Andere verschillen")
    assert (
        "**Gedeeld met de school?** 2 van 3 zeggen “ja” (Sport en Technische dienst); Milieudienst zegt “nee”."
        in other
    )
    # The level per rater and the range.
    assert "| Technische dienst | bert.answers.yaml | SDG-proof |" in out
    assert "| Sport | an.answers.yaml | Bijsturing nodig |" in out
    assert "Met ieders eigen antwoorden loopt het oordeel van Bijsturing nodig tot SDG-proof." in out
    assert "Op 4 vragen lopen de antwoorden uiteen. 1 verschil verandert het oordeel" in out
    # Who did not know, who left a question open.
    assert "2 van 3 zeggen “nee” (Sport en Milieudienst); Technische dienst weet het niet." in out
    assert "Sport en Technische dienst lieten de vraag open." in out


def test_the_json_says_the_same_is_schema_valid_and_stable(runner, app) -> None:
    first = run(runner, app, ["merge", *RATERS, *WS, "--format", "json"]).stdout
    assert run(runner, app, ["merge", *RATERS, *WS, "--format", "json"]).stdout == first
    data = json.loads(first)
    validate("merge", data)
    assert data["decisive"] == ["energy"] and data["disputes"] == 4
    assert [(r["name"], r["level"]) for r in data["raters"]] == [
        ("Sport", "adjust"),
        ("Technische dienst", "proof"),
        ("Milieudienst", "adjust"),
    ]
    assert data["level_range"]["lowest"]["level"] == "adjust"
    assert data["level_range"]["highest"]["level"] == "proof"
    assert data["merged"]["level"] == "adjust" and data["merged"]["answers"]["energy"] == "increases"
    assert [p["kind"] for p in data["participants"]] == ["answers"] * 3


def test_markdown_and_html_say_the_same_things(runner, app) -> None:
    from html import unescape

    md = run(runner, app, ["merge", *RATERS, *WS, "--format", "md"]).stdout
    page = run(runner, app, ["merge", *RATERS, *WS, "--format", "html"]).stdout
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    text = unescape(re.sub(r"<[^>]+>", " ", page))
    text = " ".join(text.split())
    for line in (
        "2 van 3 zeggen “Het stijgt” (Sport en Milieudienst); Technische dienst zegt “Het daalt”.",
        "Met ieders eigen antwoorden loopt het oordeel van Bijsturing nodig tot SDG-proof.",
        "Verschillen die het oordeel veranderen",
        "Oordeel met de samengevoegde antwoorden: Bijsturing nodig",
    ):
        assert line in md and line in text, line


def test_the_merged_answers_file_says_who_said_what_loads_and_scores(runner, app, tmp_path) -> None:
    merged = tmp_path / "samen.answers.yaml"
    result = run(runner, app, ["merge", *RATERS, *WS, "--merged-answers", str(merged), "--format", "json"])
    assert str(merged) in result.stderr
    text = merged.read_text(encoding="utf-8")
    assert (
        "#   2 van 3 zeggen “Het stijgt” (Sport en Milieudienst); Technische dienst zegt “Het daalt”." in text
    )
    assert "DIT VERSCHIL VERANDERT HET OORDEEL" in text
    data = yaml.safe_load(text)
    validate("answers", data)
    assert data["answers"]["energy"] == "increases" and data["answers"]["shared"] is False
    assert data["answers"]["remark"] == "Let op de bomen langs de beek."
    assert "owner" not in data["project"] and "department" not in data["project"]
    # The merged file is an ordinary answers file: check scores it to the merged level.
    checked = json.loads(
        run(runner, app, ["check", "--answers", str(merged), *WS, "--format", "json"]).stdout
    )
    assert checked["verdict"]["level"] == json.loads(result.stdout)["merged"]["level"] == "adjust"


def test_what_people_typed_cannot_break_the_merged_file(runner, app, tmp_path) -> None:
    import shutil

    for path in RATERS:
        shutil.copy(path, tmp_path)
    chris = tmp_path / "chris.answers.yaml"
    remark = 'Let op: # geen "bomen"\u2028kappen\n- nee: [x]'
    text = chris.read_text(encoding="utf-8")
    text = text.replace('"Let op de bomen langs de beek."', json.dumps(remark, ensure_ascii=False))
    chris.write_text(
        text.replace('"Milieudienst"', '"Milieu\\ndienst\\u2029energy: reduces"'), encoding="utf-8"
    )
    merged = tmp_path / "m.answers.yaml"
    files = [str(tmp_path / f"{n}.answers.yaml") for n in ("an", "bert", "chris")]
    run(runner, app, ["merge", *files, *WS, "-m", str(merged)])
    data = yaml.safe_load(merged.read_text(encoding="utf-8"))
    assert data["answers"]["remark"] == remark and data["answers"]["energy"] == "increases"
    assert "Milieu dienst energy: reduces zegt" in merged.read_text(encoding="utf-8")


def test_the_gap_rule_makes_a_disagreement_a_knowledge_gap(runner, app, tmp_path) -> None:
    merged = tmp_path / "gap.answers.yaml"
    out = run(runner, app, ["merge", *RATERS, *WS, "--policy", "gap", "-m", str(merged)]).stdout
    assert "Bij een meningsverschil: een kennishiaat (nog uit te zoeken)" in out
    data = yaml.safe_load(merged.read_text(encoding="utf-8"))
    assert data["answers"]["energy"] == "unknown" and data["answers"]["kind"] == "build"
    checked = json.loads(
        run(runner, app, ["check", "--answers", str(merged), *WS, "--format", "json"]).stdout
    )
    assert "energy" in [g["question"] for g in checked["knowledge_gaps"]]


def test_a_saved_interview_session_is_a_rater_too(runner, app) -> None:
    session = str(DATA / "sessions" / "dana.json")
    data = json.loads(run(runner, app, ["merge", RATERS[0], session, *WS, "--format", "json"]).stdout)
    assert [(p["name"], p["kind"]) for p in data["participants"]] == [
        ("Sport", "answers"),
        ("Jeugddienst", "session"),
    ]
    energy = next(q for q in data["questions"] if q["question"] == "energy")
    assert energy["unknown"] == ["Jeugddienst"] and energy["rule"] == "known_by_some"
    # Dana stopped before the parking questions: open for her, the others' answer stays.
    parking = next(q for q in data["questions"] if q["question"] == "parking")
    assert parking["open"] == ["Jeugddienst"] and parking["merged"] is True


def test_bundled_content_three_departments(runner, app, tmp_path) -> None:
    merged = tmp_path / "schoolstraat.answers.yaml"
    out = run(runner, app, ["merge", *SCHOOL, "-m", str(merged)]).stdout
    decisive = section(out, "Verschillen die het oordeel veranderen")
    assert (
        "2 van 3 zeggen “Ja, we zorgen er actief voor" in decisive
        and "Welzijn zegt “Gedeeltelijk”." in decisive
    )
    assert "Met “Gedeeltelijk”: SDG-proof met aandachtspunten" in decisive
    assert "Hoe betrek je inwoners" in section(out, "Andere verschillen")
    # The table per question names the questions by their short names.
    assert "| Toegankelijkheid | Gedeeltelijk | 2 van 3 zeggen" in section(
        out, "Per vraag: wie antwoordde wat"
    )
    checked = json.loads(run(runner, app, ["check", "--answers", str(merged), "--format", "json"]).stdout)
    assert checked["verdict"]["level"] == "sdg_proof_met_aandachtspunten"
    assert checked["project"]["municipality"] == "Herentals"


def test_an_existing_file_is_never_overwritten_without_force(runner, app, tmp_path) -> None:
    for option in ("-o", "--merged-answers"):
        target = tmp_path / f"out{option}.txt"
        target.write_text("mine\n", encoding="utf-8")
        result = run(runner, app, ["merge", *RATERS, *WS, option, str(target)], code=2)
        assert str(target) in result.stderr and "--force" in result.stderr
        assert target.read_text(encoding="utf-8") == "mine\n"
        run(runner, app, ["merge", *RATERS, *WS, option, str(target), "--force"])
        assert target.read_text(encoding="utf-8") != "mine\n"


@pytest.mark.parametrize(
    ("files", "blamed", "fragment"),
    [
        (
            ["bad/other_project.answers.yaml"],
            "other_project.answers.yaml:2",
            "ander project ('Zwembad Centrum')",
        ),
        (
            ["bad/other_version.answers.yaml"],
            "other_version.answers.yaml:3",
            "versie 0.9.0 van de vragenlijst",
        ),
        ([], "an.answers.yaml", "Geef minstens 2 bestanden (nu 1)"),
        (["bad/broken.answers.yaml"], "broken.answers.yaml:3", "geen geldige YAML"),
        (["bad/missing.answers.yaml"], "missing.answers.yaml", "Bestand niet gevonden"),
        (["workshop/an.answers.yaml"], "an.answers.yaml", "twee keer in de lijst"),
        (["bad"], "bad", "is een map, geen bestand"),
    ],
)
def test_bad_input_for_a_merge_names_the_file_and_exits_2(runner, app, files, blamed, fragment) -> None:
    args = [RATERS[0], *(str(DATA / f) for f in files)]
    result = run(runner, app, ["merge", *args, *WS], code=2)
    assert blamed in result.stderr and fragment in result.stderr
    assert result.stdout == ""


def test_a_damaged_session_is_refused(runner, app, tmp_path) -> None:
    damaged = tmp_path / "kapot.json"
    damaged.write_text('{"format": "sdgtoets-session", "questionnaire": {"id": "ws_q", "version": "1.0.0"}}')
    result = run(runner, app, ["merge", RATERS[0], str(damaged), *WS], code=2)
    assert str(damaged) in result.stderr and "beschadigd" in result.stderr


def test_bad_options_exit_2(runner, app) -> None:
    assert "Onbekende regel 'vote'" in run(runner, app, ["merge", *RATERS, *WS, "--policy", "vote"], 2).stderr
    assert "Onbekend formaat 'pdf'" in run(runner, app, ["merge", *RATERS, *WS, "-f", "pdf"], 2).stderr
    run(runner, app, ["merge", *WS], code=2)  # no files at all: Click's own message


def test_the_api_returns_the_merge_and_raises_input_errors(tmp_path) -> None:
    from sdgtoets import api
    from sdgtoets.errors import InputError

    defs = {"questionnaire": DATA / "questionnaire.yaml", "rubric": DATA / "rubric.yaml"}
    result = api.merge([Path(p) for p in RATERS], lang="en", **defs)
    assert [q.question for q in result.merge.decisive] == ["energy"]
    assert result.verdict.level == result.merge.level == "adjust"
    with pytest.raises(InputError) as caught:
        api.merge([Path(RATERS[0])], **defs)
    assert caught.value.problems[0].key == "workshop.too_few"
    compared = api.compare([DATA / "sporthal.answers.yaml", DATA / "variant_b.answers.yaml"], **defs)
    assert compared.comparison.steps[0].level_cause == "answers"


# --- compare: variants side by side ---------------------------------------------------------------


def test_two_variants_of_a_bundled_example_what_changed_and_why(runner, app) -> None:
    out = run(runner, app, ["compare", WITH_PARKING, WITHOUT_PARKING]).stdout
    assert out.startswith("# SDG-toets: varianten naast elkaar")
    side = section(out, "Naast elkaar")
    assert "| Oordeel | **Bijsturing nodig** | **Bijsturing nodig** |" in side
    assert "| SDG 11 Duurzame steden en gemeenschappen | +4 / −14 | +3 / −10 |" in side
    step = section(out, "Van A naar B")
    assert "Het oordeel blijft: Bijsturing nodig." in step
    assert "| Legt het project extra parkeerplaatsen voor auto's aan? | 20 of meer | Nee |" in step
    assert (
        "**Valt weg**: Twintig of meer extra parkeerplaatsen maken de auto aantrekkelijker, nemen veel ruimte "
        "in en trekken verkeer aan. SDG 11 (−2), SDG 13 (−2). Door het antwoord op “Legt het project extra "
        "parkeerplaatsen voor auto's aan?”"
    ) in step


def test_the_comparison_as_json_is_schema_valid_and_stable(runner, app) -> None:
    first = run(runner, app, ["compare", WITH_PARKING, WITHOUT_PARKING, "-f", "json"]).stdout
    assert run(runner, app, ["compare", WITH_PARKING, WITHOUT_PARKING, "-f", "json"]).stdout == first
    data = json.loads(first)
    validate("compare", data)
    (step,) = data["steps"]
    assert step["level"] == {
        "from": "bijsturing_nodig",
        "to": "bijsturing_nodig",
        "cause": "none",
        "same_rubric": None,
    }
    assert {a["question"] for a in step["answers"]} == {"mobility", "car_parking", "parking_measures"}
    parking = [c for c in step["contributions"] if "car_parking" in c["questions"]]
    assert parking and all(c["cause"] == "answers" and c["change"] == "removed" for c in parking)


def test_variants_of_the_workshop_project_the_level_moves_because_of_the_answers(runner, app) -> None:
    a, b = str(DATA / "sporthal.answers.yaml"), str(DATA / "variant_b.answers.yaml")
    out = run(runner, app, ["compare", a, b, *WS, "--format", "html"]).stdout
    assert "Het oordeel gaat van Bijsturing nodig naar SDG-proof met aandachtspunten." in out
    assert "Dat komt door het project" in out


def verdict_json(runner, app, tmp_path: Path, answers: str, rubric: list[str], name: str) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    run(runner, app, ["check", "--answers", str(DATA / answers), *rubric, "-f", "json", "-o", str(path)])
    return str(path)


def test_across_rubric_versions_the_difference_comes_from_the_rubric(runner, app, tmp_path) -> None:
    old = verdict_json(runner, app, tmp_path, "variant_b.answers.yaml", WS, "b-2025.json")
    new = verdict_json(runner, app, tmp_path, "variant_b.answers.yaml", WS_V2, "b-2026.json")
    out = run(runner, app, ["compare", old, new, *WS_V2]).stdout
    step = section(out, "Van A naar B")
    assert "Het oordeel gaat van SDG-proof met aandachtspunten naar Bijsturing nodig." in step
    assert "Dat komt door de rubriek, niet door het project: A is gemaakt met rubriek ws\\_r 1.0.0" in step
    assert "Geen enkel antwoord verschilt." in step
    assert "SDG 11 (−4 → −6). Door de rubriek, niet door het project." in step
    data = json.loads(run(runner, app, ["compare", old, new, *WS_V2, "-f", "json"]).stdout)
    validate("compare", data)
    assert data["steps"][0]["level"]["cause"] == "rubric"
    assert [i["kind"] for i in data["items"]] == ["verdict", "verdict"]


def test_other_answers_and_another_rubric_scored_again_under_one_rubric(runner, app, tmp_path) -> None:
    # Variant B was checked with the old rubric, the plan later with the new one: under the new
    # rubric both are "Bijsturing nodig", so the level moved because of the rubric.
    old = verdict_json(runner, app, tmp_path, "variant_b.answers.yaml", WS, "b-2025.json")
    new = verdict_json(runner, app, tmp_path, "sporthal.answers.yaml", WS_V2, "a-2026.json")
    out = run(runner, app, ["compare", old, new, *WS_V2]).stdout
    assert "Dat komt door de rubriek, niet door het project" in out
    assert (
        "Met dezelfde rubriek (ws_r 1.1.0) krijgt A: Bijsturing nodig, en B: Bijsturing nodig."
        in out.replace("\\_", "_")
    )
    data = json.loads(run(runner, app, ["compare", old, new, *WS_V2, "-f", "json"]).stdout)
    assert data["steps"][0]["level"]["same_rubric"] == ["adjust", "adjust"]


@pytest.mark.parametrize(
    ("second", "blamed", "fragment"),
    [
        (None, "sporthal.answers.yaml", "Geef minstens 2 bestanden (nu 1)"),
        ("bad/missing.json", "missing.json", "Bestand niet gevonden"),
        ("bad/broken.answers.yaml", "broken.answers.yaml:3", "geen geldige YAML"),
    ],
)
def test_bad_input_for_a_comparison_names_the_file_and_exits_2(runner, app, second, blamed, fragment) -> None:
    files = [str(DATA / "sporthal.answers.yaml"), *([str(DATA / second)] if second else [])]
    result = run(runner, app, ["compare", *files, *WS], code=2)
    assert blamed in result.stderr and fragment in result.stderr


def test_a_malformed_verdict_is_refused_with_its_field(runner, app, tmp_path) -> None:
    good = verdict_json(runner, app, tmp_path, "variant_b.answers.yaml", WS, "b.json")
    data = json.loads(Path(good).read_text(encoding="utf-8"))
    data["sdgs"] = "none"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, indent=2), encoding="utf-8")
    result = run(runner, app, ["compare", good, str(bad), *WS], code=2)
    assert f"{bad}:" in result.stderr and "sdgs" in result.stderr


# --- English ---------------------------------------------------------------------------------------

LOCALE_PREFIXES = ("merge.", "compare.", "workshop.")


def dutch_words() -> set[str]:
    """Words of our fixed Dutch texts (merge, compare) that none of the English texts uses."""

    def words(lang: str) -> set[str]:
        out: set[str] = set()
        for key, entry in catalog().items():
            if key.startswith(LOCALE_PREFIXES) or key.startswith(("doc.", "word.", "project.")):
                out |= {
                    w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]+", re.sub(r"\{[^}]*\}", " ", entry[lang]))
                }
        return out

    return words("nl") - words("en")


def without(text: str, *user_texts: str) -> str:
    """The text without what users wrote (names, descriptions) and identifiers (sdg_toets)."""
    for user in user_texts:
        text = text.replace(user, " ")
    return re.sub(r"\S*[_/=]\S*", " ", text)


def test_english_has_no_dutch_words_of_the_fixed_texts(runner, app, tmp_path) -> None:
    dutch = dutch_words()
    assert {"zeggen", "iedereen", "oordeel", "deelnemers"} <= dutch  # the check can fail
    merged = tmp_path / "merged.answers.yaml"
    merge = run(runner, app, ["merge", *SCHOOL, "--lang", "en", "-m", str(merged)])
    assert "2 of 3 say “Yes, we actively see to it" in merge.stdout
    names = ("Schoolstraat en veilige fietsroute naar de basisschool", "Herentals", "Mobiliteit", "Welzijn")
    names += ("Technische dienst", "technische-dienst.answers.yaml")
    names += (yaml.safe_load(Path(SCHOOL[0]).read_text(encoding="utf-8"))["project"]["description"],)
    for text in (merge.stdout, merge.stderr, merged.read_text(encoding="utf-8")):
        found = set(re.findall(r"[A-Za-zÀ-ÿ]+", without(text, *names).lower())) & dutch
        assert not found, sorted(found)
    compare = run(runner, app, ["compare", WITH_PARKING, WITHOUT_PARKING, "--lang", "en", "-f", "html"])
    assert "The verdict stays: Adjustment needed." in compare.stdout
    projects = (
        "Nieuwe sporthal met parking aan de rand van de gemeente",
        "Nieuwe sporthal zonder parking aan de rand van de gemeente",
        "sporthal-met-parking.answers.yaml",
        "sporthal-zonder-parking.answers.yaml",
    )
    text = re.sub(r"<[^>]+>", " ", compare.stdout)
    found = set(re.findall(r"[A-Za-zÀ-ÿ]+", without(text, *projects).lower())) & dutch
    assert not found, sorted(found)
