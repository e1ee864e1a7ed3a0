"""Resource classes of the Golden REST Names API, one module each (loaded on first use)."""

import importlib as _importlib
from types import ModuleType as _ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import account as account
    from . import balance as balance
    from . import charges as charges
    from . import customers as customers

_MODULES = frozenset(
    {
        "account",
        "balance",
        "charges",
        "customers",
    }
)


def __getattr__(name: str) -> _ModuleType:
    # `resources.<module>` imports that module on first use, so the client's annotations
    # (`-> _resources.<module>.<Class>`) resolve for typing.get_type_hints without importing
    # every resource up front. (Helper names start with `_`: module names never do.)
    if name in _MODULES:
        return _importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
