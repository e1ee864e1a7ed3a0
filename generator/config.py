"""`[tool.specgen]` in pyproject.toml: the targets a bare `specgen generate` / `check` works on."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, Severity, SpecError


@dataclass(frozen=True)
class Target:
    spec: Path
    output: Path
    templates: Path | None = None
    package: str | None = None
    overlays: tuple[Path, ...] = ()


def find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_targets(start: Path) -> list[Target]:
    pyproject = find_pyproject(start)
    if pyproject is None:
        raise SpecError(
            [
                Diagnostic(
                    Severity.ERROR,
                    "C001",
                    "no SPEC given and no pyproject.toml with [tool.specgen] found here or above",
                )
            ]
        )
    shown = str(pyproject)
    try:
        data = tomllib.loads(pyproject.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SpecError(
            [
                Diagnostic(
                    Severity.ERROR,
                    "C002",
                    f"cannot read: {exc}",
                    file=shown,
                    in_spec=False,
                )
            ]
        ) from None
    section = data.get("tool", {}).get("specgen")
    if not isinstance(section, dict):
        raise SpecError(
            [
                Diagnostic(
                    Severity.ERROR,
                    "C001",
                    "no [tool.specgen] section; pass a SPEC",
                    file=shown,
                    in_spec=False,
                )
            ]
        )
    base = pyproject.parent
    default_templates = section.get("templates")
    targets: list[Target] = []
    raw_targets = section.get("targets")
    if not isinstance(raw_targets, list) or not raw_targets:
        raise SpecError(
            [
                Diagnostic(
                    Severity.ERROR,
                    "C003",
                    "[tool.specgen] needs a non-empty 'targets' list",
                    file=shown,
                    in_spec=False,
                )
            ]
        )
    for index, raw in enumerate(raw_targets):
        if (
            not isinstance(raw, dict)
            or not isinstance(raw.get("spec"), str)
            or not isinstance(raw.get("output"), str)
        ):
            raise SpecError(
                [
                    Diagnostic(
                        Severity.ERROR,
                        "C003",
                        f"targets[{index}] needs string 'spec' and 'output' entries",
                        file=shown,
                        in_spec=False,
                    )
                ]
            )
        overlays = raw.get("overlays", [])
        if not isinstance(overlays, list) or not all(
            isinstance(o, str) for o in overlays
        ):
            raise SpecError(
                [
                    Diagnostic(
                        Severity.ERROR,
                        "C003",
                        f"targets[{index}].overlays must be a list of overlay file paths "
                        "(relative to this file)",
                        file=shown,
                        in_spec=False,
                    )
                ]
            )
        templates = raw.get("templates", default_templates)
        targets.append(
            Target(
                spec=base / raw["spec"],
                output=base / raw["output"],
                templates=base / templates if isinstance(templates, str) else None,
                package=(
                    raw.get("package") if isinstance(raw.get("package"), str) else None
                ),
                overlays=tuple(base / o for o in overlays),
            )
        )
    return targets
