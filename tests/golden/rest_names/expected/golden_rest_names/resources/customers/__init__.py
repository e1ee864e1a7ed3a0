"""The `customers` resource of the Golden REST Names API.

Its classes are in `_resource`, each of its sub-resources in a module of its own; each is
loaded on first use.
"""

import importlib as _importlib
from types import ModuleType as _ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import _resource as _resource
    from . import sources as sources

_MODULES = frozenset(
    {
        "_resource",
        "sources",
    }
)


def __getattr__(name: str) -> _ModuleType:
    # `resources.<module>` imports that module on first use, so the client's annotations
    # (`-> _resources.<module>.<Class>`) resolve for typing.get_type_hints without importing
    # every resource up front. (Helper names start with `_`; of the modules, only
    # `_resource` does, and no helper is named so.)
    if name in _MODULES:
        return _importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
