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
from .progress import stage
from .write.fingerprint import Inputs, record_text, source_paths, unchanged
from .write.publish import recover
from .write.writer import Conflicts, WriteRefused

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
    folder = _templates_folder(templates)
    inputs = _inputs(spec_path, package, folder, overlays)
    recover(out.resolve())  # what a killed run left, even when this run is a no-op
    if not force and (last := unchanged(inputs, out)) is not None:
        files = tuple(_manifest_paths(out))
        return Generated(out, files, (), files, (), last.warnings)
    from .pipeline import generate as render_spec
    from .write.writer import write_tree

    tree, result = render_spec(
        spec_path, folder, package, inputs.display, overlays=inputs.overlays
    )
    sources = source_paths(spec_path, result.files)
    try:
        with stage("write"):
            report = write_tree(
                tree,
                out,
                force=force,
                record=lambda manifest: record_text(
                    inputs, sources, manifest, result.warnings
                ),
            )
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


def _inputs(
    spec: Path,
    package: str | None,
    templates: Path | None,
    overlays: Sequence[PathLike],
) -> Inputs:
    return Inputs(
        spec, _display(spec), package, templates, tuple(Path(o) for o in overlays)
    )


def _manifest_paths(out: Path) -> list[str]:
    from .write.writer import read_manifest

    return sorted(read_manifest(out))


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
    folder = _templates_folder(templates)
    inputs = _inputs(spec_path, package, folder, overlays)
    if (last := unchanged(inputs, out)) is not None:
        return Checked(out, (), Conflicts(), last.warnings)
    from .pipeline import generate as render_spec
    from .write.writer import diff_tree, find_conflicts

    tree, result = render_spec(
        spec_path, folder, package, inputs.display, overlays=inputs.overlays
    )
    diff = diff_tree(tree, out)
    conflicts = find_conflicts(tree, out) if diff else Conflicts()
    return Checked(out, tuple(diff), conflicts, result.warnings)


def validate(spec: PathLike, *, overlays: Sequence[PathLike] = ()) -> list[Diagnostic]:
    """Every diagnostic for `spec` (with `overlays` applied), errors and warnings, in order;
    never raises for the spec's own problems."""
    from .pipeline import build

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
