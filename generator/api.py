"""The Python API for build scripts and tests: what the `specgen` command does, as functions.

    import specgen

    result = specgen.generate("specs/pets.yaml", "generated/pets")
    checked = specgen.check("specs/pets.yaml", "generated/pets")
    problems = specgen.validate("specs/pets.yaml")
    specgen.generate("specs/pets.yaml", "generated/pets", overlays=["pets.overlay.yaml"])

Problems in the spec or in a user template raise SpecError (its `diagnostics` list every one);
`generate` raises WriteRefused, writing nothing, when the output folder holds hand-edited
generated files or files specgen did not write at paths it would write. Warnings come back in
the result's `diagnostics`. The command line is a thin layer over these functions.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, Severity, SpecError
from .diagnostics import display_path as _display
from .pipeline import build
from .pipeline import generate as render_spec
from .progress import stage
from .write.writer import Conflicts, WriteRefused, diff_tree, find_conflicts, write_tree

PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class Generated:
    """What `generate` did: every output path, by what happened to it, and the warnings."""

    output: Path
    files: tuple[str, ...]
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class Checked:
    """What `check` found. `diff` is a unified diff from the folder to what `generate` would
    write (empty when up to date); `conflicts` names the files that `generate` would refuse
    to overwrite without `force`."""

    output: Path
    diff: tuple[str, ...]
    conflicts: Conflicts
    diagnostics: tuple[Diagnostic, ...]

    @property
    def up_to_date(self) -> bool:
        return not self.diff


def _templates_folder(templates: PathLike | None) -> Path | None:
    if templates is None:
        return None
    folder = Path(templates)
    if not folder.is_dir():
        raise SpecError(
            [
                Diagnostic(
                    Severity.ERROR,
                    "C005",
                    "template folder not found",
                    file=_display(folder),
                    in_spec=False,
                )
            ]
        )
    return folder


def generate(
    spec: PathLike,
    output: PathLike,
    *,
    templates: PathLike | None = None,
    package: str | None = None,
    force: bool = False,
    overlays: Sequence[PathLike] = (),
) -> Generated:
    """Write the client package and docs for `spec` (with `overlays` applied, in order) into
    the folder `output`."""
    spec_path, out = Path(spec), Path(output)
    tree, result = render_spec(
        spec_path,
        _templates_folder(templates),
        package,
        _display(spec_path),
        overlays=[Path(o) for o in overlays],
    )
    try:
        with stage("write"):
            report = write_tree(tree, out, force=force)
    except WriteRefused as exc:
        raise WriteRefused(exc.out, exc.conflicts, result.warnings) from None
    return Generated(
        out,
        tuple(tree.files),
        tuple(report.written),
        tuple(report.unchanged),
        tuple(report.removed),
        result.warnings,
    )


def check(
    spec: PathLike,
    output: PathLike,
    *,
    templates: PathLike | None = None,
    package: str | None = None,
    overlays: Sequence[PathLike] = (),
) -> Checked:
    """Compare `output` with what `generate` would write; writes nothing."""
    spec_path, out = Path(spec), Path(output)
    tree, result = render_spec(
        spec_path,
        _templates_folder(templates),
        package,
        _display(spec_path),
        overlays=[Path(o) for o in overlays],
    )
    diff = diff_tree(tree, out)
    conflicts = find_conflicts(tree, out) if diff else Conflicts()
    return Checked(out, tuple(diff), conflicts, result.warnings)


def validate(spec: PathLike, *, overlays: Sequence[PathLike] = ()) -> list[Diagnostic]:
    """Every diagnostic for `spec` (with `overlays` applied), errors and warnings, in order;
    never raises for the spec's own problems."""
    spec_path = Path(spec)
    try:
        result = build(
            spec_path,
            display=_display(spec_path),
            overlays=[Path(o) for o in overlays],
        )
        return list(result.warnings)
    except SpecError as exc:
        return list(exc.diagnostics)
