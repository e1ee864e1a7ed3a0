"""Wire styles, on a loopback server, with the golden package `wire_styles`: every
`style` / `explode` combination of the OpenAPI 3.1 style table (the version 3.1.1 prints,
percent-encoded as a URI carries it), `allowReserved`, JSON `content` parameters, RFC 3986
path segments, multipart and urlencoded bodies by their `encoding`, and a body that comes
as multipart (files) or as JSON (references), picked by what is passed.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from loopback import Reply, ScriptedServer, make_png, parse_multipart
from specgen_testlib import REPO, generate_package, import_golden_package

GOLDEN = REPO / "tests" / "golden"
EMPTY = Reply(status=204, body=b"")

STRING = "blue"
ARRAY = ["blue", "black", "brown"]
OBJECT = {"R": 100, "G": 200, "B": 150}


@pytest.fixture(scope="module")
def styles(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_golden_package("wire_styles", tmp_path_factory.mktemp("styles"))


@pytest.fixture
def client(styles: Any, server: ScriptedServer) -> Iterator[Any]:
    server.default = EMPTY
    with styles.Client(base_url=server.base_url, max_retries=0) as c:
        yield c


def raw_query(server: ScriptedServer) -> str:
    return urlsplit(server.requests[-1].path).query


# -- the style table ------------------------------------------------------------------------
# OpenAPI 3.1.1, "Style Examples": (style, explode) -> string, array, object, for a parameter
# named `color`; None where the table says n/a. Query rows drop the leading `?`.

QUERY_TABLE = {
    "form_exploded": (
        "color=blue",
        "color=blue&color=black&color=brown",
        "R=100&G=200&B=150",
    ),
    "form": ("color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"),
    "space": (
        None,
        "color=blue%20black%20brown",
        "color=R%20100%20G%20200%20B%20150",
    ),
    "pipe": (None, "color=blue%7Cblack%7Cbrown", "color=R%7C100%7CG%7C200%7CB%7C150"),
    "deep": (None, None, "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"),
}

PATH_TABLE = {
    "simple": ("blue", "blue,black,brown", "R,100,G,200,B,150"),
    "simple_exploded": ("blue", "blue,black,brown", "R=100,G=200,B=150"),
    "label": (".blue", ".blue,black,brown", ".R,100,G,200,B,150"),
    "label_exploded": (".blue", ".blue.black.brown", ".R=100.G=200.B=150"),
    "matrix": (";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"),
    "matrix_exploded": (
        ";color=blue",
        ";color=blue;color=black;color=brown",
        ";R=100;G=200;B=150",
    ),
}

HEADER_TABLE = {
    "X-Simple": ("blue", "blue,black,brown", "R,100,G,200,B,150"),
    "X-Exploded": ("blue", "blue,black,brown", "R=100,G=200,B=150"),
}

VALUES = {"string": STRING, "array": ARRAY, "object": OBJECT}
COLUMNS = list(VALUES)


@pytest.mark.parametrize(
    ("param", "column", "expected"),
    [
        (param, column, expected)
        for param, row in QUERY_TABLE.items()
        for column, expected in zip(COLUMNS, row, strict=True)
        if expected is not None
    ],
)
def test_query_styles_follow_the_style_table(
    client: Any, server: ScriptedServer, param: str, column: str, expected: str
) -> None:
    client.styles.query_styles(**{param: VALUES[column]})
    assert raw_query(server) == expected.replace("color", param)


def test_query_styles_outside_the_table_are_sent_as_form(
    client: Any, server: ScriptedServer
) -> None:
    # undefined by OpenAPI: a scalar in a delimited style, deepObject with an array
    client.styles.query_styles(space="blue", pipe="a|b")
    assert raw_query(server) == "space=blue&pipe=a%7Cb"
    client.styles.query_styles(deep={"a": {"b": 1, "c": ["x", "y"]}, "d": "é"})
    assert raw_query(server) == (
        "deep%5Ba%5D%5Bb%5D=1&deep%5Ba%5D%5Bc%5D%5B%5D=x&deep%5Ba%5D%5Bc%5D%5B%5D=y"
        "&deep%5Bd%5D=%C3%A9"
    )
    # nested deeper than a style can say: JSON text; an empty string is a value
    client.styles.query_styles(form_exploded="", form=["a,b", "c d"])
    assert raw_query(server) == "form_exploded=&form=a%2Cb,c%20d"
    client.styles.query_styles(form_exploded=[], deep={})
    assert raw_query(server) == ""


def test_allow_reserved_and_json_content_parameters(
    client: Any, server: ScriptedServer
) -> None:
    client.styles.query_styles(reserved="a/b:c?d@e!$'()*,;&f=g+h#i[j] k%2F")
    # reserved characters a query may hold stay; &=+#[] and space do not; %XX is kept
    assert (
        raw_query(server) == "reserved=a/b:c?d@e!$'()*,;%26f%3Dg%2Bh%23i%5Bj%5D%20k%2F"
    )
    client.styles.query_styles(filter={"a": [1, "x y"], "b": None})
    [(name, text)] = parse_qsl(raw_query(server))
    assert (name, json.loads(text)) == ("filter", {"a": [1, "x y"], "b": None})
    assert (
        raw_query(server)
        == "filter=%7B%22a%22%3A%5B1%2C%22x%20y%22%5D%2C%22b%22%3Anull%7D"
    )


@pytest.mark.parametrize("column", COLUMNS)
def test_path_styles_follow_the_style_table(
    client: Any, server: ScriptedServer, column: str
) -> None:
    value = VALUES[column]
    client.styles.path_styles(**{name: value for name in PATH_TABLE})
    segments = urlsplit(server.requests[-1].path).path.split("/")[2:]
    expected = [
        row[COLUMNS.index(column)].replace("color", name)
        for name, row in PATH_TABLE.items()
    ]
    assert segments == expected


def test_path_values_are_rfc_3986_segments(client: Any, server: ScriptedServer) -> None:
    names = list(PATH_TABLE)
    hard = "ft:a@b!$&'()*+,;=/?#%é ."
    client.styles.path_styles(**{name: hard for name in names})
    segments = urlsplit(server.requests[-1].path).path.split("/")[2:]
    # pchar stays; "/", "?", "#", "%", space and non-ASCII are encoded; in composite
    # styles the delimiters "," ";" "=" of the value are encoded too
    assert segments[0] == "ft:a@b!$&'()*+,;=%2F%3F%23%25%C3%A9%20."
    assert segments[2] == ".ft:a@b!$&'()*+,;=%2F%3F%23%25%C3%A9%20."
    assert segments[4] == ";matrix=ft:a@b!$&'()*+%2C%3B%3D%2F%3F%23%25%C3%A9%20."
    assert unquote(segments[0]) == hard
    # dot segments are encoded (they would be collapsed); empty values are refused
    client.styles.path_styles(**{name: ".." for name in names})
    assert urlsplit(server.requests[-1].path).path.split("/")[2:4] == ["%2E%2E"] * 2
    for empty in ("", [], {}):
        with pytest.raises(ValueError, match="must not be empty"):
            client.styles.path_styles(**{name: empty for name in names})


@pytest.mark.parametrize("column", COLUMNS)
def test_header_styles_follow_the_style_table(
    client: Any, server: ScriptedServer, column: str
) -> None:
    value = VALUES[column]
    client.styles.header_styles(x_simple=value, x_exploded=value)
    headers = server.requests[-1].headers
    for name, row in HEADER_TABLE.items():
        assert headers[name.lower()] == row[COLUMNS.index(column)]


def test_async_client_sends_the_same_styles(
    styles: Any, server: ScriptedServer
) -> None:
    server.default = EMPTY

    async def main() -> None:
        async with styles.AsyncClient(base_url=server.base_url, max_retries=0) as c:
            await c.styles.query_styles(deep=OBJECT, pipe=ARRAY)
            await c.styles.path_styles(**{name: OBJECT for name in PATH_TABLE})

    asyncio.run(main())
    query, path = server.requests
    assert urlsplit(query.path).query == (
        "pipe=blue%7Cblack%7Cbrown&deep%5BR%5D=100&deep%5BG%5D=200&deep%5BB%5D=150"
    )
    assert urlsplit(path.path).path.split("/")[2:] == [
        row[2].replace("color", name) for name, row in PATH_TABLE.items()
    ]


def test_extra_query_is_sent_like_the_sdk(client: Any, server: ScriptedServer) -> None:
    client.styles.query_styles(
        form=ARRAY, extra_query={"form": "x", "ids": [1, 2], "meta": {"k": "v"}}
    )
    # a key there replaces the parameter; lists repeat; a mapping is a deep object
    assert raw_query(server) == "form=x&ids=1&ids=2&meta%5Bk%5D=v"


# -- form bodies ----------------------------------------------------------------------------


def test_multipart_follows_its_encoding(client: Any, server: ScriptedServer) -> None:
    client.bodies.upload(
        doc=("report.bin", b"\x00 not sniffable"),
        meta={"author": "Ann"},
        tags=["a", "b"],
        ids=[1, 2, 3],
        filter={"x": "1", "y": "2"},
        note="# Notes",
    )
    request = server.requests[-1]
    parts = parse_multipart(request.headers["content-type"], request.body)
    got = [(p.name, p.filename, p.content_type, p.data) for p in parts]
    assert got == [
        ("tags", None, None, b"a"),  # an array: one part per item
        ("tags", None, None, b"b"),
        ("ids", None, None, b"1,2,3"),  # style form, explode false
        ("filter[x]", None, None, b"1"),  # style deepObject
        ("filter[y]", None, None, b"2"),
        ("meta", None, "application/json", b'{"author":"Ann"}'),  # an object: JSON
        ("note", None, "text/markdown", b"# Notes"),  # its contentType
        # a file of unknown type gets the encoding's contentType, and the fixed header
        ("doc", "report.bin", "application/pdf", b"\x00 not sniffable"),
    ]
    assert parts[-1].headers["x-doc-version"] == "2"
    assert "x-caller-chosen" not in parts[-1].headers
    # a file whose type is known keeps it
    client.bodies.upload(doc=("page.png", make_png(1, 1)))
    request = server.requests[-1]
    [doc] = parse_multipart(request.headers["content-type"], request.body)
    assert (doc.content_type, doc.headers["x-doc-version"]) == ("image/png", "2")


def test_urlencoded_fields_follow_their_styles(
    client: Any, server: ScriptedServer
) -> None:
    client.bodies.submit_form(colors=["r", "g"], point={"x": 1, "y": 2}, csv=["a", "b"])
    request = server.requests[-1]
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    # form, exploded: an array repeats, an object's properties are fields; csv is joined
    assert parse_qsl(request.body.decode()) == [
        ("colors", "r"),
        ("colors", "g"),
        ("x", "1"),
        ("y", "2"),
        ("csv", "a,b"),
    ]


# -- one body, several media types ----------------------------------------------------------


@pytest.fixture
def png() -> bytes:
    return make_png(2, 2)


def test_files_send_the_multipart_form(
    client: Any, server: ScriptedServer, png: bytes
) -> None:
    server.queue(Reply(body={"form": "multipart"}), Reply(body={}))
    client.bodies.create_edit(image=("a.png", png), prompt="hi", size="256x256")
    request = server.requests[-1]
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    parts = parse_multipart(request.headers["content-type"], request.body)
    assert [(p.name, p.filename, p.data) for p in parts] == [
        ("prompt", None, b"hi"),
        ("size", None, b"256x256"),
        ("image", "a.png", png),
    ]
    client.bodies.create_edit(image=[png, png], mask=png, prompt="two")
    request = server.requests[-1]
    names = [
        p.name for p in parse_multipart(request.headers["content-type"], request.body)
    ]
    assert names == ["prompt", "image", "image", "mask"]


def test_references_send_the_json_form(client: Any, server: ScriptedServer) -> None:
    server.queue(Reply(body={"form": "json"}))
    result = client.bodies.create_edit(
        images=[{"image_url": "https://example.com/a.png"}],
        mask={"file_id": "file-1"},
        prompt="hi",
        size="1024x1024",
    )
    assert result.form == "json"
    request = server.requests[-1]
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.body) == {
        "images": [{"image_url": "https://example.com/a.png"}],
        "mask": {"file_id": "file-1"},
        "prompt": "hi",
        "size": "1024x1024",
    }


@pytest.mark.parametrize(
    ("arguments", "problems"),
    [
        # a file picks multipart, which has no `images`
        (
            {"mask": b"png", "images": [{"file_id": "f"}], "prompt": "p"},
            [
                "images: is not a field of the multipart/form-data body (a file was "
                "passed); it is sent only with application/json",
                "image: is required",
            ],
        ),
        # `image` only multipart has: multipart, whose file rule refuses a string
        ({"image": "https://x/a.png", "prompt": "p"}, ["image: must be a file"]),
        # no file, fields both forms have: JSON, which requires `images`
        ({"prompt": "p"}, ["images"]),
        # each form checks its own enum: 1024x1024 is JSON's, not multipart's
        ({"image": b"png", "prompt": "p", "size": "1024x1024"}, ["size"]),
        ({"images": [{"file_id": "f"}], "prompt": "p", "size": "256x256"}, ["size"]),
    ],
)
def test_each_form_is_checked_against_its_own_schema(
    client: Any,
    server: ScriptedServer,
    styles: Any,
    arguments: dict[str, Any],
    problems: list[str],
) -> None:
    with pytest.raises(styles.RequestValidationError) as caught:
        client.bodies.create_edit(**arguments)
    text = str(caught.value)
    for problem in problems:
        assert problem in text, text
    assert not server.requests


def test_async_client_picks_the_form_too(
    styles: Any, server: ScriptedServer, png: bytes
) -> None:
    server.queue(Reply(body={}), Reply(body={}))

    async def main() -> None:
        async with styles.AsyncClient(base_url=server.base_url, max_retries=0) as c:
            await c.bodies.create_edit(image=png, prompt="p")
            await c.bodies.create_edit(images=[{"file_id": "f"}], prompt="p")

    asyncio.run(main())
    first, second = server.requests
    assert first.headers["content-type"].startswith("multipart/form-data")
    assert second.headers["content-type"] == "application/json"


def test_the_docs_page_shows_every_form(styles: Any) -> None:
    page = (
        GOLDEN / "wire_styles/expected/docs/operations/bodies.create_edit.md"
    ).read_text("utf-8")
    assert "### `multipart/form-data`" in page and "### `application/json`" in page
    assert "the form a file is passed for" in page


USER_CODE = """\
from pathlib import Path

