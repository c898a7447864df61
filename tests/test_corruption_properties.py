"""Property tests: answers files and project lists (CSV, XLSX, YAML/JSON) generated from the
bundled questionnaire, with random corruption, through the real CLI.

Whatever the corruption: exit code 0 or 2 (never 1, never an exception); a bad file is named in
the message; every good row of a project list is scored and in the summary, and every other row
is either scored or reported in errors.csv; no CSV or XLSX cell we write could run as a formula;
every JSON file we write is strict JSON (no NaN or Infinity).

The examples are derandomised (the same on every run, so a landing never fails by chance); set
``SDGTOETS_EXPLORE=1`` to draw fresh random examples, more of them, when hunting for bugs.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from sdgtoets.core.questionnaire import Question
from sdgtoets.instrument import load_instrument

EXPLORE = bool(os.environ.get("SDGTOETS_EXPLORE"))
SETTINGS: dict[str, Any] = {
    "deadline": None,
    "derandomize": not EXPLORE,
    "database": None,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
}


if os.environ.get("SDGTOETS_NO_SHRINK"):
    from hypothesis import Phase

    SETTINGS["phases"] = [Phase.explicit, Phase.reuse, Phase.generate]


def examples(n: int) -> Any:
    return settings(max_examples=n * 10 if EXPLORE else n, **SETTINGS)


QUESTIONNAIRE = load_instrument().questionnaire
QUESTIONS = [q for q in QUESTIONNAIRE.questions if q.answerable]
LIVE = re.compile(r"^\s*[=+\-@]|^[\t\r]")
INTERNAL = ("Er ging iets mis in sdgtoets zelf", "Traceback", "internal error")
META = {
    "id": "id",
    "department": "dienst",
    "policy_goal": "beleidsdoelstelling",
    "budget": "budget",
    "year": "jaar",
}


# --- values ---------------------------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("https://evil.example/login","klik")',
    "=1+1",
    " =1+1",
    "\u00a0=SUM(A1:A9)",
    "+31 2",
    "-2+3",
    "@SUM(A1)",
    "  @A1",
    "\t=1",
    "\r=1",
    "\n=1",
    "=cmd|' /C calc'!A0",
    "zie https://evil.example/login",
    "[klik](https://evil.example)",
    "<script>alert(1)</script>",
    "`x` *y* _z_ | a |",
]
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"]
ODD_NUMBERS = ["NaN", "nan", "inf", "-Infinity", "1e309", "-1e309", "1e400", "9" * 400, "0x1F", "1_000"]

# Names that are strange but valid: a row with such a name must be scored, shown as typed.
names = st.one_of(
    st.sampled_from(FORMULAS).filter(lambda s: s.strip()),
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40
    ).filter(lambda s: s.strip()),
    st.sampled_from(["Renovatie sporthal", "Café 't Hoekske", "École – 2026", "日本語", "\u200b naam"]),
)


def valid_answer(draw: Any, q: Question, spreadsheet: bool) -> Any:
    """A value the question accepts, in one of the forms a person would write it."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(["weet niet", "unknown", "Onbekend", "?"]))
    if q.type == "boolean":
        return draw(
            st.sampled_from(["ja", "nee", "Yes", "no", "true", "FALSE"] + ([] if spreadsheet else [True]))
        )
    if q.type == "single_choice":
        choice = draw(st.sampled_from(q.choices))
        return draw(st.sampled_from([choice.value, choice.label["nl"], choice.label["en"].upper()]))
    if q.type == "multi_choice":
        plain = [c for c in q.choices if not c.gap]
        gaps = [c for c in q.choices if c.gap]
        if gaps and draw(st.booleans()):
            picked = [draw(st.sampled_from(gaps))]
        else:
            picked = draw(
                st.lists(
                    st.sampled_from(plain),
                    min_size=0 if spreadsheet else 1,
                    max_size=3,
                    unique_by=lambda c: c.value,
                )
            )
        words = [draw(st.sampled_from([c.value, c.label["nl"]])) for c in picked]
        if spreadsheet:
            return draw(st.sampled_from([" | ", ";", "|"])).join(words) if words else "geen van deze"
        return words
    if q.type == "number":
        return draw(st.integers(int(q.minimum or 0), int(q.maximum or 10_000)))
    return draw(st.text(max_size=30))


