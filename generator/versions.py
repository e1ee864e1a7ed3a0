"""Installed libraries' versions, read cheaply: what the caches' keys are made of."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path


def installed_version(module: str, distribution: str) -> str:
    """A library's installed version, from its `.dist-info` folder's name (reading the
    metadata through importlib.metadata costs ~40 ms, its import included; this, a
    directory listing). "absent" when the module is not installed."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return "absent"
    site = Path(spec.origin).parent.parent
    for entry in os.listdir(site):
        name, _, rest = entry.partition("-")
        if rest.endswith(".dist-info") and name.lower() == distribution:
            return rest.removesuffix(".dist-info")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "unknown"
