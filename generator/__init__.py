"""specgen: OpenAPI 3.0/3.1 documents in, typed Python client packages and Markdown docs out.

The Python API (see README, "Python API"): `generate`, `check` and `validate`, their results
`Generated` and `Checked`, and the errors `SpecError` and `WriteRefused`. They load on first
use, so `import specgen` stays cheap and works even where a dependency is missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "generate": ".api",
    "check": ".api",
    "validate": ".api",
    "Generated": ".api",
    "Checked": ".api",
    "Conflicts": ".write.writer",
    "WriteRefused": ".write.writer",
    "Diagnostic": ".diagnostics",
    "Severity": ".diagnostics",
    "SpecError": ".diagnostics",
}

__all__ = [
    "Checked",
    "Conflicts",
    "Diagnostic",
    "Generated",
    "Severity",
    "SpecError",
    "WriteRefused",
    "__version__",
    "check",
    "generate",
    "validate",
]

if TYPE_CHECKING:
    from .api import Checked, Generated, check, generate, validate
    from .diagnostics import Diagnostic, Severity, SpecError
    from .write.writer import Conflicts, WriteRefused


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'specgen' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    globals()[name] = value
    return value
