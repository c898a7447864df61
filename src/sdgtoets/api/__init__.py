"""The typed Python API: one module per command, plain arguments in, a result object out.

    from sdgtoets import api
    verdict = api.check(Path("project.answers.yaml"), lang="en")

Every command of the CLI is a call into this package (``cli/<command>.py`` parses, calls,
reports). Functions raise ``sdgtoets.errors.InputError`` for bad input; they never print and
never exit. Names are imported on first use, so ``import sdgtoets.api`` stays cheap.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core.verdict import Verdict
    from ..instrument import Instrument, load_instrument, verdict_for
    from ..reports import render
    from .batch import BatchResult, batch
    from .check import check
    from .compare import CompareResult, compare
    from .diff import diff
    from .merge import MergeResult, merge
    from .profile import load_profile
    from .rubric_test import CaseResult, RubricTestResult, run_tests
    from .schema import schema
    from .template import Template, template
    from .validate import ValidationResult, validate
    from .whatif import WhatIfResult, what_if

# public name -> the module that defines it
_WHERE = {
    "Instrument": "sdgtoets.instrument",
    "load_instrument": "sdgtoets.instrument",
    "verdict_for": "sdgtoets.instrument",
    "Verdict": "sdgtoets.core.verdict",
    "render": "sdgtoets.reports",
    "check": "sdgtoets.api.check",
    "batch": "sdgtoets.api.batch",
    "BatchResult": "sdgtoets.api.batch",
    "validate": "sdgtoets.api.validate",
    "ValidationResult": "sdgtoets.api.validate",
    "run_tests": "sdgtoets.api.rubric_test",
    "RubricTestResult": "sdgtoets.api.rubric_test",
    "CaseResult": "sdgtoets.api.rubric_test",
    "diff": "sdgtoets.api.diff",
    "merge": "sdgtoets.api.merge",
    "MergeResult": "sdgtoets.api.merge",
    "compare": "sdgtoets.api.compare",
    "CompareResult": "sdgtoets.api.compare",
    "load_profile": "sdgtoets.api.profile",
    "template": "sdgtoets.api.template",
    "Template": "sdgtoets.api.template",
    "schema": "sdgtoets.api.schema",
    "what_if": "sdgtoets.api.whatif",
    "WhatIfResult": "sdgtoets.api.whatif",
}
__all__ = [
    "BatchResult",
    "CaseResult",
    "CompareResult",
    "Instrument",
    "MergeResult",
    "RubricTestResult",
    "Template",
    "ValidationResult",
    "Verdict",
    "WhatIfResult",
    "batch",
    "check",
    "compare",
    "diff",
    "load_instrument",
    "load_profile",
    "merge",
    "render",
    "run_tests",
    "schema",
    "template",
    "validate",
    "verdict_for",
    "what_if",
]


class _Api(types.ModuleType):
    """Keeps ``api.check`` the function when ``sdgtoets.api.check`` (the module) is imported:
    the import system would otherwise bind the submodule over the function of the same name."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and value.__name__ == f"{__name__}.{name}" and name in _WHERE:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Api


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'sdgtoets.api' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
