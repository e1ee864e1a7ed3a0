"""The IR of the request side's TypedDicts (the package's `params.py`): a `ParamDict` per
object schema a request may carry, keyed by wire name (`ParamKey`s), so that a call may pass
a plain dict that type-checks wherever it may pass a model.

Their types are what a request accepts (`build_params.py`): objects as their TypedDicts,
arrays of them as `Iterable`, maps of them as `Mapping`, no constraints (the runtime checks
the JSON it sends against the spec's schemas, dicts and models alike).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..literals import py_str
from .types import TypeRef


@dataclass(frozen=True)
class ParamKey:
    """One key of a TypedDict."""

    wire_name: str  # the key, as sent
    type: TypeRef  # what the key accepts (None included when the schema allows null)
    required: bool
    description: str = ""
    # the type names a TypedDict or a param alias: written as a string, so that params.py
    # (whose annotations are evaluated at import) may refer forward and to itself
    quoted: bool = False

    @property
    def annotation(self) -> str:
        """`Required[T]` or `NotRequired[T]` (T a string when `quoted`)."""
        text = self.type.signature()
        text = py_str(text) if self.quoted else text
        return f"{'Required' if self.required else 'NotRequired'}[{text}]"

    @property
    def helper_names(self) -> frozenset[str]:
        names = self.type.signature_helper_names()
        return names | {"Required" if self.required else "NotRequired"}


@dataclass(frozen=True)
class ParamDict:
    """A TypedDict standing for a model when a request carries it as a plain dict."""

    name: str  # its Python name (the model's, suffixed Param, unique in the package)
    model: str  # the model it stands for
    description: str
    keys: tuple[ParamKey, ...]
    # written as `Name = TypedDict("Name", {...})`: some key cannot be a class attribute (not
    # an ASCII identifier, a keyword, a private `__name`, or a name the module uses)
    functional: bool = False

    @property
    def helper_names(self) -> frozenset[str]:
        """Names its keys' annotations use, and `TypedDict`."""
        names = frozenset[str]().union(*(k.helper_names for k in self.keys))
        return names | {"TypedDict"}

    @property
    def references(self) -> set[str]:
        """TypedDicts, param aliases and model aliases its keys name."""
        found: set[str] = set()
        for key in self.keys:
            found |= key.type.named_refs()
        return found
