"""A user's template folder (`--templates DIR`), checked the way a spec is.

An error in one of the user's templates becomes a diagnostic located in their file (T001)
instead of a Jinja traceback. A file there that overrides no built-in template, and that no
user template includes, imports or extends, is most likely misspelled (W107): Jinja would
silently never read it.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType

import jinja2
import jinja2.meta

from ..diagnostics import Diagnostic, Severity, display_path
from ..ir import model as ir

TEMPLATE_ERROR = "T001"
UNMATCHED_OVERRIDE = "W107"

_NO_ATTRIBUTE = re.compile(
    r"^'(?P<owner>[\w.]+) object' has no attribute '(?P<name>\w+)'$"
)
_UNDEFINED = re.compile(r"^'(?P<name>\w+)' is undefined$")
_NO_FILTER = re.compile(r"^No (?P<kind>filter|test) named '(?P<name>[\w.]+)'")


class RenderedPythonError(Exception):
    """A template rendered a .py file that the formatter cannot parse."""

    def __init__(self, template_file: str, out_path: str, cause: Exception) -> None:
        self.template_file = template_file
        self.out_path = out_path
        self.cause = cause
        super().__init__(f"{out_path} from {template_file}: {cause}")


def template_error(
    exc: Exception, env: jinja2.Environment, user_dir: Path
) -> Diagnostic | None:
    """T001 for an exception raised by one of the user's templates.

    None when the innermost template involved is a built-in one: that is specgen's own bug,
    to be reported as such, not blamed on the user.
    """
    names: Iterable[str] = ()
    if isinstance(exc, jinja2.TemplateSyntaxError):
        filename, line = exc.filename, exc.lineno
    elif isinstance(exc, RenderedPythonError):
        filename, line = exc.template_file, 0
    else:
        frame = _innermost_template_frame(exc.__traceback__)
        if frame is None:
            return None
        filename, line = frame.tb_frame.f_code.co_filename, frame.tb_lineno
        names = frame.tb_frame.f_locals  # Jinja puts the template's variables there
    relative = _relative_to(filename, user_dir)
    if relative is None:
        return None
    return Diagnostic(
        Severity.ERROR,
        TEMPLATE_ERROR,
        _describe(exc, env, names),
        file=display_path(user_dir / relative),
        line=line or 0,
        in_spec=False,
    )


def _innermost_template_frame(tb: TracebackType | None) -> TracebackType | None:
    # Jinja rewrites the traceback so that template code shows as frames whose globals hold
    # "__jinja_exception__", with the template's file name and line.
    found = None
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            found = tb
        tb = tb.tb_next
    return found


def _relative_to(filename: str | None, folder: Path) -> Path | None:
    if not filename:
        return None
    try:
        return Path(filename).resolve().relative_to(folder.resolve())
    except ValueError:
        return None


def _describe(exc: Exception, env: jinja2.Environment, names: Iterable[str]) -> str:
    if isinstance(exc, RenderedPythonError):
        return f"renders {exc.out_path}, which is not valid Python: {exc.cause}"
    if isinstance(exc, jinja2.TemplateNotFound) and isinstance(exc.name, str):
        # Jinja's own message lists specgen's install folder; the name is what matters.
        known = _template_names(env)
        return f"no template named '{exc.name}'" + _did_you_mean(exc.name, known)
    if not isinstance(exc, jinja2.TemplateError):
        return f"{type(exc).__name__}: {exc}"
    message = exc.message or type(exc).__name__
    if match := _NO_ATTRIBUTE.match(message):
        owner = getattr(ir, match["owner"].rsplit(".", 1)[-1], None)
        if isinstance(owner, type):
            message += _did_you_mean(match["name"], _public_names(owner))
    elif match := _UNDEFINED.match(message):
        message += _did_you_mean(match["name"], [*names, *env.globals])
    elif match := _NO_FILTER.match(message):
        table = env.filters if match["kind"] == "filter" else env.tests
        message = message.rstrip(".") + _did_you_mean(match["name"], table)
    return message


def _template_names(env: jinja2.Environment) -> list[str]:
    assert env.loader is not None
    return env.loader.list_templates()


def _public_names(cls: type) -> list[str]:
    fields = (
        [f.name for f in dataclasses.fields(cls)]
        if dataclasses.is_dataclass(cls)
        else []
    )
    return fields + [n for n in dir(cls) if not n.startswith("_")]


def _did_you_mean(name: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, sorted(set(candidates)), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def unmatched_overrides(
    env: jinja2.Environment,
    user_dir: Path,
    builtin_dir: Path,
    copied: Callable[[str], bool],
) -> list[Diagnostic]:
    """W107 for each file in user_dir that overrides no built-in template and that no user
    template refers to. `copied(name)` says whether specgen uses the file by itself anyway
    (the runtime's .py files are copied into the package, a user's extra ones too).
    """
    builtin = set(_files(builtin_dir))
    user = list(_files(user_dir))
    used = _referenced(env, user_dir, user)
    out: list[Diagnostic] = []
    for name in user:
        if name in builtin or name in used or copied(name):
            continue
        out.append(
            Diagnostic(
                Severity.WARNING,
                UNMATCHED_OVERRIDE,
                "overrides no built-in template" + _did_you_mean(name, builtin),
                file=display_path(user_dir / name),
                in_spec=False,
            )
        )
    return out


def _files(folder: Path) -> Iterator[str]:
    """Relative POSIX paths of the files under folder; hidden files and folders (.git, editor
    swap files) and caches are skipped, and not walked into."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not _skipped(d))
        base = Path(root).relative_to(folder)
        for name in sorted(files):
            if not _skipped(name):
                yield (base / name).as_posix()


def _skipped(name: str) -> bool:
    return name.startswith(".") or name == "__pycache__"


def _referenced(env: jinja2.Environment, folder: Path, names: list[str]) -> set[str]:
    """Every template name the user's templates include, import or extend."""
    found: set[str] = set()
    for name in names:
        try:
            ast = env.parse((folder / name).read_text("utf-8"))
        except (OSError, UnicodeDecodeError, jinja2.TemplateSyntaxError):
            continue  # not a template; if it is used, rendering reports the error
        for ref in jinja2.meta.find_referenced_templates(ast):
            if ref is not None:
                found.add("/".join(p for p in ref.split("/") if p not in ("", ".")))
    return found
