"""A content-addressed cache of what black made of each long line, kept between runs.

black is the slowest stage by far: a few milliseconds for each long line templates cannot
lay out themselves (a union too long for one line, a `Field(...)` call, a long signature).
A regeneration after a spec change meets the same lines again, so black's answer for a
line (with its shape and indentation) is kept in a file under the user's cache folder and
reused. The key covers the text black saw, black's version and this package's formatting
code, so a different black or a changed wrapper never reuses a stale answer.

The folder is `$SPECGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/specgen`, else
`~/.cache/specgen`; `SPECGEN_CACHE_DIR=` (empty) turns the cache off. A cache that cannot
be read or written is ignored: it only ever saves time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path

from ..versions import installed_version

# Entries kept at most: past this, only what the last run used is kept.
MAX_ENTRIES = 200_000


class FormatCache:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._entries: dict[str, list[str]] | None = None
        self._used: set[str] = set()
        self._added = False

    @staticmethod
    def key(*parts: str) -> str:
        digest = hashlib.blake2b(digest_size=16)
        for part in parts:
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        return digest.hexdigest()

    def get(self, key: str) -> list[str] | None:
        found = self._load().get(key)
        if found is not None:
            self._used.add(key)
        return found

    def put(self, key: str, value: list[str]) -> None:
        self._load()[key] = value
        self._used.add(key)
        self._added = True

    def save(self) -> None:
        """Write the entries back if this run added some (atomically; errors ignored)."""
        if self.path is None or not self._added or self._entries is None:
            return
        entries = self._entries
        if len(entries) > MAX_ENTRIES:
            entries = {k: v for k, v in entries.items() if k in self._used}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(entries, out, separators=(",", ":"))
            os.replace(temporary, self.path)
        except OSError:
            return
        self._added = False

    def _load(self) -> dict[str, list[str]]:
        if self._entries is None:
            self._entries = {}
            if self.path is not None:
                try:
                    data = json.loads(self.path.read_text("utf-8"))
                    if isinstance(data, dict):
                        self._entries = data
                except (OSError, ValueError):
                    pass
        return self._entries


def cache_folder() -> Path | None:
    configured = os.environ.get("SPECGEN_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache"
    )
    return Path(base) / "specgen"


@cache
def _formatter_identity() -> str:
    """black's version and this folder's formatting code: what black's answers depend on."""
    black_version = installed_version("black", "black")
    here = Path(__file__).resolve().parent
    code = (here / "formatting.py").read_bytes() + (
        here / "format_cache.py"
    ).read_bytes()
    return f"{black_version}-{hashlib.sha256(code).hexdigest()[:16]}"


def open_cache() -> FormatCache:
    folder = cache_folder()
    if folder is None:
        return FormatCache(None)
    return FormatCache(folder / f"black-{_formatter_identity()}.json")
