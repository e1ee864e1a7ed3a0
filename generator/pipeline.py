"""The pipeline, one direction of data: load -> validate -> resolve -> build IR -> render.

Writing is separate (`write/writer.py`): everything here is pure and happens in memory.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from .checks.document import UNRESOLVABLE, validate_document
from .checks.ref_kinds import check_ref_kinds
from .checks.schema import check_referenced_schemas
from .diagnostics import Diagnostic, SpecError, has_errors, sorted_diagnostics
from .ir.build import build_api
from .ir.examples import with_examples
from .ir.model import Api
from .progress import stage
from .render.engine import RenderedTree, override_warnings, render_api
from .source.loader import load_document
from .source.resolve import Resolver, check_refs


@dataclass(frozen=True)
class BuildResult:
    api: Api
    warnings: tuple[Diagnostic, ...]
    files: tuple[
        Path, ...
    ] = ()  # every spec file the run read (the spec and its refs')


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for a run, and resume it after.

    A run allocates millions of small objects and frees nearly all of them by reference
    counting; on the 2026 OpenAI spec the collector ran about a thousand times, rescanned the
    whole loaded spec each time it reached the oldest generation, spent 1.1 s of 7.5, and
    found about 17,000 objects in cycles. Once resumed, it reclaims those as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build(
    spec: Path,
    package: str | None = None,
    display: str | None = None,
    *,
    overlays: Sequence[Path] = (),
) -> BuildResult:
    """Load, apply the overlays, validate and resolve a spec into the IR; raises SpecError
    with every problem (the overlays' included)."""
    with _collector_paused():
        return _build(spec, package, display, overlays)


def _build(
    spec: Path,
    package: str | None,
    display: str | None,
    overlays: Sequence[Path],
) -> BuildResult:
    with stage("load"):
        doc = load_document(spec, display)
    diagnostics: list[Diagnostic] = []
    if overlays:
        from .source.overlays import apply_overlays  # JSONPath loads only when used

        with stage("overlays"):
            diagnostics += apply_overlays(doc, overlays)
    with stage("validate"):
        resolver = Resolver(doc)
        diagnostics += validate_document(resolver)
    # Refs are checked even when validation found errors, so one run reports everything;
    # only a document that is not OpenAPI 3 at all (empty, not a mapping, Swagger 2.0) has
    # nothing sensible to resolve.
    if not any(d.code in UNRESOLVABLE for d in diagnostics):
        with stage("resolve"):
            diagnostics += check_refs(resolver)
            diagnostics += check_ref_kinds(resolver)
            diagnostics += check_referenced_schemas(resolver)
    if has_errors(diagnostics):
        raise SpecError(diagnostics)
    try:
        with stage("build"):
            api, warnings = build_api(doc, resolver, package)
            api = with_examples(api)
    except RecursionError:
        raise SpecError(
            [doc.diagnostic("E042", "the spec is nested too deeply to process", "")]
        ) from None
    return BuildResult(
        api, sorted_diagnostics((*diagnostics, *warnings)), resolver.files
    )


def generate(
    spec: Path,
    templates: Path | None = None,
    package: str | None = None,
    display: str | None = None,
    *,
    overlays: Sequence[Path] = (),
) -> tuple[RenderedTree, BuildResult]:
    """Build and render; warnings about the user's template folder join the spec's."""
    with _collector_paused():
        return _generate(spec, templates, package, display, overlays)


def _generate(
    spec: Path,
    templates: Path | None,
    package: str | None,
    display: str | None,
    overlays: Sequence[Path],
) -> tuple[RenderedTree, BuildResult]:
    result = _build(spec, package, display, overlays)
    if templates is None:
        with stage("render"):
            return render_api(result.api), result
    warnings = sorted_diagnostics((*result.warnings, *override_warnings(templates)))
    result = replace(result, warnings=warnings)
    try:
        with stage("render"):
            tree = render_api(result.api, templates)
    except SpecError as exc:
        # shown with the warnings, which a misspelled template name may explain
        raise SpecError((*result.warnings, *exc.diagnostics)) from None
    return tree, result