def deep(depth: int, leaf: Any = "x") -> Any:
    value = leaf
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


def bad_value(draw: Any) -> Any:
    """A value no question accepts (or that cannot be a value at all), for a YAML/JSON file."""
    kind = draw(
        st.sampled_from(
            [
                "int",
                "float",
                "odd_float",
                "dict",
                "deep",
                "huge",
                "control",
                "formula",
                "list",
                "none",
                "surrogate",
            ]
        )
    )
    if kind == "int":
        return draw(st.one_of(st.integers(), st.just(10**20), st.just(-(10**30))))
    if kind == "float":
        return draw(st.floats(allow_nan=False, allow_infinity=False))
    if kind == "odd_float":
        return draw(st.sampled_from([float("nan"), float("inf"), float("-inf"), 1e308, -1e308, 5e-324]))
    if kind == "dict":
        return draw(st.dictionaries(st.text(max_size=5), st.integers(), max_size=3))
    if kind == "deep":
        return deep(draw(st.integers(60, 400)))
    if kind == "huge":
        return "x" * draw(st.sampled_from([5001, 100_001, 300_000]))
    if kind == "control":
        text = draw(st.text(max_size=10))
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(st.sampled_from(CONTROL)) + text[at:]
    if kind == "formula":
        return draw(st.sampled_from(FORMULAS))
    if kind == "list":
        return draw(st.lists(st.one_of(st.integers(), st.text(max_size=5), st.none()), max_size=4))
    if kind == "surrogate":
        return "a\ud800b"
    return None


# --- running the CLI ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli(app: Any) -> Callable[[list[str]], Any]:
    runner = CliRunner()

    def invoke(args: list[str]) -> Any:
        result = runner.invoke(app, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            repr(result.exception),
            result.output[-2000:],
        )
        assert result.exit_code in (0, 2), (args, result.exit_code, result.output[-2000:])
        assert not any(w in result.output for w in INTERNAL), result.output[-2000:]
        return result

    return invoke


def strict_json(path: Path) -> Any:
    def refuse(name: str) -> Any:
        raise AssertionError(f"{path.name}: {name} is not JSON")

    return json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


def live_csv(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [c for row in rows for c in row if LIVE.match(c)]


def live_xlsx(path: Path) -> list[Any]:
    book = load_workbook(path)  # not read-only: a formula shows as its text
    found = [
        c.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if c.data_type == "f" or (isinstance(c.value, str) and LIVE.match(c.value))
    ]
    book.close()
    return found


# --- answers files --------------------------------------------------------------------------


@dataclass
class Doc:
    data: dict[str, Any]
    corrupt: bool = False
    changes: list[str] = field(default_factory=list)


@st.composite
def answers_docs(draw: Any) -> tuple[bytes, str, bool, list[str]]:
    """(file bytes, suffix, whether anything was corrupted, what was done)."""
    project: dict[str, Any] = {"name": draw(names)}
    if draw(st.booleans()):
        project["budget"] = draw(st.integers(0, 10**9))
    if draw(st.booleans()):
        project["municipality"] = draw(names)
    chosen = draw(st.lists(st.sampled_from(QUESTIONS), max_size=12, unique_by=lambda q: q.id))
    answers = {q.id: valid_answer(draw, q, spreadsheet=False) for q in chosen}
    doc = Doc({"project": project, "depth": draw(st.sampled_from(["quick", "full"])), "answers": answers})
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.sampled_from(["answer", "project", "top", "new_answer"]))
        value = bad_value(draw)
        doc.corrupt = True
        if where == "answer" and answers:
            key = draw(st.sampled_from(sorted(answers)))
            answers[key] = value
        elif where == "project":
            project[draw(st.sampled_from(["name", "budget", "year", "owner", "extra"]))] = value
        elif where == "top":
            doc.data[draw(st.sampled_from(["project", "answers", "depth", "questionnaire", "x"]))] = value
        else:
            answers[draw(st.sampled_from([q.id for q in QUESTIONS] + ["nonsense", "", "ÿ"]))] = value
        doc.changes.append(f"{where}={value!r:.60}")
    suffix = draw(st.sampled_from([".yaml", ".json"]))
    if suffix == ".json":
        text = json.dumps(doc.data, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2])))
    else:
        try:
            text = yaml.safe_dump(doc.data, allow_unicode=draw(st.booleans()), sort_keys=False)
        except (yaml.YAMLError, RecursionError):
            text = json.dumps(doc.data)
    raw = text.encode("utf-8", errors="surrogatepass")
    for _ in range(draw(st.integers(0, 2))):
        raw, change = corrupt_text(draw, raw, suffix)
        doc.corrupt = doc.corrupt or change not in ("crlf", "bom")
        doc.changes.append(change)
    return raw, suffix, doc.corrupt, doc.changes


