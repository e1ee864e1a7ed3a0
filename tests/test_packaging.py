"""specgen itself installs as a wheel with its templates inside and works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from specgen_testlib import REPO


def test_wheel_ships_templates_and_generates_from_any_folder(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build = subprocess.run(
        [
            sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
            "--no-build-isolation", "--wheel-dir", str(dist), str(REPO),
        ],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    (wheel,) = dist.glob("specgen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "generator/templates/package/models.py.jinja" in names
    assert "generator/templates/runtime/_http.py" in names
    site = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    spec = REPO / "specs" / "openai_images.yaml"
    # Only the installed copy is importable: the repository is not on the path.
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec), "-o", "out"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    generated = elsewhere / "out" / "openai_images" / "models.py"
    assert (
        generated.read_text()
        == (
            REPO / "generated" / "openai_images" / "openai_images" / "models.py"
        ).read_text()
    )
    where = subprocess.run(
        [sys.executable, "-c", "import generator; print(generator.__file__)"],
        cwd=elsewhere, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert where.stdout.strip().startswith(str(site))
