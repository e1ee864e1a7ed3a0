"""Stage 6, write: publish a rendered tree to disk, or compare it with what is there.

A manifest (`.specgen-manifest.json`) records each file specgen wrote and its hash, so that:
files specgen generated before and no longer generates are removed; files the user added are
never touched; a generated file edited by hand, or a file specgen did not write standing where
it would write one, stops the run before anything is written (unless forced). The folder is
assembled in a new folder beside the old one and swapped in at once (see publish.py), so a
run killed at any moment leaves the previous output or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic
from .fingerprint import MANIFEST, RECORD, is_record
from .publish import carry_over, publish, recover, staging_path

if TYPE_CHECKING:
    from ..render.engine import RenderedTree  # not at run time: it would load jinja2


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_text(tree: RenderedTree) -> str:
    entries = {path: _digest(text.encode("utf-8")) for path, text in tree.files.items()}
    return (
        json.dumps({"generator": "specgen", "files": entries}, indent=2, sort_keys=True)
        + "\n"
    )


def read_manifest(out: Path) -> dict[str, str]:
    try:
        data = json.loads((out / MANIFEST).read_text("utf-8"))
        files = data.get("files", {})
        return (
            {str(k): str(v) for k, v in files.items()}
            if isinstance(files, dict)
            else {}
        )
    except (OSError, ValueError, AttributeError):
        return {}


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Conflicts:
    """Files a write would destroy: generated files edited by hand since specgen wrote them,
    and files specgen never wrote (no manifest entry) at paths it would write."""

    edited: tuple[str, ...] = ()
    unowned: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.edited or self.unowned)


class WriteRefused(Exception):
    """`generate` would overwrite files that are not specgen's to overwrite; nothing was
    written. `--force` (force=True) overwrites them."""

    def __init__(
        self, out: Path, conflicts: Conflicts, diagnostics: tuple[Diagnostic, ...] = ()
    ) -> None:
        self.out = out
        self.conflicts = conflicts
        self.diagnostics = diagnostics  # the spec's warnings, for whoever reports this
        super().__init__(
            f"{out}: edited by hand: {list(conflicts.edited)}; "
            f"not written by specgen: {list(conflicts.unowned)}"
        )


def _staged(staging: str, relative: str) -> str:
    """Where a generated file goes in the staging folder. That folder is new and holds only
    plain folders specgen made, so a lexical check keeps the path inside it (resolving every
    path on disk cost a third of the write on a 3,000-file client; a string, as pathlib's
    parsing cost a sixth)."""
    parts = relative.split("/")
    if any(part in ("", ".", "..") or "\\" in part for part in parts):
        raise ValueError(f"refusing to write outside the output folder: {relative}")
    return f"{staging}/{relative}"


def _write_new(path: str, data: bytes) -> None:
    """`path.write_bytes(data)` in three system calls: Python's buffered files also ask
    whether the file is a terminal and where it is positioned, thousands of times a run.
    """
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
    finally:
        os.close(handle)


def _safe_target(out: Path, relative: str) -> Path:
    target = (out / relative).resolve()
    if not target.is_relative_to(out.resolve()):
        raise ValueError(f"refusing to write outside the output folder: {relative}")
    return target


def find_conflicts(tree: RenderedTree, out: Path) -> Conflicts:
    """What writing `tree` into `out` would overwrite that specgen does not own as written."""
    if not out.is_dir():
        return Conflicts()
    manifest = read_manifest(out)
    unowned = _unowned(tree, out, manifest)
    record = out / RECORD
    if (record.exists() or record.is_symlink()) and (
        record.is_symlink() or not is_record(record)
    ):
        unowned = sorted([*unowned, RECORD])  # not a record specgen wrote
    return Conflicts(tuple(_hand_edits(tree, out, manifest)), tuple(unowned))


def _unowned(tree: RenderedTree, out: Path, manifest: dict[str, str]) -> list[str]:
    """Paths specgen would write that hold something it did not write: a file (unless it is
    already byte for byte what would be written: nothing is lost then), a folder or a link;
    or a file where specgen needs a folder."""
    found: set[str] = set()
    for relative, text in tree.files.items():
        if relative in manifest:
            continue
        parts = relative.split("/")
        for depth in range(1, len(parts)):
            parent = "/".join(parts[:depth])
            node = out / parent
            if node.is_symlink() or (node.exists() and not node.is_dir()):
                if parent not in manifest:
                    found.add(parent)
                break
        else:
            path = out / relative
            # links and folders are never specgen's (it writes plain files); a different
            # file would be lost if overwritten
            in_the_way = path.is_symlink() or path.is_dir()
            if in_the_way or (
                path.is_file() and path.read_bytes() != text.encode("utf-8")
            ):
                found.add(relative)
    return sorted(found)


def _hand_edits(tree: RenderedTree, out: Path, manifest: dict[str, str]) -> list[str]:
    """Files specgen wrote last time whose content no longer matches what it wrote."""
    edited: list[str] = []
    for relative, digest in sorted(manifest.items()):
        path = _safe_target(out, relative)
        try:
            current = path.read_bytes()
        except FileNotFoundError:
            continue
        if _digest(current) != digest:
            new = tree.files.get(relative)
            if new is None or new.encode("utf-8") != current:
                edited.append(relative)
    return edited


def write_tree(
    tree: RenderedTree,
    out: Path,
    *,
    force: bool = False,
    record: Callable[[str], str | None] | None = None,
) -> WriteReport:
    """Publish `tree` as the output folder `out`, in one atomic step.

    Unchanged files are carried over as they are (same inode and mtime); files the user
    added are carried over untouched; files specgen generated last time and no longer
    generates are left out. A generated file edited by hand, or a file specgen did not write
    at a path it would write, raises WriteRefused before anything is written, unless `force`.
    `record`, given the manifest's text, returns the no-op record to publish beside it (see
    fingerprint.py).
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"the output path is a file: {out}")
    if not force:
        conflicts = find_conflicts(tree, out)
        if conflicts:
            raise WriteRefused(out, conflicts)
    previous = read_manifest(out) if out.is_dir() else {}
    report = WriteReport()
    staging = staging_path(out)
    staging.mkdir()
    folders = {str(staging)}
    existed = out.is_dir()
    try:
        for relative, text in tree.files.items():
            target = _staged(str(staging), relative)
            data = text.encode("utf-8")
            if existed:
                current = out / relative
                if (
                    current.is_file()
                    and not current.is_symlink()
                    and current.read_bytes() == data
                ):
                    carry_over(current, Path(target))
                    report.unchanged.append(relative)
                    continue
            folder = os.path.dirname(target)
            if folder not in folders:
                os.makedirs(folder, exist_ok=True)
                folders.add(folder)
            _write_new(target, data)
            report.written.append(relative)
        files, empty_folders = _existing(out)
        # With force, what stood in the way of a generated path (a file where a folder is
        # needed, a folder where a file goes) is replaced, so it is not carried over.
        needed_folders = {
            "/".join(r.split("/")[:depth])
            for r in tree.files
            for depth in range(1, r.count("/") + 1)
        }
        for relative in files:
            if relative in tree.files or relative in (MANIFEST, RECORD):
                continue
            if relative in previous:
                report.removed.append(relative)  # generated before, not any more
            elif relative in needed_folders or _under_any(relative, tree.files):
                report.removed.append(relative)  # overwritten with --force
            else:
                carry_over(out / relative, staging / relative)  # the user's own file
        for folder in empty_folders:
            if not _under_any(folder, tree.files):
                (staging / folder).mkdir(parents=True, exist_ok=True)  # the user's too
        manifest = manifest_text(tree)
        (staging / MANIFEST).write_bytes(manifest.encode("utf-8"))
        record_text = record(manifest) if record is not None else None
        if record_text is not None:
            (staging / RECORD).write_bytes(record_text.encode("utf-8"))
        with _standing_outside(out):
            publish(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return report


def _under_any(relative: str, files: dict[str, str]) -> bool:
    """Whether `relative` is a generated file path or lies inside one (as if it were a folder)."""
    parts = relative.split("/")
    return any("/".join(parts[:depth]) in files for depth in range(1, len(parts) + 1))


def _existing(out: Path) -> tuple[list[str], list[str]]:
    """One walk of the output folder: its files (and links), and its empty folders."""
    files: list[str] = []
    empty: list[str] = []
    if out.is_dir():
        for path in out.rglob("*"):
            relative = path.relative_to(out).as_posix()
            if path.is_file() or path.is_symlink():
                files.append(relative)
            elif path.is_dir() and not any(path.iterdir()):
                empty.append(relative)
    return sorted(files), sorted(empty)


@contextlib.contextmanager
def _standing_outside(out: Path) -> Iterator[None]:
    """Step out of the output folder while it is swapped, then back into the new one."""
    try:
        here = Path.cwd()
    except FileNotFoundError:
        yield
        return
    if not here.is_relative_to(out):
        yield
        return
    os.chdir(out.parent)
    try:
        yield
    finally:
        target = out / here.relative_to(out)
        os.chdir(target if target.is_dir() else out)


def diff_tree(tree: RenderedTree, out: Path) -> list[str]:
    """Unified diff lines between the files on disk and the rendered tree (empty: up to date)."""
    lines: list[str] = []
    expected = dict(tree.files)
    expected[MANIFEST] = manifest_text(tree)
    for relative, text in expected.items():
        target = out / relative
        try:
            current = target.read_text("utf-8")
        except FileNotFoundError:
            current = None
        except (OSError, UnicodeDecodeError):
            current = ""
        if current == text:
            continue
        lines.extend(
            difflib.unified_diff(
                [] if current is None else current.splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=f"a/{relative}" if current is not None else "/dev/null",
                tofile=f"b/{relative}",
            )
        )
    for relative in sorted(set(read_manifest(out)) - set(expected)):
        target = out / relative
        if target.is_file():
            old = target.read_text("utf-8", errors="replace").splitlines(keepends=True)
            lines.extend(
                difflib.unified_diff(
                    old, [], fromfile=f"a/{relative}", tofile="/dev/null"
                )
            )
    return [
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
        for line in lines
    ]