def corrupt_text(draw: Any, raw: bytes, suffix: str) -> tuple[bytes, str]:
    kind = draw(st.sampled_from(["bom", "crlf", "quote", "nul", "cut", "byte", "duplicate", "utf16", "deep"]))
    at = draw(st.integers(0, len(raw)))
    if kind == "bom":  # one BOM is how Windows Notepad saves UTF-8; a second one is a character
        return (raw, kind) if raw.startswith(codecs.BOM_UTF8) else (codecs.BOM_UTF8 + raw, kind)
    if kind == "crlf":
        return raw.replace(b"\n", b"\r\n"), kind
    if kind == "quote":
        return raw[:at] + draw(st.sampled_from([b'"', b"'", b'"\\'])) + raw[at:], kind
    if kind == "nul":
        return raw[:at] + b"\x00" + raw[at:], kind
    if kind == "cut":
        return raw[:at], kind
    if kind == "byte":
        return raw[:at] + bytes([draw(st.integers(0x80, 0xFF))]) + raw[at:], kind
    if kind == "utf16":
        return codecs.BOM_UTF16_LE + raw.decode("utf-8", errors="replace").encode("utf-16-le"), kind
    if kind == "deep":
        depth = draw(st.integers(60, 3000))
        inner = b"[" * depth + b"1" + b"]" * depth
        return raw.rstrip(b"\n}") + (
            b', "deep": ' + inner + b"}" if suffix == ".json" else b"\ndeep: " + inner
        ), kind
    # a key given twice: the first line that looks like a key, repeated right after itself
    lines = raw.split(b"\n")
    keyed = [i for i, line in enumerate(lines) if re.match(rb'\s*"?[A-Za-z_]+"?\s*:', line)]
    if not keyed:
        return raw, "duplicate(none)"
    i = draw(st.sampled_from(keyed))
    line = lines[i]
    if suffix == ".json" and not line.rstrip().endswith((b",", b"{", b"[")):
        line += b","
    lines.insert(i + 1, line)
    return b"\n".join(lines), "duplicate"


@examples(60)
@given(doc=answers_docs(), fmt=st.sampled_from(["json", "markdown", "html"]))
def test_any_answers_file_is_a_verdict_or_named_bad_input(
    cli: Callable[[list[str]], Any], doc: tuple[bytes, str, bool, list[str]], fmt: str
) -> None:
    raw, suffix, corrupt, changes = doc
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"project{suffix}"
        source.write_bytes(raw)
        out = Path(tmp) / f"oordeel.{fmt}"
        result = cli(["check", "--answers", str(source), "--format", fmt, "-o", str(out)])
        if result.exit_code == 2:
            assert source.name in result.output, (changes, result.output[-2000:])
            assert not out.exists()
            assert corrupt, ("a good file was refused", changes, result.output[-2000:])
            return
        assert out.exists()
        if fmt == "json":
            verdict = strict_json(out)
            assert verdict["verdict"]["level"]


# --- project lists ----------------------------------------------------------------------------


