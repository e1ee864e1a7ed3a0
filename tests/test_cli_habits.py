"""The command line's habits: `-q` prints only errors, `-v` stage timings and the files
written, `--format json` / `sarif` one machine-readable document on stdout (exit codes
unchanged), a progress line only on a terminal, and help text for every argument."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from specgen.cli_output import Output
from specgen.diagnostics import Diagnostic, Severity

GOOD = """\
openapi: 3.0.3
info: {title: Pets, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: session, in: cookie, schema: {type: string}}
      responses:
        "200": {description: ok}
"""
BROKEN = GOOD.replace("operationId: listPets", "operationId: listPets\n      x: [")


def specgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "specgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "pets.yaml"
    path.write_text(GOOD)
    return path


def test_quiet_prints_only_errors_and_verbose_prints_stages_and_files(
    spec: Path, tmp_path: Path
) -> None:
    quiet = specgen("generate", "pets.yaml", "-q", cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    assert (tmp_path / "generated" / "pets" / "pets" / "_client.py").is_file()
    (tmp_path / "generated" / "pets" / "README.md").write_text("mine")
    refused = specgen("generate", "pets.yaml", "-q", cwd=tmp_path)
    assert refused.returncode == 1 and "not overwriting" in refused.stderr
    loud = specgen("generate", "pets.yaml", "-v", "--force", cwd=tmp_path)
    assert loud.returncode == 0
    for stage in ("load", "validate", "resolve", "build", "render", "write"):
        assert f"specgen: {stage}: " in loud.stderr, loud.stderr
    assert "specgen: wrote generated/pets/README.md" in loud.stderr
    assert "W105" in loud.stderr  # warnings still shown
    assert "W105" not in specgen("validate", "pets.yaml", "-q", cwd=tmp_path).stderr
    assert specgen("check", "pets.yaml", "-q", cwd=tmp_path).stdout == ""


def test_json_is_one_document_with_every_diagnostic(spec: Path, tmp_path: Path) -> None:
    ok = specgen("validate", "pets.yaml", "--format", "json", cwd=tmp_path)
    document = json.loads(ok.stdout)
    assert ok.returncode == 0 and document["exit_code"] == 0
    assert document["command"] == "validate" and document["tool"] == "specgen"
    assert document["diagnostics"] == [
        {
            "file": "pets.yaml",
            "line": 8,
            "col": 11,
            "severity": "warning",
            "code": "W105",
            "message": "cookie parameter 'session' is documented but not sent: pass "
            "it with extra_headers={'Cookie': ...}",
            "pointer": "/paths/~1pets/get/parameters/0",
        }
    ]
    spec.write_text(BROKEN)
    broken = specgen("generate", "pets.yaml", "--format", "json", cwd=tmp_path)
    document = json.loads(broken.stdout)
    assert broken.returncode == 1 == document["exit_code"]
    assert [d["code"] for d in document["diagnostics"]] == ["E003"]
    assert document["diagnostics"][0]["line"] == 9  # the unclosed `[`


def test_check_in_json_names_the_stale_output(spec: Path, tmp_path: Path) -> None:
    assert specgen("generate", "pets.yaml", "-q", cwd=tmp_path).returncode == 0
    client = tmp_path / "generated" / "pets" / "pets" / "_client.py"
    client.write_text(client.read_text() + "# edit\n")
    stale = specgen("check", "pets.yaml", "--format", "json", cwd=tmp_path)
    assert stale.returncode == 1
    document = json.loads(stale.stdout)  # stdout holds the document, nothing else
    assert document["stale"] == ["generated/pets"] and document["exit_code"] == 1
    assert "# edit" in stale.stderr  # the diff went to stderr


def test_sarif_2_1_0(spec: Path, tmp_path: Path) -> None:
    result = specgen("validate", "pets.yaml", "--format", "sarif", cwd=tmp_path)
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "specgen"
    assert run["tool"]["driver"]["rules"] == [{"id": "W105"}]
    (finding,) = run["results"]
    assert finding["ruleId"] == "W105" and finding["level"] == "warning"
    (location,) = finding["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "pets.yaml"},
        "region": {"startLine": 8, "startColumn": 11},
    }
    assert location["logicalLocations"] == [
        {"fullyQualifiedName": "/paths/~1pets/get/parameters/0"}
    ]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_only_for_long_runs() -> None:
    terminal, pipe = _Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        output = Output(stderr=stream)
        output.stage("load", None)  # a run that just started: nothing
        output._started -= 5  # a long run
        output.stage("render", None)
        output.diagnostics([Diagnostic(Severity.WARNING, "W105", "m", file="a.yaml")])
    assert pipe.getvalue() == "a.yaml: warning[W105]: m (at /)\n"
    assert terminal.getvalue() == (
        "\r\x1b[Kspecgen: render...\r\x1b[Ka.yaml: warning[W105]: m (at /)\n"
    )


@pytest.mark.parametrize("command", ["generate", "check", "validate"])
def test_every_argument_has_help(command: str, tmp_path: Path) -> None:
    result = specgen(command, "--help", cwd=tmp_path)
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for option in ("--overlay", "-q, --quiet", "-v, --verbose", "--format"):
        assert option in text
    if command != "validate":
        assert "default: generated/<SPEC's file name without its extension>" in text
        assert "--templates DIR" in text and "--package NAME" in text
    assert "SPEC" in text
    lines = result.stdout.split("options:", 1)[1].splitlines()
    flags = [line for line in lines if line.startswith("  -")]
    # each option line has its help on it or on the next line
    assert all(
        len(line.split("  ")) > 2 or i + 1 < len(lines) for i, line in enumerate(flags)
    )