from golden_wire_styles import Client
from golden_wire_styles.models import ImageRef

client = Client()
client.bodies.create_edit(image=Path("a.png"), prompt="files", size="256x256")
client.bodies.create_edit(image=[b"png", open("b.png", "rb")], mask=b"m", prompt="p")
client.bodies.create_edit(images=[ImageRef(file_id="f")], mask=ImageRef(), prompt="p")
client.bodies.create_edit(images=[ImageRef(image_url="u")], prompt="p", size="1024x1024")
"""

WRONG_USER_CODE = """\
from golden_wire_styles import Client
from golden_wire_styles.models import ImageRef

client = Client()
client.bodies.create_edit(image="a.png", prompt="a string is not a file")
client.bodies.create_edit(images=[ImageRef()], prompt="p", size="999x999")
"""


def test_every_form_type_checks_in_one_signature(tmp_path: Path) -> None:
    """One method takes both forms' fields: mypy --strict accepts each form's call and
    flags what neither form allows (a str for a file, a size no form lists)."""
    package = generate_package(GOLDEN / "wire_styles" / "spec.yaml", tmp_path)
    assert package == "golden_wire_styles"
    (tmp_path / "good.py").write_text(USER_CODE, "utf-8")
    (tmp_path / "bad.py").write_text(WRONG_USER_CODE, "utf-8")

    def mypy(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", name],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=600,
        )

    good = mypy("good.py")
    assert good.returncode == 0, good.stdout + good.stderr
    bad = mypy("bad.py")
    flagged = [
        (int(line.split(":")[1]), line.split('"')[1])
        for line in bad.stdout.splitlines()
        if ": error:" in line
    ]
    assert flagged == [(5, "image"), (6, "size")], bad.stdout
