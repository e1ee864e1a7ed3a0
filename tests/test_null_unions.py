"""Types as precise as the schema: null unions, `type: "null"`, `const` and non-string enums.

The golden cases `nullability` (3.0: `Tuning`, `Effort`, `Pet`, `tuneRecord`) and `openapi31`
(3.1: `Sampling`, `Effort`, `createSampling`) pin the output; these tests check what it means:
the IR's annotations, what the generated models accept and refuse (requests strictly,
responses leniently), what mypy says about a call, and the words in the docs.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pydantic
import pytest
from loopback import Reply, ScriptedServer
from pydantic import ValidationError
from specgen_testlib import REPO, generate_package, import_golden_package

from specgen.ir.model import Api, Argument, Field, Model
from specgen.pipeline import build, generate

GOLDEN = REPO / "tests" / "golden"


def _api(case: str) -> Api:
    return build(GOLDEN / case / "spec.yaml").api


def _model(api: Api, name: str) -> Model:
    return next(m for m in api.models if m.name == name)


def _field(api: Api, model: str, name: str) -> Field:
    return next(f for f in _model(api, model).fields if f.name == name)


def _argument(api: Api, method: str, name: str) -> Argument:
    op = next(op for op in api.operations if op.method_name == method)
    return next(a for a in op.arguments if a.name == name)


@pytest.fixture(scope="module")
def api30() -> Api:
    return _api("nullability")


@pytest.fixture(scope="module")
def api31() -> Api:
    return _api("openapi31")


# -- the IR ----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["nullability", "openapi31"])
def test_a_null_union_with_one_member_is_that_type_or_none(case: str) -> None:
    """`anyOf: [{type: number, minimum: 0, maximum: 2, ...}, null]`: the member's
    constraints, description, default and example are the property's."""
    api = _api(case)
    model = "Tuning" if case == "nullability" else "Sampling"
    temperature = _field(api, model, "temperature")
    assert temperature.type.python() == "float | None"
    assert temperature.nullable and not temperature.rejects_null
    assert (temperature.constraints.ge, temperature.constraints.le) == (0, 2)
    assert temperature.annotation == "float | None"
    assert temperature.field_call() == "Field(default=1, ge=0, le=2)"
    assert temperature.description.startswith("What sampling temperature to use")
    assert (temperature.default.present, temperature.default.value) == (True, 1)
    assert (temperature.has_example, temperature.example) == (True, 1)
    # the body argument carries the same
    argument = _argument(
        api,
        "tune_record" if case == "nullability" else "create_sampling",
        "temperature",
    )
    assert argument.type.python() == "float | None"
    assert argument.description == temperature.description
    assert (argument.constraints.ge, argument.constraints.le) == (0, 2)


def test_null_union_query_parameters_keep_what_the_member_says(
    api30: Api, api31: Api
) -> None:
    strength = _argument(api30, "tune_record", "strength")
    assert strength.type.python() == "float | None"
    assert (strength.constraints.ge, strength.constraints.le) == (0, 2)
    assert strength.description.startswith("How strongly")
    assert (strength.default.present, strength.default.value) == (True, 1)
    limit = _argument(api31, "create_sampling", "limit")
    assert limit.type.python() == "int | None"
    assert (limit.constraints.ge, limit.constraints.le) == (1, 100)
    assert limit.description.startswith("At most this many")
    params = _model(api31, "CreateSamplingParameters")
    assert params.fields[0].annotation == "int | None"


