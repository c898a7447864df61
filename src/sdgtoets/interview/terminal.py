"""Plain line-based terminal I/O for the interview.

Everything the interview shows goes to stderr, so that the verdict on stdout stays clean when it
is piped or redirected (``sdgtoets check > oordeel.md``). Lines are read from stdin with
``readline`` (no prompt library: those break in Git Bash/mintty on Windows), which works the
same on a terminal and with piped input. On a terminal, ``rich`` adds colour (imported lazily;
``NO_COLOR`` switches it off).
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any, TextIO

_ITEM = re.compile(r"^\s*(?:\d+\.\s+|[-*]\s+)?")


class Terminal:
    """Shows lines and reads answers. ``EOFError`` when input ends."""

    def __init__(self, stdin: TextIO | None = None, out: TextIO | None = None) -> None:
        self.stdin = stdin or sys.stdin
        self.out = out or sys.stderr
        self.interactive = _isatty(self.stdin)
        self._rich: Any = None
        if _isatty(self.out) and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb":
            try:
                from rich.console import Console

                self._rich = Console(file=self.out, highlight=False, soft_wrap=True, emoji=False)
            except Exception:  # colour is a nicety, never a reason to fail
                self._rich = None
        self.lines_read = 0
        # mintty (Git Bash) gives a Windows program pipes, not a console, but echoes typing itself
        mintty = bool(os.environ.get("MSYSTEM")) or os.environ.get("TERM_PROGRAM") == "mintty"
        self.echo = not self.interactive and not mintty

    def width(self) -> int | None:
        """Columns to wrap at: the terminal's width ($COLUMNS first); None (no wrapping) for a pipe."""
        if not _isatty(self.out):
            return None
        columns = os.environ.get("COLUMNS", "")
        if columns.isdigit() and int(columns) >= 20:
            return int(columns)
        try:
            return max(20, os.get_terminal_size(self.out.fileno()).columns)
        except (OSError, ValueError, AttributeError):
            return 80

    def wrap(self, text: str) -> str:
        """Long lines broken between words, never inside one; a list item ("  2. ...") keeps its
        text aligned under itself."""
        width = self.width()
        if width is None:
            return text
        import textwrap

        out = []
        for line in text.split("\n"):
            if len(line) < width:
                out.append(line)
                continue
            match = _ITEM.match(line)
            indent = " " * len(match.group(0)) if match else ""
            out.append(
                textwrap.fill(
                    line,
                    width=width - 1,
                    subsequent_indent=indent,
                    break_long_words=False,
                    break_on_hyphens=False,
                )
            )
        return "\n".join(out)

    def say(self, text: str = "", style: str | None = None) -> None:
        text = self.wrap(text)
        if self._rich is not None and style:
            try:
                self._rich.print(text, style=style, markup=False)
                return
            except Exception:
                self._rich = None
        self._write(text + "\n")

    def ask(self, prompt: str = "> ") -> str:
        """One line of input, without the line ending. Raises EOFError at the end of input."""
        self._write(prompt)
        try:
            line = self._readline()
        except (ValueError, OSError):  # stdin closed or gone
            line = ""
        if not line:
            if self.interactive:
                self._write("\n")
            raise EOFError
        self.lines_read += 1
        if self.echo:  # echo piped answers, so a transcript reads like a dialogue
            self._write(line if line.endswith("\n") else line + "\n")
        return line.rstrip("\r\n")

    def _readline(self) -> str:
        """Read bytes and decode them ourselves: UTF-8, else the terminal's own encoding, never
        an exception (a decoding error inside the text layer would lose the rest of the input)."""
        buffer = getattr(self.stdin, "buffer", None)
        if buffer is None:
            return str(self.stdin.readline())
        raw = buffer.readline()
        try:
            return str(raw.decode("utf-8"))
        except UnicodeDecodeError:
            encoding = getattr(self.stdin, "encoding", None) or "latin-1"
            if encoding.replace("-", "").lower() == "utf8":
                encoding = "cp1252"
            return str(raw.decode(encoding, errors="replace"))

    def _write(self, text: str) -> None:
        try:
            self.out.write(text)
        except UnicodeEncodeError:  # an old Windows console code page
            encoding = getattr(self.out, "encoding", None) or "ascii"
            self.out.write(text.encode(encoding, errors="replace").decode(encoding, errors="replace"))
        except OSError:  # the terminal is gone (closed window): nothing left to show it on
            return
        try:
            self.out.flush()
        except OSError:
            return


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False
