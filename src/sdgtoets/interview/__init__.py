"""The interactive interview (terminal I/O and the session store) around ``core.interview``."""

from __future__ import annotations

from .runner import InterviewResult, run_interview

__all__ = ["InterviewResult", "run_interview"]