@dataclass
class Sheet:
    """A generated project list: header, rows (cells as Python values), and which rows are good."""

    header: list[str]
    rows: list[list[Any]]
    good: list[bool]
    raw: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> text written as is
    formulas: set[tuple[int, int]] = field(default_factory=set)  # xlsx: cells written as formulas
    fatal: str = ""  # a corruption of the whole file: refused before anything is written


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@st.composite
def sheets(draw: Any, xlsx: bool) -> Sheet:
    metas = draw(st.lists(st.sampled_from(sorted(META)), max_size=5, unique=True))
    questions = draw(st.lists(st.sampled_from(QUESTIONS), min_size=1, max_size=8, unique_by=lambda q: q.id))
    header = [draw(st.sampled_from(["naam", "Naam", "name", "project"]))]
    header += [META[m] for m in metas] + [q.id for q in questions]
    count = draw(st.integers(1, 6))
    sheet = Sheet(header, [], [])
    for r in range(count):
        row: list[Any] = [draw(names)]
        for m in metas:
            row.append(meta_value(draw, m, xlsx))
        row += [valid_answer(draw, q, spreadsheet=True) for q in questions]
        good = draw(st.integers(0, 2)) > 0
        if not good:
            for _ in range(draw(st.integers(1, 3))):
                col = draw(st.integers(0, len(row) - 1))
                corrupt_cell(draw, sheet, r, col, row, header[col], xlsx)
        sheet.rows.append(row)
        sheet.good.append(good)
    if draw(st.integers(0, 15)) == 0:
        at = draw(st.integers(1, len(header)))
        extra = draw(st.sampled_from(["duplicate", "unknown", "no_name"]))
        if extra == "duplicate":
            header.insert(at, header[at - 1])
        elif extra == "unknown":
            header.insert(at, "projct_kind")
        else:
            header[0] = "#naam"
            at = -1
        if at >= 0:
            for row in sheet.rows:
                row.insert(at, row[at - 1] if at - 1 < len(row) else None)
            sheet.raw = {(r, c + (c >= at)): v for (r, c), v in sheet.raw.items()}
            sheet.formulas = {(r, c + (c >= at)) for r, c in sheet.formulas}
        sheet.fatal = extra
    return sheet


def meta_value(draw: Any, meta: str, xlsx: bool) -> Any:
    if meta == "budget":
        amount = draw(st.integers(0, 10**9))
        if xlsx and draw(st.booleans()):
            return draw(st.sampled_from([amount, float(amount) + 0.5]))
        return draw(
            st.sampled_from([str(amount), f"€ {amount:,}".replace(",", "."), "4,2 miljoen", "250k", ""])
        )
    if meta == "year":
        year = draw(st.integers(1990, 2100))
        return year if xlsx and draw(st.booleans()) else str(year)
    if meta == "id" and xlsx and draw(st.booleans()):
        return draw(st.integers(0, 10**6))
    return draw(st.one_of(names, st.just("")))


def corrupt_cell(draw: Any, sheet: Sheet, r: int, col: int, row: list[Any], header: str, xlsx: bool) -> None:
    kinds = ["control", "huge", "formula_text", "odd_number", "wrong_choice", "empty", "deep_text"]
    kinds += ["int", "float", "bool", "date", "formula", "error"] if xlsx else ["quote", "nul"]
    kind = draw(st.sampled_from(kinds))
    value: Any
    if kind == "control":
        text = str(row[col])
        at = draw(st.integers(0, len(text)))
        value = text[:at] + draw(st.sampled_from(CONTROL[1:] if xlsx else CONTROL)) + text[at:]
        if xlsx:  # openpyxl refuses to write control characters: put them in the sheet XML
            sheet.raw[(r, col)] = value
            value = f"\ue000{r}:{col}\ue000"
    elif kind == "huge":
        value = draw(st.sampled_from(["x", "=", "é"])) * draw(st.sampled_from([100_001, 250_000]))
    elif kind == "formula_text":
        value = draw(st.sampled_from(FORMULAS))
    elif kind == "odd_number":
        value = draw(st.sampled_from(ODD_NUMBERS))
    elif kind == "wrong_choice":
        value = draw(st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=20))
    elif kind == "empty":
        value = draw(st.sampled_from(["", "   ", None if xlsx else ""]))
    elif kind == "deep_text":
        value = "[" * 500 + "]" * 500
    elif kind == "int":
        value = draw(st.one_of(st.integers(-(10**20), 10**20), st.just(-1)))
    elif kind == "float":
        value = draw(st.sampled_from([1e308, -1e308, 0.1, -0.0, 5e-324, 1e16]))
    elif kind == "bool":
        value = draw(st.booleans())
    elif kind == "date":
        value = datetime.datetime(2026, 12, 3, 9, 15)
    elif kind == "formula":
        sheet.formulas.add((r, col))
        value = draw(st.sampled_from(['=IF(1,"ja","nee")', "=1/0", '=HYPERLINK("https://evil.example","x")']))
    elif kind == "error":
        value = draw(st.sampled_from(["#N/A", "#DIV/0!", "#REF!"]))
    elif kind == "quote":
        sheet.raw[(r, col)] = '"' + str(row[col]).replace('"', "")
        value = row[col]
    else:  # nul
        text = str(row[col])
        at = draw(st.integers(0, len(text)))
        value = text[:at] + "\x00" + text[at:]
    row[col] = value


