"""`sdgtoets check` without --answers: the interview, driven by scripted input (stdin is not a terminal)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

DATA = Path(__file__).parent / "interview_data"
DEFS = ["--questionnaire", str(DATA / "questionnaire.yaml"), "--rubric", str(DATA / "rubric.yaml")]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SDGTOETS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SDGTOETS_LANG", raising=False)
    return tmp_path / "home"


def interview(runner: CliRunner, app: Any, lines: list[str], *args: str) -> Any:
    text = "".join(line + "\n" for line in lines)
    return runner.invoke(app, ["check", *DEFS, *args], input=text)


def sessions(home: Path) -> list[Path]:
    return sorted((home / "sessions").glob("*.json"))


def read_session(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# name, depth, note, kind=building, paving=yes, m2, groups, remarks, justice
FULL_RUN = ["Fietspad Dorp", "1", "", "1", "j", "1200", "3", "Goed idee", "ja"]


def test_a_whole_interview_gives_the_verdict_on_stdout_only(runner: CliRunner, app: Any, home: Path) -> None:
    result = interview(runner, app, FULL_RUN, "--format", "json")
    assert result.exit_code == 0, result.stderr
    verdict = json.loads(result.stdout)  # stdout holds the verdict and nothing else
    assert verdict["project"]["name"] == "Fietspad Dorp"
    assert verdict["depth"] == "quick"
    assert "Vraag 1 van ca. 7" in result.stderr
    assert "Deel: Algemeen" in result.stderr and "Deel: Wereld" in result.stderr
    assert "Klaar!" in result.stderr
    [saved] = sessions(home)
    data = read_session(saved)
    assert data["status"] == "finished"
    assert data["questionnaire"] == {
        "id": "interview_test",
        "version": "1.0.0",
        "content_hash": data["questionnaire"]["content_hash"],
    }
    assert data["answers"] == {
        "kind": "building",
        "paving": True,
        "paving_m2": 1200,
        "groups": ["poor"],
        "remarks": "Goed idee",
        "justice": True,
    }
    assert data["history"][0] == "welcome" and data["created"] and data["updated"]


def test_english_interview(runner: CliRunner, app: Any, home: Path) -> None:
    lines = ["Cycle path", "2", "", "2", "1,2", "12.5", "", "no"]  # full: share is asked
    result = interview(runner, app, lines, "--lang", "en", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "What is your project called?" in result.stderr
    assert "Question 3 of about" in result.stderr
    assert "Part: People" in result.stderr
    verdict = json.loads(result.stdout)
    assert verdict["depth"] == "full"
    data = read_session(sessions(home)[0])
    assert data["answers"] == {
        "kind": "event",
        "groups": ["youth", "elderly"],
        "share": 12.5,
        "justice": False,
    }


def test_invalid_input_is_explained_and_asked_again(runner: CliRunner, app: Any, home: Path) -> None:
    lines = ["P", "1", "", "9", "1", "misschien", "j", "veel", "-5", "300,5", "1,7", "0", "", "w"]
    result = interview(runner, app, lines, "--format", "json")
    assert result.exit_code == 0, result.stderr
    err = result.stderr
    assert "Typ een nummer van 1 tot 3" in err
    assert "Typ j (ja), n (nee) of w (weet niet)." in err
    assert err.count("Dat is geen geldig getal tussen 0 en 100000") == 2
    assert "Typ nummers van 1 tot 3" in err
    assert "Traceback" not in err
    data = read_session(sessions(home)[0])
    assert data["answers"]["paving_m2"] == 300.5
    assert data["answers"]["groups"] == []
    assert data["answers"]["justice"] == "unknown"
    assert "remarks" not in data["answers"]  # an empty free text is skipped


def test_help_and_dont_know(runner: CliRunner, app: Any, home: Path) -> None:
    lines = ["P", "1", "", "?", "w", "w", "w", "1", "", "?", "j"]
    result = interview(runner, app, lines, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "Kies wat het best past." in result.stderr  # help of 'kind'
    assert "Bijvoorbeeld eerlijke handel" in result.stderr  # help of 'justice'
    answers = read_session(sessions(home)[0])["answers"]
    # "weet niet" on kind keeps paving visible (unknown condition), and so on down the chain
    assert answers == {
        "kind": "unknown",
        "paving": "unknown",
        "paving_m2": "unknown",
        "groups": ["youth"],
        "justice": True,
    }


def test_going_back_changes_an_answer_and_drops_what_no_longer_applies(
    runner: CliRunner, app: Any, home: Path
) -> None:
    # building, paving yes, 50 m2, then back three times to 'kind' and choose event
    lines = ["P", "1", "", "1", "j", "50", "t", "t", "t", "2", "0", "", "n"]
    result = interview(runner, app, lines, "--format", "json")
    assert result.exit_code == 0, result.stderr
    err = result.stderr
    assert "Huidig antwoord: Bouwproject (Enter = behouden)" in err
    assert "2 vragen niet meer van toepassing" in err
    assert "Komt er verharding bij?" in err.split("niet meer van toepassing")[1]  # the dropped ones are named
    answers = read_session(sessions(home)[0])["answers"]
    assert answers == {"kind": "event", "groups": [], "justice": False}


def test_back_at_the_first_question_goes_to_name_and_depth_and_enter_keeps_an_answer(
    runner: CliRunner, app: Any, home: Path
) -> None:
    # t at the first question: the project name (Enter keeps it), t there is the start, then the depth
    lines = ["P", "1", "t", "t", "", "", "", "3", "t", "", "0", "", "n"]
    result = interview(runner, app, lines, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "Huidig antwoord: P (Enter = behouden)" in result.stderr
    assert "Dit is de eerste vraag" in result.stderr
    assert result.stderr.count("Welke toets wil je doen?") == 2
    assert "Huidig antwoord: Dienstverlening" in result.stderr
    assert read_session(sessions(home)[0])["answers"] == {"kind": "service", "groups": [], "justice": False}


def test_stop_saves_and_names_the_resume_command_then_resume_continues(
    runner: CliRunner, app: Any, home: Path
) -> None:
    first = interview(runner, app, ["P", "1", "", "1", "j", "s"])
    assert first.exit_code == 0
    assert first.stdout == ""
    [saved] = sessions(home)
    assert f'sdgtoets check --resume "{saved}"' in first.stderr
    data = read_session(saved)
    assert data["status"] == "in_progress"
    assert data["answers"] == {"kind": "building", "paving": True}

    second = interview(runner, app, ["80", "2", "", "j"], "--resume", str(saved), "--format", "json")
    assert second.exit_code == 0, second.stderr
    assert "Wat voor project is het?" not in second.stderr  # answered questions are not asked again
    assert "Komt er verharding bij?" not in second.stderr
    assert "Vraag 4 van ca. 7" in second.stderr
    verdict = json.loads(second.stdout)
    assert verdict["project"]["name"] == "P"
    assert read_session(saved)["status"] == "finished"
    assert sessions(home) == [saved]


def test_the_next_run_offers_the_unfinished_session(runner: CliRunner, app: Any, home: Path) -> None:
    interview(runner, app, ["Speeltuin", "1", "", "2", "q"])
    offered = interview(runner, app, ["j", "1", "", "n"], "--format", "json")
    assert offered.exit_code == 0, offered.stderr
    assert "Er is een onafgewerkte toets voor 'Speeltuin' (1 antwoorden" in offered.stderr
    assert "Hoe heet je project?" not in offered.stderr
    assert json.loads(offered.stdout)["project"]["name"] == "Speeltuin"
    # finished now: not offered again
    again = interview(runner, app, ["Nieuw", "1", "", "s"])
    assert "onafgewerkte toets" not in again.stderr
    assert len(sessions(home)) == 2


def test_declining_the_offer_starts_a_new_check_and_keeps_the_old(
    runner: CliRunner, app: Any, home: Path
) -> None:
    interview(runner, app, ["Oud", "1", "", "2", "s"])
    result = interview(runner, app, ["n", "Nieuw", "1", "", "3", "s"])
    assert "De onafgewerkte blijft bewaard" in result.stderr
    names = sorted(read_session(p)["project"]["name"] for p in sessions(home))
    assert names == ["Nieuw", "Oud"]


def test_end_of_input_saves_and_stops(runner: CliRunner, app: Any, home: Path) -> None:
    result = interview(runner, app, ["P", "2", "", "2"])
    assert result.exit_code == 2  # no verdict: a script must not take this for success
    assert "De invoer hield op voor de toets af was, dus er is geen oordeel" in result.stderr
    assert result.stdout == ""
    [saved] = sessions(home)
    assert "--resume" in result.stderr
    assert read_session(saved)["answers"] == {"kind": "event"}
    assert read_session(saved)["depth"] == "full"


def test_no_input_at_all_is_a_clear_error(runner: CliRunner, app: Any, home: Path) -> None:
    result = runner.invoke(app, ["check", *DEFS], input="")
    assert result.exit_code == 2
    assert "Er komt geen invoer binnen" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (home / "sessions").exists() or sessions(home) == []


def test_depth_option_skips_the_depth_question(runner: CliRunner, app: Any, home: Path) -> None:
    result = interview(runner, app, ["P", "", "2", "0", "", "", "n"], "--depth", "full", "--format", "json")
    assert result.exit_code == 2, result.stderr  # the input ends before the interview does
    assert "Welke toets wil je doen?" not in result.stderr
    assert read_session(sessions(home)[0])["answers"]["groups"] == []


def test_session_option_chooses_the_file(runner: CliRunner, app: Any, home: Path, tmp_path: Path) -> None:
    target = tmp_path / "mijn toets.json"
    first = interview(runner, app, ["P", "1", "", "2", "s"], "--session", str(target))
    assert first.exit_code == 0
    assert target.exists() and sessions(home) == []
    # the same --session again continues that file without asking
    second = interview(runner, app, ["0", "", "n"], "--session", str(target), "--format", "json")
    assert second.exit_code == 0, second.stderr
    assert read_session(target)["status"] == "finished"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "beschadigd"),
        ('{"format": "iets anders"}', "geen bewaarde toets"),
        (
            '{"format": "sdgtoets-session", "questionnaire": {"id": "sdg_toets", "version": "1.0.0"}}',
            "hoort bij vragenlijst sdg_toets 1.0.0, niet bij interview_test 1.0.0",
        ),
        (
            '{"format": "sdgtoets-session", "questionnaire": {"id": "interview_test", "version": "1.0.0"},'
            ' "project": {"name": "P"}, "depth": "deep", "answers": {}, "history": []}',
            "beschadigd (depth)",
        ),
    ],
)
def test_a_damaged_or_mismatching_session_is_exit_2(
    runner: CliRunner, app: Any, home: Path, tmp_path: Path, content: str, fragment: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    result = interview(runner, app, ["x"], "--resume", str(bad))
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert str(bad) in result.stderr
    assert "Traceback" not in result.stderr
    assert bad.read_text(encoding="utf-8") == content  # never touched


def test_resume_of_a_missing_file_is_exit_2(runner: CliRunner, app: Any, home: Path, tmp_path: Path) -> None:
    result = interview(runner, app, [], "--resume", str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    assert "Bestand niet gevonden" in result.stderr


def test_damaged_files_in_the_sessions_folder_are_not_offered(
    runner: CliRunner, app: Any, home: Path
) -> None:
    (home / "sessions").mkdir(parents=True)
    (home / "sessions" / "kapot.json").write_text("{", encoding="utf-8")
    result = interview(runner, app, ["P", "1", "s"])
    assert result.exit_code == 0
    assert "onafgewerkte" not in result.stderr


def test_a_quick_scan_can_grow_into_a_full_check(runner: CliRunner, app: Any, home: Path) -> None:
    interview(runner, app, ["P", "1", "", "2", "1", "", "n"])
    [saved] = sessions(home)
    assert read_session(saved)["status"] == "finished"
    result = interview(runner, app, ["40"], "--resume", str(saved), "--depth", "full", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "alleen de extra vragen" in result.stderr
    assert "Voor wie is het project?" not in result.stderr
    assert json.loads(result.stdout)["depth"] == "full"
    assert read_session(saved)["answers"]["share"] == 40


def test_interview_output_to_a_file(runner: CliRunner, app: Any, home: Path, tmp_path: Path) -> None:
    out = tmp_path / "oordeel.md"
    result = interview(runner, app, FULL_RUN, "--output", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# SDG-toets: Fietspad Dorp")


def test_bundled_questionnaire_interview(runner: CliRunner, app: Any, home: Path) -> None:
    """With the bundled content: answer 'w' to everything until the end (content may change)."""
    result = runner.invoke(app, ["check", "--format", "json"], input="Bundeltest\n1\n" + "w\n" * 200)
    assert result.exit_code == 0, result.stderr
    verdict = json.loads(result.stdout)
    assert verdict["project"]["name"] == "Bundeltest"
    data = read_session(sessions(home)[0])
    assert data["status"] == "finished"
    assert data["answers"] and all(v == "unknown" for v in data["answers"].values())


def test_english_stop_hint_keeps_the_language(runner: CliRunner, app: Any, home: Path) -> None:
    result = interview(runner, app, ["P", "1", "", "q"], "--lang", "en")
    assert result.exit_code == 0
    [saved] = sessions(home)
    assert f'Continue later with: sdgtoets check --resume "{saved}" --lang en' in result.stderr


def test_resume_drops_answers_to_questions_that_no_longer_apply(
    runner: CliRunner, app: Any, home: Path, tmp_path: Path
) -> None:
    saved = tmp_path / "oud.json"
    saved.write_text(
        json.dumps(
            {
                "format": "sdgtoets-session",
                "format_version": 1,
                "questionnaire": {"id": "interview_test", "version": "1.0.0"},
                "project": {"name": "Oud"},
                "depth": "quick",
                "status": "in_progress",
                "answers": {"kind": "event", "paving": True},
                "history": ["welcome", "kind", "paving"],
            }
        ),
        encoding="utf-8",
    )
    result = interview(runner, app, ["0", "", "n"], "--resume", str(saved), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "De vragenlijst is veranderd sinds je stopte: 1 antwoord(en)" in result.stderr
    assert read_session(saved)["answers"] == {"kind": "event", "groups": [], "justice": False}


def test_input_that_is_not_utf8_is_asked_again(runner: CliRunner, app: Any, home: Path) -> None:
    data = b"Caf\xe9\n1\n\n\xff\n2\n0\n\nn\n"
    result = runner.invoke(app, ["check", *DEFS, "--format", "json"], input=data)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    data = read_session(sessions(home)[0])
    assert data["project"]["name"] == "Café"  # Windows-1252 input is understood
    assert data["answers"]["kind"] == "event"


def test_resuming_after_the_questionnaire_dropped_a_choice_drops_only_that_answer(
    runner: CliRunner, app: Any, home: Path, tmp_path: Path
) -> None:
    saved = tmp_path / "oud.json"
    saved.write_text(
        '{"format": "sdgtoets-session", "questionnaire": {"id": "interview_test", "version": "1.0.0"},'
        ' "project": {"name": "P"}, "depth": "quick", "status": "in_progress",'
        ' "answers": {"kind": "castle", "groups": ["youth"], "gone": "x"}, "history": ["intro", "kind", "groups", "gone"]}',
        encoding="utf-8",
    )
    result = interview(runner, app, ["", "2"], "--resume", str(saved), "--format", "json")
    assert result.exit_code == 2  # the input ends before the interview does
    assert "2 antwoorden zijn niet meer mogelijk en weggelaten" in result.stderr, result.stderr
    assert "Wat voor project is het?" in result.stderr  # asked again
    assert "Traceback" not in result.stderr
    data = read_session(saved)
    assert data["answers"]["kind"] == "event" and data["answers"]["groups"] == ["youth"]
    assert "gone" not in data["answers"] and "gone" not in data["history"]