def test_3_1_types_literals_and_null(api31: Api) -> None:
    expected = {
        "nothing": "None",  # type: "null"
        "also_nothing": "None",  # type: ["null"]
        "kind": "Literal[3]",  # const: 3
        "enabled": "Literal[True]",  # const: true
        "cleared": "None",  # const: null
        "level": "Literal[1, 2, 3]",  # enum of integers, no type
        "switch": "Literal[True, False] | None",
        "mixed": 'Literal["auto", 0, False] | None',
        "ratio": "float",  # floats cannot be Literal members
        "effort": "Effort | None",  # a $ref to an alias that admits null
        "unit": "Unit | None",
        "choice": 'Literal["auto", "none"] | Tool | None',
        "window": "SamplingWindow | None",  # inline object: named like the property
        "labels": "list[Annotated[str, Field(max_length=5)] | None]",
        "code": 'Annotated[str, Field(max_length=3)] | Annotated[str, Field(pattern="^[A-Z]+\\\\Z")]',
        "loose": "Any",  # maxLength with no type: admits 5
    }
    actual = {name: _field(api31, "Sampling", name).type.python() for name in expected}
    assert actual == expected
    effort = next(a for a in api31.aliases if a.name == "Effort")
    assert effort.type.python() == 'Literal["low", "high"] | None'
    assert effort.description.startswith("How hard to try")  # from the member
    assert (
        _field(api31, "Sampling", "unit").description == "The unit, or null for none."
    )
    assert _field(api31, "Sampling", "window").description == "A time window."
    # Any and None admit null: such fields need no null check
    nullable = {f.name for f in _model(api31, "Sampling").fields if not f.rejects_null}
    assert {"nothing", "also_nothing", "cleared", "loose", "temperature"} <= nullable


def test_3_0_null_members(api30: Api) -> None:
    expected = {
        "temperature": "float | None",  # the null member is `nullable: true` alone
        "effort": "Effort | None",
        "mode": 'Literal["fast", "slow"] | Annotated[int, Field(ge=1)] | None',
        "level": "Literal[1, 2, 3]",
        "flag": "Literal[True] | None",
        "loose": "Any",
        "pet": "Pet | None",  # Pet is `nullable: true`: a model class cannot be None
    }
    actual = {name: _field(api30, "Tuning", name).type.python() for name in expected}
    assert actual == expected
    effort = next(a for a in api30.aliases if a.name == "Effort")
    assert (
        effort.type.python() == 'Literal["low", "high"] | None'
    )  # enum: [null] member


def test_type_words_say_null_and_bracket_item_unions(api30: Api, api31: Api) -> None:
    assert _field(api31, "Sampling", "temperature").type_words() == "number or null"
    assert _field(api31, "Sampling", "nothing").type_words() == "null"
    assert _field(api31, "Sampling", "enabled").type_words() == "boolean"
    assert (
        _field(api31, "Sampling", "labels").type_words() == "array of (string or null)"
    )
    words = _field(api30, "Record", "optional_nullable_list").type_words()
    assert words == "array of (string or null) or null"


def _converted(tmp_path: Path, schema: dict[str, Any], version: str = "3.1.0") -> str:
    """The type of property `x` of an object schema, through the whole pipeline, and
    the constraints the field carries ("str | None; max_length=3")."""
    spec = {
        "openapi": version,
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {"M": {"type": "object", "properties": {"x": schema}}}
        },
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), "utf-8")
    field = _field(build(path).api, "M", "x")
    kwargs = field.constraints.field_kwargs()
    rules = "; " + ", ".join(f"{k}={v}" for k, v in kwargs) if kwargs else ""
    return field.type.python() + rules


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "null"}, "None"),
        ({"enum": [None]}, "None"),
        ({"const": 1.5}, "float"),
        ({"enum": [1, True]}, "Literal[1, True]"),  # 1 == True in Python, not in JSON
        ({"enum": [1, 2.5]}, "float"),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, "str | None"),
        ({"oneOf": [{"type": "null"}, {"type": "integer"}]}, "int | None"),
        ({"anyOf": [{"type": "string"}, {}]}, "Any"),  # {} admits anything
        ({"anyOf": [{"type": "string"}, {"maxLength": 3}]}, "Any"),  # so does this
        (
            {"type": ["string", "null"], "anyOf": [{"maxLength": 3}]},
            ("str | None; max_length=3"),
        ),
        (
            {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]},
            ("int | None; ge=1"),
        ),
        (
            {"type": "string", "anyOf": [{"type": "string"}, {"enum": ["a"]}]},
            ('str | Literal["a"]'),
        ),
        ({"minimum": 1}, "Any"),
        ({"nullable": True}, "Any"),  # 3.0: no type, so any value (null too)
    ],
)
def test_schema_to_annotation(
    tmp_path: Path, schema: dict[str, Any], expected: str
) -> None:
    assert _converted(tmp_path, schema) == expected


