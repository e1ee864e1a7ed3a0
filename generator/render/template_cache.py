"""Compiled templates kept between runs, in the same cache folder as black's answers.

Jinja compiles each template to Python code before its first use: about 0.3 s for the
built-in set, paid by every run. Jinja's bytecode cache API keeps the compiled code; this
one stores it under `cache_folder()/templates` (see format_cache.py: `SPECGEN_CACHE_DIR=`
turns it off), keys it by the template's name and path, Jinja's version and the options
the environment compiles with, and Jinja itself checks the source's checksum and the
Python version before reusing it. A folder that cannot be read or written only costs time.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from .format_cache import cache_folder


class TemplateCache(BytecodeCache):
    def __init__(self, folder: Path, identity: str) -> None:
        self.folder = folder
        self.identity = identity

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        digest = hashlib.sha256(f"{self.identity}\0{name}\0{filename}".encode())
        return digest.hexdigest()[:32]

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            with open(self.folder / f"{bucket.key}.cache", "rb") as stored:
                bucket.load_bytecode(stored)
        except Exception:  # unreadable or damaged (pickle, marshal): compiled afresh
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as out:
                bucket.write_bytecode(out)
            os.replace(temporary, self.folder / f"{bucket.key}.cache")
        except OSError:
            Path(temporary).unlink(missing_ok=True)


def template_cache(options: dict[str, object]) -> TemplateCache | None:
    """The cache for an environment built with `options`, or None when caching is off."""
    folder = cache_folder()
    if folder is None:
        return None
    settings = ",".join(f"{key}={value!r}" for key, value in sorted(options.items()))
    return TemplateCache(folder / "templates", f"{jinja2.__version__};{settings}")
