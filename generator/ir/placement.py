"""Where the client puts an operation: the resource and the method name it asks for.

`x-resource` (split at dots) or the first tag (whole) names the resource; `x-method`, or
the operationId, the method. An operation with neither a tag nor an `x-resource` is placed
by its path (`path_names.py`), and without an `x-method` it is named by REST conventions.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..source.loader import Document
from ..source.resolve import Located
from .model import Operation
from .path_names import fallback_name, path_place
from .spec_nodes import str_value


@dataclass(frozen=True)
class Placed:
    """An operation and where the client puts it: its resource, as the spec names it from
    the client down (`x-resource` split at dots, the first tag whole, or the path's
    segments), and the method name it asks for (`x-method`, the operationId, or the REST
    name its path and HTTP method give)."""

    resource: tuple[str, ...]
    method: str
    operation: Operation
    doc: Document  # where the operation is written, for diagnostics about its names
    resource_at: str  # the pointer of its x-resource (or of the operation)
    method_at: str  # the pointer of its x-method (or of the operation)
    at: str = ""  # the operation's pointer in `doc`
    # a name by REST conventions: when several operations of a resource want it, the
    # lowest `rank` keeps it and the others take their `fallback`
    conventional: bool = False
    fallback: str = ""
    rank: tuple[int, int, str] = (0, 0, "")


def place(operation: Operation, op_loc: Located) -> Placed:
    op = op_loc.node
    tags = op.get("tags")
    tag = tags[0] if isinstance(tags, list) and tags else None
    named = str_value(op.get("x-resource"))
    method = str_value(op.get("x-method"))
    resource_at = op_loc.pointer + ("/x-resource" if named else "")
    method_at = op_loc.pointer + ("/x-method" if method else "")
    if named or tag is not None:
        return Placed(
            resource=tuple(named.split(".")) if named else (str(tag),),
            method=method or operation.operation_id,
            operation=operation,
            doc=op_loc.doc,
            resource_at=resource_at,
            method_at=method_at,
            at=op_loc.pointer,
        )
    where = path_place(operation.path, operation.http_method)
    return Placed(
        resource=where.resource,
        method=method or where.method,
        operation=operation,
        doc=op_loc.doc,
        resource_at=resource_at,
        method_at=method_at,
        at=op_loc.pointer,
        conventional=not method,
        fallback=fallback_name(operation.operation_id, where, operation.http_method),
        rank=where.rank,
    )
