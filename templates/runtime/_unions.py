"""Unions whose members are told apart by one property (hand-written, copied into every package).

The spec names the property with a `discriminator`, or every member of a `oneOf`/`anyOf` has a
property with its own constant value (OpenAI's `type`). A value becomes exactly the member its
tag names: no guessing among members that happen to accept the same keys.

A tag the spec does not list is an error in a request. In a response it is an item type the API
added after the spec was written: the value is kept as an `UnknownVariant`, which exposes its
fields and its tag, so an old client keeps working.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any, Final, get_args

from pydantic import BaseModel, GetCoreSchemaHandler, PrivateAttr
from pydantic_core import PydanticCustomError, core_schema

from ._models import LENIENT, BaseSchema

__all__ = ["Discriminated", "UnknownVariant"]

# The tag of a value no member claims (also the name errors give its place).
_UNKNOWN: Final = "(unknown)"


class UnknownVariant(BaseSchema):
    """A member of a union that the spec does not list, received in a response.

    Its fields are attributes (`item.id`) and in `model_extra`; `discriminator` says which
    property told the members apart and `tag` the value the server sent in it.
    """

    _discriminator: str = PrivateAttr(default="")

    @property
    def discriminator(self) -> str:
        """The property that tells the union's members apart (e.g. "type")."""
        return self._discriminator

    @property
    def tag(self) -> object:
        """The value of that property in this item (None when it was absent)."""
        return (self.model_extra or {}).get(self._discriminator)

    if TYPE_CHECKING:  # fields are whatever the server sent

        def __getattr__(self, name: str) -> Any: ...


class Discriminated:
    """`Annotated[A | B | C, Discriminated("type", {"a": A, "b": B | C})]`: validate by the
    tag. `mapping` gives the member (or members) of each tag value; `property` is its wire
    name.
    """

    __slots__ = ("_by_class", "_mapping", "_property", "_unknown_tag")

    def __init__(self, property: str, mapping: Mapping[str, Any]) -> None:
        # `mapping` values are model classes, or a union of those when members share a tag
        self._property = property
        self._mapping = dict(mapping)
        self._unknown_tag = _UNKNOWN
        while self._unknown_tag in self._mapping:  # a spec may use any string as a tag
            self._unknown_tag += "_"
        self._by_class: dict[type, str] = {}
        for tag, members in self._mapping.items():
            for member in get_args(members) or (members,):
                self._by_class.setdefault(member, tag)

    def __repr__(self) -> str:
        return f"Discriminated({self._property!r}, {sorted(self._mapping)!r})"

    def _tag(self, value: Any) -> Hashable:
        if isinstance(value, dict):
            tag = value.get(self._property)
            known = isinstance(tag, str) and tag in self._mapping
            return tag if known else self._unknown_tag
        if isinstance(value, BaseModel):  # a member built by hand
            return self._by_class.get(type(value), self._unknown_tag)
        return self._unknown_tag

    def _unknown(self, value: Any, info: core_schema.ValidationInfo) -> Any:
        lenient = bool(info.context and info.context.get(LENIENT))
        if lenient and isinstance(value, dict):
            item = UnknownVariant.model_validate(value, context=info.context)
            item._discriminator = self._property
            return item
        expected = ", ".join(repr(t) for t in self._mapping)
        if isinstance(value, dict) and self._property not in value:
            raise PydanticCustomError(
                "union_tag_not_found",
                "'{property}' is missing: it tells which member this is ({expected})",
                {"property": self._property, "expected": expected},
            )
        if isinstance(value, dict):
            raise PydanticCustomError(
                "union_tag_invalid",
                "'{property}' is {tag}, not one of {expected}",
                {
                    "property": self._property,
                    "tag": repr(value[self._property]),
                    "expected": expected,
                },
            )
        raise PydanticCustomError(
            "model_type",
            "must be an object with '{property}' one of {expected}",
            {"property": self._property, "expected": expected},
        )

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        choices: dict[Hashable, core_schema.CoreSchema] = {
            tag: handler.generate_schema(member)
            for tag, member in self._mapping.items()
        }
        choices[self._unknown_tag] = core_schema.with_info_plain_validator_function(
            self._unknown
        )
        return core_schema.tagged_union_schema(choices, discriminator=self._tag)
