"""Publishing a finished output folder in one step, so a killed run never leaves a mix.

The new folder is assembled beside the old one (same file system), then the two are swapped
with a single `renameat2(RENAME_EXCHANGE)` where Linux offers it: at every moment the output
path holds either the complete old folder or the complete new one. Elsewhere two renames are
used, and a run that died between them is repaired by the next run before it does anything.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def staging_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.specgen-new")


def retired_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.specgen-old")


def recover(out: Path) -> None:
    """Undo what an interrupted run left: put a retired folder back, drop half-built ones."""
    retired, staging = retired_path(out), staging_path(out)
    if not out.exists() and retired.is_dir():
        os.rename(retired, out)  # the fallback died between its two renames
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories; False when the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False  # e.g. a file system without RENAME_EXCHANGE
    raise OSError(code, os.strerror(code), str(a))


def publish(staging: Path, out: Path) -> None:
    """Make `staging` the output folder; the previous folder, if any, is deleted."""
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging)  # now the previous output
        return
    retired = retired_path(out)
    os.rename(out, retired)
    os.rename(staging, out)
    shutil.rmtree(retired)


def carry_over(source: Path, target: Path) -> None:
    """Put an existing file into the new folder: a hard link (same inode, same mtime) when
    possible, a copy otherwise."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
        else:
            shutil.copy2(source, target)
