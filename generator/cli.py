"""The `specgen` command line: generate, check, validate.

Exit codes: 0 ok; 1 the spec has errors, `check` found stale output, or `generate` found
hand-edited files; 2 usage or configuration errors. User mistakes never produce a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .config import Target, load_targets
from .diagnostics import Diagnostic, Severity, SpecError
from .diagnostics import display_path as _display
from .pipeline import build, generate
from .writer import HandEditedError, diff_tree, write_tree


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="specgen",
        description="Generate a typed Python client package and Markdown docs from an OpenAPI spec.",
    )
    parser.add_argument("--version", action="version", version=f"specgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="write the client package and docs")
    gen.add_argument(
        "spec",
        nargs="?",
        type=Path,
        help="OpenAPI file (default: [tool.specgen] targets)",
    )
    gen.add_argument("-o", "--output", type=Path, help="output project folder")
    gen.add_argument(
        "--templates", type=Path, help="folder of templates overriding built-in ones"
    )
    gen.add_argument(
        "--package", help="Python package name (default: x-client.package or the title)"
    )
    gen.add_argument(
        "--force", action="store_true", help="overwrite generated files edited by hand"
    )

    check = sub.add_parser(
        "check", help="exit 1 with a diff when the output is stale; writes nothing"
    )
    check.add_argument("spec", nargs="?", type=Path)
    check.add_argument("-o", "--output", type=Path)
    check.add_argument("--templates", type=Path)
    check.add_argument("--package")

    val = sub.add_parser(
        "validate", help="print diagnostics for a spec; writes nothing"
    )
    val.add_argument("spec", type=Path)
    return parser


def _targets(args: argparse.Namespace) -> list[Target]:
    if args.spec is not None:
        out = (
            args.output
            if args.output is not None
            else Path("generated") / args.spec.stem
        )
        return [Target(args.spec, out, args.templates, args.package)]
    targets = load_targets(Path.cwd())
    if (
        args.output is not None
        or args.templates is not None
        or args.package is not None
    ):
        if len(targets) != 1:
            raise SpecError(
                [
                    Diagnostic(
                        Severity.ERROR,
                        "C004",
                        "-o/--templates/--package apply to one target; "
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
            )
        ]
    return targets


def _print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def _templates_ok(templates: Path | None) -> bool:
    if templates is not None and not templates.is_dir():
        print(
            f"specgen: error: template folder not found: {_display(templates)}",
            file=sys.stderr,
        )
        return False
    return True


def cmd_generate(args: argparse.Namespace) -> int:
    status = 0
    for target in _targets(args):
        if not _templates_ok(target.templates):
            return 2
        started = time.perf_counter()
        tree, result = generate(
            target.spec, target.templates, target.package, _display(target.spec)
        )
        _print_diagnostics(result.warnings)
        try:
            report = write_tree(tree, target.output, force=args.force)
        except HandEditedError as exc:
            print(
                f"specgen: error: generated files were edited by hand in {_display(target.output)}: "
                f"{', '.join(exc.paths)}\n  keep your edits elsewhere, or re-run with --force to overwrite",
                file=sys.stderr,
            )
            status = 1
            continue
        elapsed = time.perf_counter() - started
        if Path.cwd().is_relative_to(target.output.resolve()):
            # the folder was swapped for a new one: a shell standing in it sees the old one
            print(
                "specgen: note: the output folder was replaced; run `cd .` to see the new files",
                file=sys.stderr,
            )
        print(
            f"{_display(target.spec)} -> {_display(target.output)}: {len(tree.files)} files "
            f"({len(report.written)} written, {len(report.unchanged)} unchanged, "
            f"{len(report.removed)} removed) in {elapsed:.2f}s"
        )
    return status


def cmd_check(args: argparse.Namespace) -> int:
    status = 0
    for target in _targets(args):
        if not _templates_ok(target.templates):
            return 2
        tree, result = generate(
            target.spec, target.templates, target.package, _display(target.spec)
        )
        _print_diagnostics(result.warnings)
        diff = diff_tree(tree, target.output)
        if diff:
            sys.stdout.writelines(diff)
            print(
                f"specgen: {_display(target.output)} is stale; run `specgen generate` to update it",
                file=sys.stderr,
            )
            status = 1
        else:
            print(
                f"{_display(target.output)} is up to date with {_display(target.spec)}"
            )
    return status


def cmd_validate(args: argparse.Namespace) -> int:
    result = build(args.spec, display=_display(args.spec))
    _print_diagnostics(result.warnings)
    api = result.api
    print(
        f"{_display(args.spec)}: ok ({len(api.operations)} operations, "
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
    handlers = {"generate": cmd_generate, "check": cmd_check, "validate": cmd_validate}
    try:
        return handlers[args.command](args)
    except SpecError as exc:
        _print_diagnostics(exc.diagnostics)
        # configuration problems (C codes) are usage errors; problems in a spec exit 1
        return 2 if all(d.code.startswith("C") for d in exc.diagnostics) else 1
    except KeyboardInterrupt:
        return 130
