"""Docs examples for a paginated method: every item across pages, and page by page, with
the sync and the async client (the README's and the operation pages' "Pagination")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Api, Operation, Resource

if TYPE_CHECKING:
    from .examples import ExampleBuilder


def pages_source(
    builder: ExampleBuilder, api: Api, resource: Resource, op: Operation
) -> str:
    call = builder.call(resource, op, "")
    call[0] = call[0].replace("response = ", "page = ", 1)
    lines = [
        f"from {api.package} import {api.client_name}",
        "",
        f"client = {api.client_name}()",
        *call,
        "for item in page:  # every item of every page, fetched as the loop gets there",
        "    print(item)",
        "",
        "# page by page",
        *call,
        "print(page.data)  # this page's items",
        "while page.has_next_page():",
        "    page = page.get_next_page()",
        "    print(page.data)",
    ]
    return "\n".join(lines)


def async_pages_source(
    builder: ExampleBuilder, api: Api, resource: Resource, op: Operation
) -> str:
    call = builder.call(resource, op, "        ")
    head = f"client.{resource.attr_name}.{op.method_name}("
    loop = [line for line in call]
    loop[0] = loop[0].replace("response = " + head, "async for item in " + head, 1)
    loop[-1] += ":"
    first = list(call)
    first[0] = first[0].replace("response = ", "page = await ", 1)
    lines = [
        "import asyncio",
        "",
        f"from {api.package} import {api.async_client_name}",
        "",
        "",
        "async def main() -> None:",
        f"    async with {api.async_client_name}() as client:",
        "        # no await: the call is iterated over every item of every page",
        *loop,
        "            print(item)",
        "        # awaited, it gives the first page",
        *first,
        "        async for each in page.iter_pages():",
        "            print(each.data)",
        "",
        "",
        "asyncio.run(main())",
    ]
    return "\n".join(lines)
