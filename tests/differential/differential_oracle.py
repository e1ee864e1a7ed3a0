"""Both generators, run once per spec, and the pairing of their classes per component schema.

Oracle: datamodel-code-generator (dcg), through its Python API
(`datamodel_code_generator.generate`; its output is byte-identical to the `datamodel-codegen`
command with the same options, and it has none of the import-time side effects of the CLI
module, which installs a SIGINT handler). The options, as command-line flags, and why:

    --input-file-type openapi --output-model-type pydantic_v2.BaseModel
    --target-python-version 3.11
    --use-annotated --field-constraints
        constraints become `Field(...)` metadata on the real type (as specgen does), not
        con* types; the same pydantic checks on both sides.
    --use-standard-collections --use-union-operator
        spelling only (list[...], A | B).
    --strict-nullable
        `nullable` alone decides whether null is allowed and `required` alone whether the
        key may be omitted (without it dcg makes every optional field nullable).
    --use-missing-sentinel
        an omitted optional field is pydantic's MISSING, not None, so an explicit null on an
        optional, non-nullable field is rejected, as JSON Schema says. Without it dcg writes
        `X | None = None`: every such field would need a disagreement rule ("dcg accepts
        null, we reject"), and that rule would hide any null bug on our side.
    --enum-field-as-literal all
        enums as Literal[...] (value membership, like JSON Schema's `enum`) rather than Enum
        classes, whose lax coercions differ.
    --collapse-root-models
        root models of inline schemas are folded into the fields that use them.
    --generate-schema-validators
        dcg's model validators for what a type cannot say: uniqueItems, and `required`
        names that `properties` does not declare.
    --formatters builtin --disable-timestamp
        speed and reproducibility only.
    --emit-model-metadata <file>
        a JSON map from each generated class to the JSON pointer of its schema: that is how
        a component schema `#/components/schemas/X` is matched to dcg's class. dcg renames on
        collisions (`Foo-Bar`/`FooBar`/`foo_bar` become FooBar/FooBar1/FooBar2, `Field`
        becomes FieldModel, `BaseModel` BaseModelModel), so names are never guessed.

dcg's models keep pydantic's default `extra="ignore"` (unknown keys accepted and dropped)
except where additionalProperties is false (`extra="forbid"`); for accept/reject that is
the same as specgen's `extra="allow"`. Requires a dcg with these options (0.89 is used).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import re
import sys
import types
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from differential_schema import Docs, Node
from pydantic import BaseModel, RootModel

from specgen.pipeline import generate
from specgen.write.writer import write_tree


def dcg_options() -> dict[str, Any]:
    """The options above as keyword arguments of `datamodel_code_generator.generate`."""
    from datamodel_code_generator import (
        DataModelType,
        InputFileType,
        LiteralType,
        PythonVersion,
    )
    from datamodel_code_generator.format import Formatter

    return {
        "input_file_type": InputFileType.OpenAPI,
        "output_model_type": DataModelType.PydanticV2BaseModel,
        "target_python_version": PythonVersion.PY_311,
        "use_annotated": True,
        "field_constraints": True,
        "use_standard_collections": True,
        "use_union_operator": True,
        "strict_nullable": True,
        "use_missing_sentinel": True,
        "enum_field_as_literal": LiteralType.All,
        "collapse_root_models": True,
        "generate_schema_validators": True,
        "formatters": [Formatter.BUILTIN],
        "disable_timestamp": True,
    }


def run_dcg(
    spec: Path, out_dir: Path, module_name: str
) -> tuple[types.ModuleType, list[dict[str, Any]]]:
    """Generate dcg's models for `spec` into out_dir, import them; return (module, metadata)."""
    from datamodel_code_generator import generate as dcg_generate

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{module_name}.py"
    metadata = out_dir / f"{module_name}.metadata.json"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dcg's FutureWarnings about its own defaults
        dcg_generate(spec, output=target, emit_model_metadata=metadata, **dcg_options())
    module = _import_file(target, module_name)
    models = json.loads(metadata.read_text("utf-8"))["models"]
    return module, models


