"""specgen as a user gets it: `pip install <clone>` into a fresh virtualenv, no extras.

The test environment has black, mypy and friends from the `test` extra; a user's does not.
So the wheel is checked for what it ships (templates inside, the package named `specgen`,
nothing called `generator`), and a new virtualenv with a plain install generates real specs,
including ones whose long lines need black, from a folder that holds a `generator.py`.
"""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from specgen_testlib import CORPUS, REPO

# A spec whose generated code has lines black must split (long names, long literals).
LONG_LINES = """\
openapi: 3.0.3
info: {title: Long Lines API, version: "1.0"}
paths:
  /a/very/long/path/that/keeps/going/{an_extraordinarily_long_path_parameter_name}:
    post:
      operationId: createSomethingWithAnExtraordinarilyLongOperationIdentifierName
      parameters:
        - name: an_extraordinarily_long_path_parameter_name
          in: path
          required: true
          schema: {type: string, pattern: "^[a-z0-9]+-[a-z0-9]+-[a-z0-9]+-[a-z0-9]+$"}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                a_property_whose_name_alone_takes_up_a_good_part_of_a_line:
                  type: string
                  enum: [first_rather_long_enum_value, second_rather_long_enum_value,
                         third_rather_long_enum_value]
                  default: second_rather_long_enum_value
      responses:
        "200": {description: ok}
"""


def _run(
    *argv: str | Path, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in argv], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def test_wheel_ships_templates_under_specgen_and_no_generator_module(
    tmp_path: Path,
) -> None:
    build = _run(
        sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
        "--no-build-isolation", "--wheel-dir", tmp_path, REPO,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    (wheel,) = tmp_path.glob("specgen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "specgen/templates/package/models.py.jinja" in names
    assert "specgen/templates/runtime/_http.py" in names
    # the OpenAPI schemas the structure check reads, with their license
    for name in ("oas-3.0.json", "oas-3.1.json", "LICENSE", "NOTICE"):
        assert f"specgen/checks/openapi_schemas/{name}" in names
    assert "specgen/__main__.py" in names
    top_level = {n.split("/", 1)[0] for n in names if not n.startswith("specgen-")}
    assert top_level == {"specgen"}, top_level
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    requires = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Requires-Dist: black<26,>=25.1" in requires
    assert "Requires-Dist: jsonpath-rfc9535<2,>=1.0" in requires


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtualenv holding only `pip install <repository>` and what it pulls in."""
    root = tmp_path_factory.mktemp("fresh")
    venv.EnvBuilder(with_pip=True).create(root / "venv")
    python = root / "venv" / "bin" / "python"
    install = _run(python, "-m", "pip", "install", "--quiet", REPO)
    assert install.returncode == 0, install.stderr
    return root / "venv" / "bin"


def test_plain_install_has_specgen_and_no_generator(
    fresh_venv: Path, tmp_path: Path
) -> None:
    python = fresh_venv / "python"
    where = _run(python, "-c", "import specgen; print(specgen.__file__)", cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    assert "site-packages" in where.stdout
    missing = _run(python, "-c", "import generator", cwd=tmp_path)
    assert missing.returncode != 0
    assert "No module named 'generator'" in missing.stderr
    # the test-only tools are not there: what passes below passes without them
    for tool in ("mypy", "pytest", "pydantic"):
        absent = _run(python, "-c", f"import {tool}", cwd=tmp_path)
        assert absent.returncode != 0, tool


def _generate_ok(bin_dir: Path, spec: Path, where: Path) -> Path:
    out = where / "out"
    result = _run(bin_dir / "specgen", "generate", spec, "-o", out, cwd=where)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert (out / ".specgen-manifest.json").is_file()
    return out


def test_plain_install_generates_long_lines_beside_a_users_generator_module(
    fresh_venv: Path, tmp_path: Path
) -> None:
    # A project with its own `generator.py`: `python -m specgen` must not run it.
    (tmp_path / "generator.py").write_text("raise SystemExit('the user module ran')\n")
    spec = tmp_path / "long.yaml"
    spec.write_text(LONG_LINES)
    as_module = _run(fresh_venv / "python", "-m", "specgen", "--version", cwd=tmp_path)
    assert as_module.returncode == 0, as_module.stderr
    assert as_module.stdout.startswith("specgen ")
    out = _generate_ok(fresh_venv, spec, tmp_path)
    package = out / "long_lines"  # "Long Lines API": no trailing "api"
    # the templates' lines run long here: black (a plain dependency) split them
    stable = _run(fresh_venv / "black", "--check", "--quiet", package)
    assert stable.returncode == 0, stable.stderr
    byte_compile = _run(fresh_venv / "python", "-m", "compileall", "-q", package)
    assert byte_compile.returncode == 0, byte_compile.stdout


def test_plain_install_applies_overlays(fresh_venv: Path, tmp_path: Path) -> None:
    """The JSONPath library overlays need is a plain dependency."""
    spec = tmp_path / "long.yaml"
    spec.write_text(LONG_LINES)
    (tmp_path / "short.overlay.yaml").write_text(
        "overlay: 1.0.0\ninfo: {title: Short names, version: '1'}\nactions:\n"
        "  - target: $.paths[*][?@.operationId]\n    update: {x-method: make}\n"
    )
    result = _run(
        fresh_venv / "specgen", "generate", spec, "--overlay", "short.overlay.yaml",
        "-o", tmp_path / "out", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    # untagged: grouped by path, nested as it nests (resources/a/very/long/...)
    resources = "".join(
        p.read_text() for p in (tmp_path / "out").glob("*/resources/**/*.py")
    )
    assert "def make(" in resources


@pytest.mark.parametrize("name", ["openai-2023-11-06.yaml", "openai-2024-10-17.yaml"])
def test_plain_install_generates_the_openai_specs(
    fresh_venv: Path, tmp_path: Path, name: str
) -> None:
    spec = CORPUS / name
    if not spec.is_file():
        pytest.skip(f"corpus spec {name} not available (../shared is absent)")
    out = _generate_ok(fresh_venv, spec, tmp_path)
    assert (out / "docs" / "index.md").is_file()
    assert list(out.glob("*/resources/*.py"))