def write_csv(draw: Any, sheet: Sheet, path: Path) -> None:
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    newline = draw(st.sampled_from(["\r\n", "\n"]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(sheet.header)
    lines = [buffer.getvalue()]
    for r, row in enumerate(sheet.rows):
        cells = []
        for c, value in enumerate(row):
            if (r, c) in sheet.raw:
                cells.append(sheet.raw[(r, c)].replace(delimiter, " "))
                continue
            one = io.StringIO()
            csv.writer(one, delimiter=delimiter, lineterminator="\r\n").writerow(
                ["" if value is None else value]
            )
            cells.append(one.getvalue()[:-2])  # (the terminator makes the writer quote a line break)
        lines.append(delimiter.join(cells) + newline)
    text = "".join(lines)
    if not draw(st.booleans()):
        text = text.rstrip("\r\n")  # no newline after the last row
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8-sig")
    path.write_bytes(data)


def write_xlsx(draw: Any, sheet: Sheet, path: Path) -> None:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = draw(st.sampled_from(["Projecten", "Blad1", "projects"]))
    if ws.title == "Blad1" and draw(st.booleans()):
        book.create_sheet("Uitleg").append(["uitleg"])
    ws.append(sheet.header)
    for r, row in enumerate(sheet.rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            target = ws.cell(row=r + 2, column=c + 1, value=value)
            if isinstance(value, str) and (r, c) not in sheet.formulas:
                target.data_type = "s"  # text that looks like a formula stays text, as Excel keeps it
            if isinstance(value, str) and value.startswith("#") and value.endswith(("!", "A")):
                target.data_type = "e"
    book.save(path)
    if sheet.raw:
        import zipfile
        from xml.sax.saxutils import escape

        parts: dict[str, bytes] = {}
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                parts[name] = archive.read(name)
        for (r, c), text in sheet.raw.items():
            marker = f"\ue000{r}:{c}\ue000"
            excel = "".join(f"_x{ord(ch):04X}_" if ord(ch) < 32 or ord(ch) == 127 else ch for ch in text)
            for name in parts:
                if name.endswith(".xml"):
                    parts[name] = parts[name].replace(marker.encode(), escape(excel).encode())
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in parts.items():
                archive.writestr(name, data)


def row_numbers(path: Path, column: int = 0) -> list[int]:
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    return [int(r[column]) for r in rows[1:] if r]


def check_batch(
    cli: Callable[[list[str]], Any], sheet: Sheet, source: Path, out: Path, extra: list[str]
) -> None:
    result = cli(["batch", str(source), "-o", str(out), *extra])
    if sheet.fatal:
        assert result.exit_code == 2, result.output[-2000:]
        assert source.name in result.output
        assert not out.exists() or not any(out.iterdir())
        return
    number = {r: r + 2 for r in range(len(sheet.rows))}  # the header is row 1
    scored = row_numbers(out / "summary.csv")
    reported = set(row_numbers(out / "errors.csv"))
    good = {number[r] for r, ok in enumerate(sheet.good) if ok}
    assert good <= set(scored), ("good rows not scored", sorted(good - set(scored)), result.output[-3000:])
    for r, row in enumerate(sheet.rows):
        if number[r] not in scored and not all(blank(v) for v in row):
            assert number[r] in reported, ("a row lost without a word", number[r], result.output[-3000:])
    assert len(scored) == len(set(scored))
    rejected = {n for n in reported if n not in scored}
    assert result.exit_code == (2 if rejected else 0), (rejected, result.output[-2000:])
    for name in ("summary.csv", "errors.csv"):
        assert live_csv(out / name) == [], name
    assert live_xlsx(out / "summary.xlsx") == []
    summary = strict_json(out / "summary.json")
    assert summary["projects"] == len(scored)
    for verdict in out.glob("0*.json"):
        assert strict_json(verdict)["verdict"]["level"]
    assert not (out / "ONVOLLEDIG.txt").exists()


@examples(45)
@given(data=st.data(), sheet=sheets(xlsx=False))
def test_any_csv_list_scores_every_good_row_and_writes_nothing_live(
    cli: Callable[[list[str]], Any], data: Any, sheet: Sheet
) -> None:
    extra = data.draw(st.sampled_from([["--summary-only"], ["--format", "json"], ["--depth", "full"]]))
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "projecten.csv"
        write_csv(data.draw, sheet, source)
        check_batch(cli, sheet, source, Path(tmp) / "out", extra)


@examples(35)
@given(data=st.data(), sheet=sheets(xlsx=True))
def test_any_xlsx_list_scores_every_good_row_and_writes_nothing_live(
    cli: Callable[[list[str]], Any], data: Any, sheet: Sheet
) -> None:
    extra = data.draw(st.sampled_from([["--summary-only"], ["--format", "json"]]))
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "projecten.xlsx"
        write_xlsx(data.draw, sheet, source)
        check_batch(cli, sheet, source, Path(tmp) / "out", extra)


@st.composite
def entry_lists(draw: Any) -> tuple[str, str, list[bool]]:
    """A YAML or JSON list of answers files: (text, suffix, which entries are good)."""
    entries: list[Any] = []
    good: list[bool] = []
    for i in range(draw(st.integers(1, 5))):
        chosen = draw(st.lists(st.sampled_from(QUESTIONS), max_size=6, unique_by=lambda q: q.id))
        entry: Any = {
            "project": {"name": draw(names)},
            "answers": {q.id: valid_answer(draw, q, spreadsheet=False) for q in chosen},
        }
        ok = draw(st.integers(0, 2)) > 0
        if not ok:
            where = draw(st.sampled_from(["answer", "name", "budget", "entry", "duplicate"]))
            if where == "answer":
                entry["answers"][draw(st.sampled_from(QUESTIONS)).id] = bad_value(draw)
            elif where == "name":
                entry["project"]["name"] = bad_value(draw)
            elif where == "budget":
                entry["project"]["budget"] = bad_value(draw)
            elif where == "entry":
                entry = bad_value(draw)
            else:  # a key given twice in this entry
                entry = {"project": {"name": f"DUP{i}"}, "depth": "quick", "answers": {}}
        entries.append(entry)
        good.append(ok)
    suffix = draw(st.sampled_from([".yaml", ".json"]))
    if suffix == ".json":
        text = json.dumps({"projects": entries} if draw(st.booleans()) else entries, indent=2)
        text = text.replace('"depth": "quick"', '"depth": "quick", "depth": "full"')
    else:
        text = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False)
        text = text.replace("  depth: quick\n", "  depth: quick\n  depth: full\n")
    return text, suffix, good


@examples(25)
@given(lst=entry_lists())
def test_any_yaml_or_json_list_scores_every_good_entry(
    cli: Callable[[list[str]], Any], lst: tuple[str, str, list[bool]]
) -> None:
    text, suffix, good = lst
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"projecten{suffix}"
        source.write_text(text, encoding="utf-8", errors="surrogatepass")
        out = Path(tmp) / "out"
        result = cli(["batch", str(source), "-o", str(out), "--summary-only"])
        if not (out / "summary.csv").exists():
            assert result.exit_code == 2 and source.name in result.output
            assume(False)  # the list as a whole is unreadable (e.g. NaN that YAML cannot hold)
        scored = row_numbers(out / "summary.csv")
        wanted = {i + 1 for i, ok in enumerate(good) if ok}
        assert wanted <= set(scored), (sorted(wanted - set(scored)), result.output[-3000:])
        reported = set(row_numbers(out / "errors.csv"))
        assert set(range(1, len(good) + 1)) <= set(scored) | reported, result.output[-3000:]
        strict_json(out / "summary.json")
        assert live_csv(out / "errors.csv") == [] and live_csv(out / "summary.csv") == []
