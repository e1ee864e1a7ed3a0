"""Formats the models parse, on the `formats` golden package against a loopback server:
`format: date-time` is a `datetime.datetime`, `date` a `datetime.date`, `uuid` a
`uuid.UUID` in responses; requests take the object or its string and send the string
(ISO 8601 with an offset), a string in another format, or a datetime without a timezone,
is refused before sending; a response value that is not in its format is kept as sent.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from loopback import Reply, ScriptedServer
from specgen_testlib import import_golden_package

ID = "0b1e7f0e-1c5e-4a3a-9c1d-2b3c4d5e6f70"
EVENT = {"id": ID, "created_at": "2024-03-01T10:00:00+02:00", "day": "2024-03-01"}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_golden_package("formats", tmp_path_factory.mktemp("formats"))


@pytest.fixture
def client(pkg: Any, server: ScriptedServer) -> Any:
    with pkg.Client(base_url=server.base_url, max_retries=0) as c:
        yield c


def test_responses_parse_into_datetime_date_and_uuid(
    client: Any, server: ScriptedServer
) -> None:
    server.default = Reply(body=[{**EVENT, "tags": [ID]}])
    (event,) = client.events.list()
    assert event.created_at == datetime.datetime(2024, 3, 1, 8, 0, tzinfo=datetime.UTC)
    assert event.created_at.utcoffset() == datetime.timedelta(hours=2)
    assert event.day == datetime.date(2024, 3, 1)
    assert event.id == uuid.UUID(ID) and event.tags == [uuid.UUID(ID)]


def test_a_malformed_response_value_is_kept_as_sent(
    client: Any, server: ScriptedServer
) -> None:
    server.default = Reply(body=[{"id": "not-a-uuid", "created_at": "yesterday"}])
    (event,) = client.events.list()
    assert (event.id, event.created_at) == ("not-a-uuid", "yesterday")


def test_requests_take_objects_or_strings_and_send_strings(
    client: Any, server: ScriptedServer
) -> None:
    server.default = Reply(body=[])
    client.events.list(
        since=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
        day=datetime.date(2024, 1, 2),
    )
    client.events.list(since="2024-01-01T00:00:00.5+01:00", day="2024-01-02")
    first, second = (parse_qsl(urlsplit(r.path).query) for r in server.requests[-2:])
    assert first == [("since", "2024-01-01T00:00:00Z"), ("day", "2024-01-02")]
    # a string is sent exactly as given
    assert second == [("since", "2024-01-01T00:00:00.5+01:00"), ("day", "2024-01-02")]
    server.default = Reply(body=EVENT)
    created = client.events.create(
        starts_at=datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.UTC),
        owner=uuid.UUID(int=5),
        reminders=[
            "2024-04-30T12:00:00Z",
            datetime.datetime(2024, 4, 30, 18, tzinfo=datetime.UTC),
        ],
        email="a@example.com",
        callback_url="https://example.com/hook",
    )
    assert isinstance(created.created_at, datetime.datetime)
    body = json.loads(server.requests[-1].body)
    assert body["owner"] == "00000000-0000-0000-0000-000000000005"
    assert datetime.datetime.fromisoformat(body["starts_at"]) == datetime.datetime(
        2024, 5, 1, 12, tzinfo=datetime.UTC
    )
    assert body["reminders"][0] == "2024-04-30T12:00:00Z"
    assert datetime.datetime.fromisoformat(body["reminders"][1]).tzinfo is not None


@pytest.mark.parametrize(
    "starts_at",
    ["2024-05-01 12:00", "May 1st", datetime.datetime(2024, 5, 1, 12)],
    ids=["no-T-no-offset", "prose", "naive-datetime"],
)
def test_a_value_not_in_its_format_is_refused_before_sending(
    pkg: Any, client: Any, server: ScriptedServer, starts_at: object
) -> None:
    before = len(server.requests)
    with pytest.raises(pkg.RequestValidationError) as info:
        client.events.create(
            starts_at=starts_at, email="a@example.com", callback_url="https://x"
        )
    assert "starts_at" in str(info.value)
    assert len(server.requests) == before
    with pytest.raises(pkg.RequestValidationError, match="day"):
        client.events.list(day="01/02/2024")


USAGE = """\
import datetime
import uuid

from golden_formats import Client

client = Client()
event = client.events.list(since="2024-01-01T00:00:00Z")[0]
reveal_type(event.created_at)
reveal_type(event.day)
reveal_type(event.id)
client.events.list(since=datetime.datetime.now(datetime.UTC))
client.events.create(
    starts_at="2024-01-01T00:00:00Z",
    email="a@example.com",
    callback_url="https://example.com",
    owner=uuid.uuid4(),
)
client.events.list(since=3)
"""


def test_mypy_strict_on_a_users_code(pkg: Any, tmp_path: Path) -> None:
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
    revealed = [
        line.split('Revealed type is "', 1)[1].rstrip('"')
        for line in result.stdout.splitlines()
        if "Revealed type is" in line
    ]
    assert revealed == ["datetime.datetime", "datetime.date | None", "uuid.UUID"]
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and errors[0].startswith("usage.py:18:"), result.stdout
