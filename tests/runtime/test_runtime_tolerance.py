"""The tolerant reader: what a response may hold that the spec does not foresee is kept.

A response is validated exactly first (nulls in optional fields aside), so union members are
chosen by an exact match; only when that fails is it read again, tolerating unknown enum
values, nulls and other types in required fields, required fields left out and keys that
`additionalProperties: false` forbids. Models built by hand stay strict.
"""

from __future__ import annotations

from typing import Annotated, Literal

import pydantic
import pytest
from pydantic import ConfigDict, Field
from runtime._models import BaseSchema
from runtime._response import validate_response_data
from runtime._unions import Discriminated, UnknownVariant


class Usage(BaseSchema):
    tokens: int
    limit: Annotated[int | None, Field(ge=256)]


class Job(BaseSchema):
    model_config = ConfigDict(extra="forbid")

    id: str
    status: Literal["queued", "done"]
    usage: Usage
    finished_at: int | None
    note: str | None = None


class Square(BaseSchema):
    kind: Literal["square"]
    side: float


class Cube(BaseSchema):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["cube"]
    side: float
    depth: float


Shape = Annotated[
    Square | Cube, Discriminated("kind", {"square": Square, "cube": Cube})
]
JOB = {
    "id": "j1",
    "status": "done",
    "usage": {"tokens": 3, "limit": 300},
    "finished_at": 5,
}


def test_a_valid_response_is_read_exactly() -> None:
    job = validate_response_data(Job, JOB)
    assert job == Job.model_validate(JOB)


def test_an_unknown_enum_value_and_a_forbidden_key_are_kept() -> None:
    job = validate_response_data(Job, {**JOB, "status": "paused", "region": "eu"})
    assert job.status == "paused"
    assert job.region == "eu" and job.model_extra == {"region": "eu"}
    assert job.usage.tokens == 3


def test_a_required_field_left_out_is_none_and_unset() -> None:
    job = validate_response_data(
        Job, {"id": "j1", "status": "done", "usage": {"tokens": 3}}
    )
    assert job.finished_at is None and "finished_at" not in job.model_fields_set
    # the constrained field nested inside is left out too (None meets its constraint)
    assert job.usage.limit is None and job.usage.model_fields_set == {"tokens"}
    assert job.model_dump(exclude_unset=True) == {
        "id": "j1",
        "status": "done",
        "usage": {"tokens": 3},
    }


def test_a_null_or_another_type_in_a_required_field_is_kept_as_sent() -> None:
    job = validate_response_data(Job, {**JOB, "usage": None, "id": 7})
    assert job.usage is None and job.id == 7
    assert {"usage", "id"} <= job.model_fields_set


def test_an_object_with_none_of_the_fields_is_refused() -> None:
    with pytest.raises(pydantic.ValidationError, match="Field required"):
        validate_response_data(Job, {"error": {"message": "no"}})
    with pytest.raises(pydantic.ValidationError):
        validate_response_data(Job, ["not", "an", "object"])


def test_union_members_are_chosen_exactly_before_anything_is_tolerated() -> None:
    shapes = validate_response_data(
        list[Square | Cube],
        [{"kind": "square", "side": 1}, {"kind": "cube", "side": 1, "depth": 2}],
    )
    assert [type(s) for s in shapes] == [Square, Cube]
    tagged = validate_response_data(
        list[Shape], [{"kind": "cube", "side": 1}, {"kind": "torus", "r": 1}]
    )
    assert type(tagged[0]) is Cube and tagged[0].depth is None  # told by its tag
    assert isinstance(tagged[1], UnknownVariant) and tagged[1].tag == "torus"


def test_models_built_by_hand_stay_strict() -> None:
    with pytest.raises(pydantic.ValidationError):
        Job.model_validate({**JOB, "status": "paused"})
    with pytest.raises(pydantic.ValidationError):
        Job.model_validate({"id": "j1", "status": "done", "usage": {"tokens": 3}})
    with pytest.raises(pydantic.ValidationError, match="'kind' is 'torus'"):
        pydantic.TypeAdapter(Shape).validate_python({"kind": "torus"})
