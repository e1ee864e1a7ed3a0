"""Valid documents at the edges of what an API can be, each of which must generate a
package that compiles and imports (tests/test_robustness.py)."""

from __future__ import annotations

HEAD_30 = 'openapi: 3.0.3\ninfo: {title: Edge, version: "1"}\n'
HEAD_31 = 'openapi: 3.1.0\ninfo: {title: Edge, version: "1"}\n'
OK = "      responses:\n        '200': {description: ok}\n"

EDGE_SPECS: dict[str, str] = {
    "no_operations": HEAD_30 + "paths: {}\n",
    "no_schemas": HEAD_30
    + "paths:\n  /ping:\n    get:\n      operationId: ping\n"
    + OK,
    "only_webhooks": HEAD_31
    + "webhooks:\n  newThing:\n    post:\n      requestBody:\n        content:\n"
    + "          application/json:\n            schema: {type: object}\n"
    + OK,
    "only_components": HEAD_31
    + "components:\n  schemas:\n    Thing: {type: object, properties: {a: {type: string}}}\n",
    "bare_operation": HEAD_30 + "paths:\n  /x:\n    post:\n" + OK,
    "schema_without_properties": HEAD_30
    + "paths:\n  /x:\n    post:\n      operationId: send\n      requestBody:\n"
    + "        content:\n          application/json:\n"
    + "            schema: {$ref: '#/components/schemas/Empty'}\n"
    + "      responses:\n        '200':\n          description: ok\n"
    + "          content:\n            application/json:\n"
    + "              schema: {$ref: '#/components/schemas/Empty'}\n"
    + "components:\n  schemas:\n    Empty: {type: object}\n    Nothing: {}\n",
    "punctuation_names": 'openapi: 3.0.3\ninfo: {title: "!!!", version: "1"}\n'
    + "tags: [{name: '???'}]\n"
    + "paths:\n  /!!!/{...}:\n    parameters:\n"
    + "      - {name: '...', in: path, required: true, schema: {type: string}}\n"
    + "      - {name: '@@', in: query, schema: {type: string}}\n"
    + "      - {name: '--', in: header, schema: {type: string}}\n"
    + "    put:\n      operationId: '!!!'\n      tags: ['???']\n"
    + "      requestBody:\n        content:\n          application/json:\n"
    + "            schema: {$ref: '#/components/schemas/...'}\n"
    + "      responses:\n        '200':\n          description: ok\n"
    + "          content:\n            application/json:\n"
    + "              schema: {$ref: '#/components/schemas/-'}\n"
    + "components:\n  schemas:\n"
    + "    '...': {type: object, properties: {'!!!': {type: string}, '@': {type: integer},"
    + " '': {type: boolean}}}\n"
    + "    '-': {type: string, enum: ['!', '?', '']}\n"
    + "    '_': {type: array, items: {$ref: '#/components/schemas/...'}}\n",
    "stdlib_package_name": 'openapi: 3.0.3\ninfo: {title: json, version: "1"}\n'
    + "paths:\n  /x:\n    get:\n      operationId: get\n"
    + OK,
}
