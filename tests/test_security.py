"""Security schemes on the `security` golden package against a loopback server.

Twilio-style HTTP basic as the API's default, an API key in a header, a query parameter and
a cookie, a bearer token and an OAuth 2 token, each sent only with the operations whose
`security` asks for it: `security: []` sends nothing, alternatives send the first one the
client has, an AND-requirement sends all of its schemes, and a call whose credentials are
missing is refused before anything is sent. Also the OpenAI spec's two bearer schemes.
"""

from __future__ import annotations

import asyncio
import base64
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml
from loopback import Reply, ScriptedServer
from specgen_testlib import corpus_spec, import_golden_package

from specgen.pipeline import build

SPEC = Path(__file__).resolve().parent / "golden" / "security" / "spec.yaml"
ENVS = (
    "VAULT_USERNAME",
    "VAULT_PASSWORD",
    "VAULT_HEADER_KEY",
    "VAULT_QUERY_KEY",
    "VAULT_SESSION_COOKIE",
    "VAULT_ADMIN_BEARER_TOKEN",
    "VAULT_OAUTH_TOKEN",
)
SECRETS = {
    "username": "AC0123",
    "password": "auth-token-SECRET",
    "header_key": "hk-SECRET",
    "query_key": "qk-SECRET",
    "session_cookie": "sess-SECRET",
    "admin_bearer_token": "admin-SECRET",
    "oauth_token": "oauth-SECRET",
}
BASIC = "Basic " + base64.b64encode(b"AC0123:auth-token-SECRET").decode()


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_golden_package("security", tmp_path_factory.mktemp("security"))


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENVS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server_ok(server: ScriptedServer) -> ScriptedServer:
    server.default = Reply(body={"ok": True})
    return server


def make(pkg: Any, server: ScriptedServer, **credentials: str) -> Any:
    return pkg.Vault(base_url=server.base_url, max_retries=0, **credentials)


def sent(server: ScriptedServer) -> tuple[dict[str, str], list[tuple[str, str]]]:
    request = server.requests[-1]
    headers = {k.lower(): v for k, v in request.headers.items()}
    return headers, parse_qsl(urlsplit(request.path).query)


CREDENTIAL_HEADERS = ("authorization", "x-api-key", "cookie")


