"""The no-op shortcut: a fingerprint of everything that determines an output folder.

A full run costs seconds on a big spec; `check` in CI and `generate` on unchanged inputs
should not. After a full run, `.specgen-inputs.json` beside the manifest records one hash over
every input (the spec and each file its `$ref`s reached, the overlays, the user's templates,
the options, specgen's own code and the libraries that shape its output) plus the warnings the
run printed. The next run hashes the same inputs; when they match and every generated file
still has the hash the manifest recorded, the output is what a full run would write, so the
run stops there. Anything else (an input changed, a file edited by hand or missing, a record
that cannot be read) falls back to the full run, which is always correct.

The record is a separate file so the manifest changes only where the output changes: a spec
edit that changes no generated file changes one line here and nothing in the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from ..diagnostics import Diagnostic, Severity, display_path
from ..versions import installed_version

RECORD = ".specgen-inputs.json"
MANIFEST = ".specgen-manifest.json"
# Libraries whose version can change the bytes specgen writes: import name -> distribution.
_SHAPING_LIBRARIES = {"jinja2": "jinja2", "yaml": "pyyaml", "black": "black"}


@dataclass(frozen=True)
class Inputs:
    """What a run was asked to do, before anything is read."""

    spec: Path
    display: str  # how messages name the spec (as the user spelled its path)
    package: str | None = None
    templates: Path | None = None
    overlays: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Record:
    fingerprint: str
    sources: tuple[str, ...]  # files the spec's $refs reached, relative to its folder
    manifest: str  # the hash of the manifest the run wrote
    warnings: tuple[Diagnostic, ...]


def fingerprint(inputs: Inputs, sources: Iterable[str]) -> str | None:
    """One hash over every input; None when one cannot be read (then no shortcut)."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    try:
        add("specgen", _specgen_identity().encode())
        add("package", (inputs.package or "").encode())
        add("spec", inputs.spec.read_bytes())
        folder = inputs.spec.resolve().parent
        for source in sorted(set(sources)):
            add(f"source:{source}", (folder / source).read_bytes())
        for overlay in inputs.overlays:
            add(f"overlay:{overlay}", overlay.read_bytes())
        if inputs.templates is not None:
            for path in sorted(p for p in inputs.templates.rglob("*") if p.is_file()):
                add(f"template:{path.relative_to(inputs.templates)}", path.read_bytes())
    except (OSError, ValueError):
        return None
    return digest.hexdigest()


@cache
def _specgen_identity() -> str:
    """specgen's code and templates by content, and the versions of the libraries that shape
    its output: the same on every machine with the same install, so a record committed with
    the output serves the CI run of a fresh clone."""
    from .. import __version__

    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent.parent
    for dirpath, dirnames, filenames in os.walk(package):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for filename in sorted(filenames):
            path = Path(dirpath, filename)
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    for name, distribution in _SHAPING_LIBRARIES.items():
        digest.update(f"{name}={installed_version(name, distribution)}\0".encode())
    return digest.hexdigest()


def source_paths(spec: Path, loaded: Iterable[Path]) -> tuple[str, ...]:
    """The files a run read besides the spec, relative to the spec's folder."""
    folder = spec.resolve().parent
    root = spec.resolve()
    return tuple(sorted(p.relative_to(folder).as_posix() for p in loaded if p != root))


def record_text(
    inputs: Inputs,
    sources: Sequence[str],
    manifest: str,
    warnings: Sequence[Diagnostic],
) -> str | None:
    """The record a full run leaves beside its manifest (None: an input was unreadable)."""
    print_ = fingerprint(inputs, sources)
    if print_ is None:
        return None
    data = {
        "fingerprint": print_,
        "manifest": _sha(manifest.encode("utf-8")),
        "sources": list(sources),
        "warnings": [_portable(w, inputs) for w in warnings],
    }
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def _portable(warning: Diagnostic, inputs: Inputs) -> dict[str, object]:
    """A warning as the record keeps it: its file relative to the spec's folder, so the
    record says nothing of where the spec was or how its path was spelled."""
    entry: dict[str, object] = {**asdict(warning), "severity": warning.severity.value}
    folder = os.path.dirname(inputs.display)
    if warning.file and folder and warning.file.startswith(folder + os.sep):
        entry["file"] = warning.file[len(folder) + 1 :]  # as messages spelled it
    elif warning.file and not folder and not os.path.isabs(warning.file):
        pass  # the spec is in the working folder: the name is already relative to it
    elif warning.file:
        entry["file"] = os.path.relpath(
            os.path.abspath(warning.file), inputs.spec.resolve().parent
        )
        entry["outside"] = True  # an overlay or template: shown like display_path does
    return entry


def _located(entry: dict[str, object], inputs: Inputs) -> Diagnostic:
    """A recorded warning as this run would show it."""
    fields = {k: v for k, v in entry.items() if k != "outside"}
    fields["severity"] = Severity(str(entry["severity"]))
    file = str(entry.get("file") or "")
    if file and entry.get("outside"):
        fields["file"] = display_path(
            Path(os.path.normpath(inputs.spec.resolve().parent / file))
        )
    elif file:
        fields["file"] = os.path.join(os.path.dirname(inputs.display), file)
    return Diagnostic(**fields)  # type: ignore[arg-type]


def read_record(out: Path, inputs: Inputs) -> Record | None:
    try:
        data = json.loads((out / RECORD).read_text("utf-8"))
        return Record(
            str(data["fingerprint"]),
            tuple(str(s) for s in data["sources"]),
            str(data["manifest"]),
            tuple(_located(w, inputs) for w in data["warnings"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def is_record(path: Path) -> bool:
    """Whether the file is a record specgen wrote (else it is the user's, never overwritten)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and {"fingerprint", "manifest"} <= set(data)


def unchanged(inputs: Inputs, out: Path) -> Record | None:
    """The record of the last full run when its output is still exactly what this run
    would write; None when a full run is needed."""
    record = read_record(out, inputs)
    if record is None or fingerprint(inputs, record.sources) != record.fingerprint:
        return None
    try:
        manifest_bytes = (out / MANIFEST).read_bytes()
        if _sha(manifest_bytes) != record.manifest:
            return None
        files = json.loads(manifest_bytes)["files"]
        for relative, expected in files.items():
            path = out / relative
            if path.is_symlink() or _sha(path.read_bytes()) != expected:
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return record


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
