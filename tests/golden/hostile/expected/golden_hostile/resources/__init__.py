"""Resource classes of the Hostile ' " \"\"\" ''' \\ {{ 7*7 }} {% raw %} {# c #} </code><script>alert(1)</script> | ``` 🦦 API\\, one module each (loaded on first use)."""

import importlib as _importlib
from types import ModuleType as _ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import (
        a_very_long_tag_name_that_goes_on_and_on_and_on_and_on_and_on_and_on_an_a36c53d3 as a_very_long_tag_name_that_goes_on_and_on_and_on_and_on_and_on_and_on_an_a36c53d3,
    )
    from . import class_ as class_
    from . import etc_passwd_evil_script as etc_passwd_evil_script
    from . import u as u
    from . import value as value

_MODULES = frozenset(
    {
        "a_very_long_tag_name_that_goes_on_and_on_and_on_and_on_and_on_and_on_an_a36c53d3",
        "class_",
        "etc_passwd_evil_script",
        "u",
        "value",
    }
)


def __getattr__(name: str) -> _ModuleType:
    # `resources.<module>` imports that module on first use, so the client's annotations
    # (`-> _resources.<module>.<Class>`) resolve for typing.get_type_hints without importing
    # every resource up front. (Helper names start with `_`: module names never do.)
    if name in _MODULES:
        return _importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