def test_a_bare_nullable_member_is_null_in_3_0(tmp_path: Path) -> None:
    schema = {"anyOf": [{"type": "integer"}, {"nullable": True, "description": "none"}]}
    assert _converted(tmp_path, schema, "3.0.3") == "int | None"


def test_untyped_keywords_warn(tmp_path: Path) -> None:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Code": {"maxLength": 2, "minimum": 1}}},
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), "utf-8")
    result = build(path)
    assert (
        next(a for a in result.api.aliases if a.name == "Code").type.python() == "Any"
    )
    [warning] = [w for w in result.warnings if w.code == "W108"]
    assert "maxLength for string values" in warning.message
    assert "minimum for number values" in warning.message


# -- the generated models --------------------------------------------------------------------


@pytest.fixture(scope="module")
def pkg31(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_golden_package("openapi31", tmp_path_factory.mktemp("openapi31"))


@pytest.fixture(scope="module")
def pkg30(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_golden_package("nullability", tmp_path_factory.mktemp("nullability"))


def test_models_accept_what_the_schema_admits(pkg30: Any, pkg31: Any) -> None:
    sampling = pkg31.models.Sampling
    made = sampling(kind=3, nothing=None, temperature=None, also_nothing=None)
    assert made.temperature is None and made.nothing is None
    assert sampling(kind=3, nothing=None).temperature == 1  # the member's default
    assert sampling(kind=3, nothing=None, temperature=2, loose=5).loose == 5
    assert sampling(kind=3, nothing=None, cleared=None, mixed=None).mixed is None
    assert sampling(kind=3, nothing=None, choice={"name": "t"}).choice.name == "t"
    tuning = pkg30.models.Tuning
    made = tuning(mode=None, temperature=None, effort=None, flag=None, pet=None)
    assert made.temperature is None and made.pet is None
    assert tuning(mode=2, loose=[1], code="ABCDE").code == "ABCDE"


@pytest.mark.parametrize(
    "values",
    [
        {"temperature": "hot"},
        {"temperature": 2.5},  # the member's maximum
        {"nothing": "something"},
        {"kind": 4},
        {"level": 4},
        {"enabled": False},
        {"effort": "extreme"},
        {"labels": ["toolong"]},
        {"code": "abcd"},  # neither at most 3 characters nor upper case
        {"choice": "manual"},
    ],
)
def test_models_refuse_what_the_schema_refuses(
    pkg31: Any, values: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError):
        pkg31.models.Sampling.model_validate({"kind": 3, "nothing": None, **values})


@pytest.mark.parametrize(
    "values",
    [{"temperature": "hot"}, {"mode": 0}, {"mode": "medium"}, {"level": None}],
)
def test_3_0_models_refuse(pkg30: Any, values: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        pkg30.models.Tuning.model_validate({"mode": "fast", **values})


def test_a_call_is_refused_before_sending(pkg31: Any, server: ScriptedServer) -> None:
    with pkg31.Client(base_url=server.base_url, max_retries=0) as client:
        with pytest.raises(pkg31.RequestValidationError) as caught:
            client.measurements.create_sampling(
                kind=3, nothing=None, temperature="hot", limit=0
            )
    assert sorted(v.field for v in caught.value.violations) == ["limit", "temperature"]
    assert server.requests == []


def test_null_is_sent_and_unknown_enum_values_in_unions_parse(
    pkg31: Any, server: ScriptedServer
) -> None:
    """Responses stay lenient: a value an enum does not list parses, also when the enum is a
    member of a union (`Literal[...] | Tool | None` reports an error per member)."""
    server.default = Reply(
        body={
            "kind": 3,
            "nothing": None,
            "temperature": None,
            "effort": "extreme",
            "choice": "manual",
            "level": 9,
            "unit": "fahrenheit",
        }
    )
    with pkg31.Client(base_url=server.base_url, max_retries=0) as client:
        result = client.measurements.create_sampling(
            kind=3, nothing=None, temperature=None, limit=None
        )
    sent = server.requests[0]
    assert json.loads(sent.body) == {"kind": 3, "nothing": None, "temperature": None}
    assert sent.path == "/samplings"  # a None query parameter is not sent
    assert (result.effort, result.choice, result.level) == ("extreme", "manual", 9)
    assert result.unit == "fahrenheit" and result.temperature is None


def test_an_object_off_its_schema_in_a_union_is_kept_as_sent(
    pkg31: Any, server: ScriptedServer
) -> None:
    """A response is read tolerantly (a second pass, after the exact one fails): the object
    is the member whose fields it has, with the value the server sent. A list where the
    response should be an object still fails."""
    server.default = Reply(body={"kind": 3, "nothing": None, "choice": {"name": 5}})
    with pkg31.Client(base_url=server.base_url, max_retries=0) as client:
        result = client.measurements.create_sampling(kind=3, nothing=None)
        assert isinstance(result.choice, pkg31.models.Tool)
        assert result.choice.name == 5
        with pytest.raises(pydantic.ValidationError):
            pkg31.models.Tool(name=5)  # a model built by hand is strict
        server.default = Reply(body=[{"kind": 3}])
        with pytest.raises(pkg31.APIResponseValidationError):
            client.measurements.create_sampling(kind=3, nothing=None)


# -- mypy ------------------------------------------------------------------------------------

_CALLS = """
from golden_openapi31 import Client

client = Client()
client.measurements.create_sampling(kind=3, nothing=None, temperature={temperature})
"""


@pytest.mark.parametrize(
    ("index", "temperature", "accepted"),
    [(0, "None", True), (1, "1.5", True), (2, '"hot"', False)],
)
def test_mypy_checks_the_argument_type(
    tmp_path_factory: pytest.TempPathFactory,
    index: int,
    temperature: str,
    accepted: bool,
) -> None:
    out = tmp_path_factory.getbasetemp() / "mypy_openapi31"
    if not (out / "golden_openapi31").is_dir():
        generate_package(GOLDEN / "openapi31" / "spec.yaml", out)
    script = out / f"call_{index}.py"
    script.write_text(_CALLS.format(temperature=temperature), "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", script.name],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert (result.returncode == 0) is accepted, result.stdout
    if not accepted:
        assert 'Argument "temperature"' in result.stdout


# -- docs ------------------------------------------------------------------------------------


def test_docs_show_the_members_description_and_type() -> None:
    tree, _ = generate(GOLDEN / "openapi31" / "spec.yaml")
    page = tree.files["docs/models/Sampling.md"]
    row = next(line for line in page.splitlines() if line.startswith("| `temperature`"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1] == "number or null"
    assert cells[3] == (
        "What sampling temperature to use, between 0 and 2. "
        "Constraints: between 0 and 2. Default: `1`."
    )
    assert cells[4] == "`1`"
    operation = tree.files["docs/operations/measurements.create_sampling.md"]
    assert (
        "| `limit` | integer or null | Optional | At most this many samples"
        in operation
    )
    alias = tree.files["docs/models/Effort.md"]
    assert "Type: string or null" in alias and 'One of: `"low"`, `"high"`' in alias


# -- the Any count ---------------------------------------------------------------------------


def test_count_any_counts_fields_and_arguments() -> None:
    path = REPO / "tests" / "benchmarks" / "count_any.py"
    spec = importlib.util.spec_from_file_location("count_any", path)
    assert spec is not None and spec.loader is not None
    count_any = importlib.util.module_from_spec(spec)
    sys.modules["count_any"] = count_any  # its dataclasses look their module up
    spec.loader.exec_module(count_any)
    fields, arguments = count_any.count(GOLDEN / "openapi31" / "spec.yaml")
    assert [w.split(":")[0] for w in fields.is_any] == ["Sampling.loose"]
    assert [w.split(":")[0] for w in arguments.is_any] == [
        "measurements.create_sampling(loose"
    ]
    assert fields.total == sum(len(m.fields) for m in _api("openapi31").models)
    ref_chains, _ = count_any.count(GOLDEN / "composition" / "spec.yaml")
    assert set(ref_chains.is_any) <= set(ref_chains.contains_any)
