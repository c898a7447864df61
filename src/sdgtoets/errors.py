"""The one error type the shell raises for bad input; the CLI prints it and exits 2."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Location:
    file: str
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    field: str | None = None  # e.g. "answers.mobility" or "rules[3].when"

    def render(self) -> str:
        out = self.file
        if self.line is not None:
            out += f":{self.line}"
            if self.column is not None:
                out += f":{self.column}"
        return out


@dataclass(frozen=True)
class Problem:
    """One finding: a message key from the catalogue plus where it is."""

    key: str
    params: dict[str, Any]
    location: Location | None = None
    severity: str = "error"
    code: str = ""


class InputError(Exception):
    """Bad input or definition. Carries one or more problems; never shown as a traceback."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].key if problems else "input error")
        self.problems = problems

    @classmethod
    def one(cls, key: str, location: Location | None = None, **params: Any) -> InputError:
        return cls([Problem(key, params, location)])


def field_path(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
