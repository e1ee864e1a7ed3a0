"""Defaults that read as if a person chose them (issue 14 item 5): the package name and
environment variables from `info.title`, and docs titles from the operationId, never
from a description."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from specgen.ir.naming import package_from_title
from specgen.pipeline import build, generate


@pytest.mark.parametrize(
    ("title", "package"),
    [
        ("OpenAI API", "openai"),
        ("Bookstore API", "bookstore"),
        ("OpenAI Images API", "openai_images"),
        ("GitHub v3 REST API", "github_v3_rest"),
        ("Twilio - Api", "twilio"),
        ("Swagger Petstore", "swagger_petstore"),
        ("my-service apis", "my_service"),
        ("API", "api"),
        ("3D Printing API", "x_3d_printing"),
        ("!!!", "api_client"),
    ],
)
def test_package_from_title(title: str, package: str) -> None:
    assert package_from_title(title) == package


def spec_text(title: str, extra: str = "", op: str = "") -> str:
    return (
        "openapi: 3.0.3\n"
        f"info:\n  title: {title}\n  version: '1'\n" + extra + "paths:\n"
        "  /chat/completions:\n"
        "    post:\n"
        "      operationId: createChatCompletion\n"
        "      tags: [Chat]\n" + op + "      responses:\n"
        "        '204': {description: ok}\n"
    )


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("title", "package", "key", "base"),
    [
        ("OpenAI API", "openai", "OPENAI_API_KEY", "OPENAI_BASE_URL"),
        ("Bookstore API", "bookstore", "BOOKSTORE_API_KEY", "BOOKSTORE_BASE_URL"),
    ],
)
def test_the_package_and_its_environment_variables(
    tmp_path: Path, title: str, package: str, key: str, base: str
) -> None:
    api = build(write(tmp_path, spec_text(title))).api
    assert (api.package, api.api_key_env, api.base_url_env) == (package, key, base)
    assert api.distribution == package


def test_x_client_and_package_still_decide(tmp_path: Path) -> None:
    spec = write(
        tmp_path, spec_text("OpenAI API", "x-client:\n  package: openai_client\n")
    )
    api = build(spec).api
    assert (api.package, api.api_key_env) == ("openai_client", "OPENAI_CLIENT_API_KEY")
    api = build(spec, package="house").api
    assert (api.package, api.api_key_env) == ("house", "HOUSE_API_KEY")


def page(tmp_path: Path, op: str) -> tuple[str, Any]:
    tree, result = generate(write(tmp_path, spec_text("Shop", op=op)))
    (operation,) = result.api.operations
    return tree.files["docs/operations/chat.create_chat_completion.md"], operation


def test_no_summary_titles_the_page_with_the_operation_id_in_words(
    tmp_path: Path,
) -> None:
    text, op = page(tmp_path, "      description: Creates a model response.\n")
    assert text.startswith("# Create chat completion\n")
    assert "Creates a model response." in text
    assert op.title == "Create chat completion"


def test_a_short_summary_is_the_title(tmp_path: Path) -> None:
    text, op = page(tmp_path, "      summary: Chat with a model\n")
    assert text.startswith("# Chat with a model\n")
    assert (op.title, op.summary) == ("Chat with a model", "Chat with a model")


def test_a_summary_of_paragraphs_is_prose_not_a_title(tmp_path: Path) -> None:
    """OpenAI's 2026 spec writes paragraphs in `summary`: they open the page's text,
    before the description."""
    op_text = (
        "      summary: |\n"
        "        **Starting a new project?** Try Responses.\n"
        "\n"
        "        Creates a model response for the given chat conversation.\n"
        "      description: More words.\n"
    )
    text, op = page(tmp_path, op_text)
    assert text.startswith("# Create chat completion\n")
    assert "**Starting a new project?** Try Responses." in text
    assert "More words." in text
    assert op.summary.startswith("**Starting a new project?**")
    assert op.description == "More words."
    assert text.index("Try Responses.") < text.index("More words.")


def test_acronyms_stay_upper_case(tmp_path: Path) -> None:
    from specgen.ir.spec_nodes import words_title

    assert words_title("getAPIKey") == "Get API key"
    assert words_title("list_models") == "List models"
    assert words_title("admin-api-keys-list") == "Admin api keys list"


def test_the_2026_chat_completions_page_has_a_title(openai_2026: Any) -> None:
    project = Path(openai_2026.__file__).resolve().parent.parent
    (chat,) = (project / "docs" / "operations").glob("*.create_chat_completion.md")
    first = chat.read_text("utf-8").splitlines()[0]
    assert first == "# Create chat completion"
    client = openai_2026.Client(api_key="k")
    # untagged operations of the 2026 spec are grouped by path, tagged ones as before
    assert callable(client.containers.list) and callable(client.containers.files.list)
    assert callable(client.chat.create_chat_completion)