def test_basic_auth_from_arguments_and_from_the_environment(
    pkg: Any, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.default = Reply(body=[{"sid": "AC0123"}])
    with make(pkg, server, username="AC0123", password="auth-token-SECRET") as client:
        accounts = client.accounts.list_accounts()
    assert accounts[0].sid == "AC0123"
    headers, query = sent(server)
    assert headers["authorization"] == BASIC
    assert "x-api-key" not in headers and query == []
    monkeypatch.setenv("VAULT_USERNAME", "AC0123")
    monkeypatch.setenv("VAULT_PASSWORD", "auth-token-SECRET")
    with make(pkg, server) as client:
        assert (client.username, client.password) == ("AC0123", "auth-token-SECRET")
        client.accounts.list_accounts()
    assert sent(server)[0]["authorization"] == BASIC


def test_a_public_operation_sends_no_credentials(
    pkg: Any, server_ok: ScriptedServer
) -> None:
    with make(pkg, server_ok, **SECRETS) as client:
        assert client.public.get_status().ok is True
    headers, query = sent(server_ok)
    assert not [h for h in CREDENTIAL_HEADERS if h in headers], headers
    assert query == []
    with make(pkg, server_ok) as anonymous:  # needs none to be built, nor to call it
        anonymous.public.get_status()


def test_api_key_in_the_query_and_in_a_header(
    pkg: Any, server_ok: ScriptedServer
) -> None:
    with make(pkg, server_ok, **SECRETS) as client:
        client.keys.search(q="otters")
        headers, query = sent(server_ok)
        assert query == [("q", "otters"), ("api_key", "qk-SECRET")] or query == [
            ("api_key", "qk-SECRET"),
            ("q", "otters"),
        ]
        assert not [h for h in CREDENTIAL_HEADERS if h in headers], headers
        client.keys.list_reports()  # the header key: the first alternative
        headers, query = sent(server_ok)
        assert headers["x-api-key"] == "hk-SECRET" and "authorization" not in headers


def test_alternatives_send_the_first_configured_one(
    pkg: Any, server_ok: ScriptedServer
) -> None:
    with make(pkg, server_ok, username="AC0123", password="auth-token-SECRET") as c:
        c.keys.list_reports()  # no header key: basic, the second alternative
    headers, _ = sent(server_ok)
    assert headers["authorization"] == BASIC and "x-api-key" not in headers
    before = len(server_ok.requests)
    with make(pkg, server_ok, query_key="qk") as client:
        with pytest.raises(pkg.ConfigurationError) as info:
            client.keys.list_reports()
    assert len(server_ok.requests) == before  # refused, nothing sent
    message = str(info.value)
    assert "GET /reports" in message and "header_key" in message
    assert "VAULT_HEADER_KEY" in message and "username and password" in message


def test_a_requirement_of_several_schemes_sends_them_all(
    pkg: Any, server_ok: ScriptedServer
) -> None:
    with make(
        pkg, server_ok, session_cookie="sess-SECRET", header_key="hk-SECRET"
    ) as client:
        client.keys.get_session()
    headers, _ = sent(server_ok)
    assert headers["cookie"] == "session=sess-SECRET"
    assert headers["x-api-key"] == "hk-SECRET"
    with make(pkg, server_ok, header_key="hk-SECRET") as client:
        with pytest.raises(pkg.ConfigurationError, match="session_cookie"):
            client.keys.get_session()


def test_bearer_and_oauth_tokens(pkg: Any, server_ok: ScriptedServer) -> None:
    with make(pkg, server_ok, **SECRETS) as client:
        client.admin.get_admin()
        assert sent(server_ok)[0]["authorization"] == "Bearer admin-SECRET"
        client.admin.get_me()
        assert sent(server_ok)[0]["authorization"] == "Bearer oauth-SECRET"
        copy = client.with_options(oauth_token="fresh")
        copy.admin.get_me()
        assert sent(server_ok)[0]["authorization"] == "Bearer fresh"
        server_ok.default = Reply(body=[])
        copy.accounts.list_accounts()  # the rest is copied
        assert sent(server_ok)[0]["authorization"] == BASIC


def test_the_async_client_sends_the_same(pkg: Any, server_ok: ScriptedServer) -> None:
    async def main() -> None:
        async with pkg.AsyncVault(
            base_url=server_ok.base_url, max_retries=0, **SECRETS
        ) as client:
            await client.keys.get_session()
            await client.public.get_status()

    asyncio.run(main())
    session, public = (
        {k.lower(): v for k, v in r.headers.items()} for r in server_ok.requests[-2:]
    )
    assert session["cookie"] == "session=sess-SECRET"
    assert "cookie" not in public and "authorization" not in public


def test_misconfigured_credentials_are_refused_without_echoing_them(pkg: Any) -> None:
    with pytest.raises(pkg.ConfigurationError, match="username is set but password"):
        pkg.Vault(username="AC0123")
    with pytest.raises(pkg.ConfigurationError, match="header_key must be") as info:
        pkg.Vault(header_key="bad\r\nSECRET")
    assert "SECRET" not in str(info.value)
    client = pkg.Vault(**SECRETS)
    assert "SECRET" not in repr(client) + repr(client._http) + repr(vars(client._http))


def test_the_generator_warns_about_oauth_and_what_it_cannot_send(
    tmp_path: Path,
) -> None:
    warnings = {(d.code, d.pointer) for d in build(SPEC).warnings}
    assert warnings == {("W120", "/components/securitySchemes/oauth/type")}
    spec = tmp_path / "odd.yaml"
    # mutualTLS is OpenAPI 3.1's (3.0's schema refuses it), and takes no `flows`
    odd = yaml.safe_load(
        SPEC.read_text()
        .replace("type: oauth2", "type: mutualTLS")
        .replace("- adminBearer: []", "- adminBearr: []")
        .replace("scheme: bearer", "scheme: digest")
    )
    odd["openapi"] = "3.1.0"
    del odd["components"]["securitySchemes"]["oauth"]["flows"]
    spec.write_text(yaml.safe_dump(odd, sort_keys=False))
    codes = sorted((d.code, d.pointer) for d in build(spec).warnings)
    assert codes == [
        ("W121", "/components/securitySchemes/adminBearer/scheme"),
        ("W121", "/components/securitySchemes/oauth/type"),
        ("W122", "/paths/~1admin/get/security/0/adminBearr"),
    ]


def test_openai_keeps_api_key_and_gets_admin_api_key() -> None:
    """The 2026 spec: `ApiKeyAuth` by default (required, as the official SDK asks for it
    when the client is built), `AdminApiKeyAuth` on the admin operations."""
    api = build(corpus_spec("openai-2026-08-21.yaml")).api
    assert [(s.key, s.arguments, s.envs, s.required) for s in api.security_schemes] == [
        ("ApiKeyAuth", ("api_key",), (api.api_key_env,), True),
        (
            "AdminApiKeyAuth",
            ("admin_api_key",),
            (api.api_key_env[:-7] + "ADMIN_API_KEY",),
            False,
        ),
    ]
    admin = [op for op in api.operations if op.own_security]
    assert len(admin) == 119
    assert {op.security_expr for op in admin} == {'(("AdminApiKeyAuth",),)'}


USAGE = """\
from golden_security import Vault

client = Vault(username="AC0123", password="token")
reveal_type(client.username)
reveal_type(client.with_options(oauth_token="t").oauth_token)
Vault(api_key="k")
"""


def test_mypy_strict_sees_the_credential_arguments(pkg: Any, tmp_path: Path) -> None:
    (tmp_path / "usage.py").write_text(USAGE)
    folder = Path(pkg.__file__).parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "usage.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": str(folder)},
        timeout=600,
    )
    lines = result.stdout.splitlines()
    assert 'usage.py:4: note: Revealed type is "str | None"' in lines
    assert 'usage.py:5: note: Revealed type is "str | None"' in lines
    errors = [line for line in lines if ": error:" in line]
    assert len(errors) == 1 and "api_key" in errors[0], result.stdout