def run_specgen(
    spec: Path, out_dir: Path, package: str
) -> tuple[types.ModuleType, Any]:
    """Generate our package for `spec` into out_dir, import its models; return (module, api)."""
    tree, result = generate(spec, package=package)
    write_tree(tree, out_dir)
    if str(out_dir) not in sys.path:
        sys.path.insert(0, str(out_dir))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        module = importlib.import_module(f"{package}.models")
    return module, result.api


def _import_file(path: Path, name: str) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = (
        module  # pydantic resolves forward references through sys.modules
    )
    with warnings.catch_warnings():
        warnings.simplefilter(
            "ignore"
        )  # e.g. a field named model_dump shadows a namespace
        spec.loader.exec_module(module)
    return module


def python_name(text: str) -> str:
    return re.sub(r"\W", "_", text).strip("_").lower() or "spec"


# -- pairing ---------------------------------------------------------------------------------


@dataclass
class Pair:
    """One component object schema and the class each generator made for it."""

    name: str  # the key under components/schemas
    node: Node
    ours: type[BaseModel]
    theirs: type[BaseModel]
    ours_name: str
    theirs_name: str
    note: str = ""


@dataclass
class Pairing:
    pairs: list[Pair] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # schema name -> reason


def _pointer(name: str) -> str:
    return "/components/schemas/" + name.replace("~", "~0").replace("/", "~1")


def pair_models(
    docs: Docs,
    ours_module: types.ModuleType,
    api: Any,
    theirs_module: types.ModuleType,
    metadata: list[dict[str, Any]],
) -> Pairing:
    pairing = Pairing()
    ours_by_source: dict[str, Any] = {}
    ambiguous: set[str] = set()
    for model in api.models:  # inline models of other files can share a pointer
        if model.source in ours_by_source:
            ambiguous.add(model.source)
        ours_by_source[model.source] = model
    aliases_by_source = {a.source: a for a in api.aliases}
    models_by_name = {m.name: m for m in api.models}
    aliases_by_name = {a.name: a for a in api.aliases}
    spec_file = docs.root.name
    theirs_by_path: dict[str, list[dict[str, Any]]] = {}
    for entry in metadata:
        ref = str(entry.get("source_ref", ""))
        file_part, _, pointer = ref.partition("#")
        if Path(file_part).name == spec_file:
            theirs_by_path.setdefault(pointer, []).append(entry)

    for name, node in docs.component_schemas().items():
        pointer = _pointer(name)
        note = ""
        if pointer in ambiguous:
            pairing.skipped[name] = (
                f"no unambiguous specgen model (several have source {pointer})"
            )
            continue
        ours_model = ours_by_source.get(pointer)
        if ours_model is None:
            # A component that is only a $ref to an object schema (AliasA -> AliasB -> Target):
            # our alias names the model; follow the chain.
            alias = aliases_by_source.get(pointer)
            seen: set[str] = set()
            while (
                alias is not None
                and alias.type.kind == "named"
                and alias.name not in seen
            ):
                seen.add(alias.name)
                target = alias.type.name
                ours_model = models_by_name.get(target)
                alias = aliases_by_name.get(target) if ours_model is None else None
            if ours_model is None:
                pairing.skipped[name] = (
                    "not an object schema (specgen made an alias, not a model)"
                )
                continue
            note = f"via alias chain to {ours_model.name}"
        entries = theirs_by_path.get(pointer, [])
        if len(entries) != 1:
            why = "no class" if not entries else f"{len(entries)} classes"
            pairing.skipped[name] = (
                f"no unambiguous dcg counterpart ({why} for {pointer})"
            )
            continue
        theirs_name = str(entries[0]["class_name"])
        theirs_cls = getattr(theirs_module, theirs_name, None)
        ours_cls = getattr(ours_module, ours_model.name, None)
        if not (isinstance(theirs_cls, type) and issubclass(theirs_cls, BaseModel)):
            pairing.skipped[name] = f"dcg's {theirs_name} is not a pydantic model class"
            continue
        if not (isinstance(ours_cls, type) and issubclass(ours_cls, BaseModel)):
            pairing.skipped[name] = (
                f"specgen's {ours_model.name} is missing from models.py"
            )
            continue
        if issubclass(theirs_cls, RootModel):
            note = (note + "; " if note else "") + f"dcg root model {theirs_name}"
        pairing.pairs.append(
            Pair(name, node, ours_cls, theirs_cls, ours_model.name, theirs_name, note)
        )
    return pairing
