"""The `specgen` command line: generate, check, validate (a thin layer over api.py).

Exit codes: 0 ok; 1 the spec (or a user template) has errors, `check` found stale output, or
`generate` refused to overwrite files (edited by hand, or not written by specgen); 2 usage or
configuration errors; 3 the environment is broken (a dependency missing, a folder that cannot
be written); 4 an internal error, a bug in specgen. Nothing ever ends in a traceback, unless
SPECGEN_TRACEBACK=1 asks for one.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .cli_output import FORMATS, Output
from .config import Target, load_targets
from .diagnostics import Diagnostic, Severity, SpecError, node_of
from .diagnostics import display_path as _display
from .progress import listening

if TYPE_CHECKING:
    from .write.writer import Conflicts


_SPEC_HELP = (
    "the OpenAPI 3.0/3.1 file (YAML or JSON); default: every target of [tool.specgen] "
    "in the nearest pyproject.toml"
)
_OUTPUT_HELP = (
    "the output project folder (default: generated/<SPEC's file name without its "
    "extension>, e.g. generated/pets for pets.yaml; without SPEC, each target's output)"
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="specgen",
        description="Generate a typed Python client package and Markdown docs from an OpenAPI spec.",
        epilog="exit codes: 0 ok; 1 the spec or a template has errors, check found stale "
        "output, or generate refused to overwrite files; 2 usage or configuration error; "
        "3 broken environment; 4 internal error",
    )
    parser.add_argument("--version", action="version", version=f"specgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    gen = sub.add_parser(
        "generate",
        help="write the client package and docs",
        description="Write the client package and docs for SPEC into the output folder. "
        "Files specgen did not write, and generated files edited by hand, are never "
        "overwritten without --force.",
    )
    _target_options(gen)
    gen.add_argument(
        "--force",
        action="store_true",
        help="overwrite files in the way: generated files edited by hand, and files, "
        "folders or links specgen did not write at paths it writes",
    )

    check = sub.add_parser(
        "check",
        help="exit 1 with a diff when the output is stale; writes nothing",
        description="Render SPEC in memory and compare it with the output folder: exit 0 "
        "when it is up to date, 1 with a unified diff (on stdout) when it is stale. "
        "Writes nothing; meant for CI and pre-commit.",
    )
    _target_options(check)

    val = sub.add_parser(
        "validate",
        help="print diagnostics for a spec; writes nothing",
        description="Check SPEC (and its overlays) and print every diagnostic; exit 1 "
        "when there are errors. Writes nothing.",
    )
    val.add_argument(
        "spec", type=Path, metavar="SPEC", help="the OpenAPI file to check"
    )
    _overlay_option(val)
    _output_options(val)
    return parser


def _target_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", nargs="?", type=Path, metavar="SPEC", help=_SPEC_HELP)
    parser.add_argument("-o", "--output", type=Path, metavar="OUT", help=_OUTPUT_HELP)
    parser.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="a folder of templates overriding the built-in ones by relative path "
        "(default: none, or [tool.specgen] templates)",
    )
    parser.add_argument(
        "--package",
        metavar="NAME",
        help="the Python package name (default: x-client.package, else named after "
        "the spec's info.title: 'OpenAI API' is openai)",
    )
    _overlay_option(parser)
    _output_options(parser)


def _output_options(parser: argparse.ArgumentParser) -> None:
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument(
        "-q", "--quiet", action="store_true", help="print only errors"
    )
    loudness.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also print each stage's time and the files written or removed",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="how diagnostics are printed: text (default, on stderr), json (one document "
        "on stdout: {diagnostics: [{file, line, col, severity, code, message, "
        "pointer}], exit_code, ...}) or sarif (SARIF 2.1.0 on stdout)",
    )


def _overlay_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--overlay",
        dest="overlays",
        metavar="FILE",
        type=Path,
        action="append",
        default=[],
        help="an OpenAPI Overlay 1.0 file applied to the spec before anything else "
        "(repeatable: applied in order, after the target's [tool.specgen] overlays)",
    )


def _targets(args: argparse.Namespace) -> list[Target]:
    if args.spec is not None:
        out = (
            args.output
            if args.output is not None
            else Path("generated") / args.spec.stem
        )
        return [
            Target(args.spec, out, args.templates, args.package, tuple(args.overlays))
        ]
    targets = load_targets(Path.cwd())
    if (
        args.output is not None
        or args.templates is not None
        or args.package is not None
        or args.overlays
    ):
        if len(targets) != 1:
            raise SpecError(
                [
                    Diagnostic(
                        Severity.ERROR,
                        "C004",
                        "-o/--templates/--package/--overlay apply to one target; "
                        "[tool.specgen] lists several: pass a SPEC",
                    )
                ]
            )
        t = targets[0]
        targets = [
            Target(
                t.spec,
                args.output or t.output,
                args.templates or t.templates,
                args.package or t.package,
                (*t.overlays, *args.overlays),
            )
        ]
    return targets


def _inputs(target: Target) -> str:
    """The spec and the overlays applied to it, as the summary line names them."""
    return " + ".join(_display(p) for p in (target.spec, *target.overlays))


def _refused(
    output: Output, out: Path, conflicts: Conflicts, *, check: bool = False
) -> None:
    """Say which files stand in the way and what a forced run would do to them."""
    severity = "note" if check else "error"
    verb = (
        "`specgen generate` would refuse to overwrite" if check else "not overwriting"
    )
    for what, paths in (
        ("generated files edited by hand", conflicts.edited),
        ("files specgen did not write", conflicts.unowned),
    ):
        if paths:
            output.note(
                "\n".join(
                    [
                        f"specgen: {severity}: {verb} {what} in {_display(out)}:",
                        *(f"  {path}" for path in paths),
                    ]
                ),
                error=not check,
            )
    output.note(
        "  move them elsewhere (or choose another -o); `specgen generate --force` would "
        "overwrite them and discard their content",
        error=not check,
    )


def cmd_generate(args: argparse.Namespace, output: Output) -> int:
    from .api import generate
    from .write.writer import WriteRefused

    status = 0
    for target in _targets(args):
        started = time.perf_counter()
        try:
            result = generate(
                target.spec,
                target.output,
                templates=target.templates,
                package=target.package,
                force=args.force,
                overlays=target.overlays,
            )
        except WriteRefused as exc:
            output.diagnostics(exc.diagnostics)
            _refused(output, target.output, exc.conflicts)
            status = 1
            continue
        output.diagnostics(result.diagnostics)
        elapsed = time.perf_counter() - started
        for what, paths in (("wrote", result.written), ("removed", result.removed)):
            for path in (
                paths if output.verbose else ()
            ):  # thousands: shown with -v only
                output.detail(f"specgen: {what} {_display(target.output / path)}")
        if Path.cwd().is_relative_to(target.output.resolve()):
            # the folder was swapped for a new one: a shell standing in it sees the old one
            output.note(
                "specgen: note: the output folder was replaced; run `cd .` to see the new files"
            )
        output.summary(
            f"{_inputs(target)} -> {_display(target.output)}: {len(result.files)} files "
            f"({len(result.written)} written, {len(result.unchanged)} unchanged, "
            f"{len(result.removed)} removed) in {elapsed:.2f}s"
        )
    return status


def cmd_check(args: argparse.Namespace, output: Output) -> int:
    from .api import check

    status = 0
    for target in _targets(args):
        result = check(
            target.spec,
            target.output,
            templates=target.templates,
            package=target.package,
            overlays=target.overlays,
        )
        output.diagnostics(result.diagnostics)
        if result.up_to_date:
            output.summary(
                f"{_display(target.output)} is up to date with {_inputs(target)}"
            )
            continue
        output.diff(result.diff)
        output.stale.append(_display(target.output))
        output.note(
            f"specgen: {_display(target.output)} is stale; run `specgen generate` to update it",
            error=True,
        )
        if result.conflicts:
            _refused(output, target.output, result.conflicts, check=True)
        status = 1
    return status


def cmd_validate(args: argparse.Namespace, output: Output) -> int:
    from .pipeline import build

    result = build(args.spec, display=_display(args.spec), overlays=args.overlays)
    output.diagnostics(result.warnings)
    api = result.api
    output.summary(
        f"{_inputs(Target(args.spec, Path(), overlays=tuple(args.overlays)))}: ok "
        f"({len(api.operations)} operations, "
        f"{len(api.models)} models, {len(api.aliases)} aliases)"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        os.getcwd()
    except FileNotFoundError:
        print(
            "specgen: error: the current folder no longer exists (a regeneration may have "
            "replaced it): `cd` into it again",
            file=sys.stderr,
        )
        return 2
    output = Output(args.format, args.quiet, args.verbose)
    status = _run(args, output)
    output.finish(args.command, status)
    return status


def _run(args: argparse.Namespace, output: Output) -> int:
    handlers = {"generate": cmd_generate, "check": cmd_check, "validate": cmd_validate}
    try:
        with listening(output.stage):
            return handlers[args.command](args, output)
    except SpecError as exc:
        output.diagnostics(exc.diagnostics)
        # configuration problems (C codes) are usage errors; problems in a spec exit 1
        return 2 if all(d.code.startswith("C") for d in exc.diagnostics) else 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if os.environ.get("SPECGEN_TRACEBACK"):
            raise
        return _unexpected(exc)


def _unexpected(exc: Exception) -> int:
    """One line for what is not the user's spec: a broken environment (3) or a bug (4)."""
    if isinstance(exc, ImportError):
        print(
            f"specgen: error: a package specgen needs is missing or broken ({exc}); "
            "reinstall specgen: pip install --force-reinstall specgen",
            file=sys.stderr,
        )
        return 3
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        print(
            f"specgen: error: {where}{exc.strerror or exc}",
            file=sys.stderr,
        )
        return 3
    node = node_of(exc)
    at = f" at {node}" if node else ""
    print(
        f"specgen: internal error{at}: {type(exc).__name__}: {exc}; this is a bug in "
        "specgen, please report it (SPECGEN_TRACEBACK=1 shows where it happened)",
        file=sys.stderr,
    )
    return 4
