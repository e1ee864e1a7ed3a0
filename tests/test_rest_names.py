"""Operations without tags (Stripe's spec has none) are grouped by path and named by REST
conventions (issue 14 item 3); names are stable when the spec gains operations.

tests/golden/rest_names pins the generated package; here, the rules and their stability.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from specgen.ir.path_names import fallback_name, path_place
from specgen.pipeline import build

GOLDEN = Path(__file__).resolve().parent / "golden" / "rest_names" / "spec.yaml"


@pytest.mark.parametrize(
    ("path", "method", "resource", "name"),
    [
        ("/v1/customers", "get", ("customers",), "list"),
        ("/v1/customers", "post", ("customers",), "create"),
        ("/v1/customers/{customer}", "get", ("customers",), "retrieve"),
        ("/v1/customers/{customer}", "post", ("customers",), "update"),
        ("/v1/customers/{customer}", "patch", ("customers",), "update"),
        ("/v1/customers/{customer}", "delete", ("customers",), "delete"),
        ("/v1/customers/search", "get", ("customers",), "search"),
        ("/v1/customers/{customer}/discount", "delete", ("customers",), "delete_discount"),
        ("/v1/customers/{customer}/cash_balance", "get", ("customers",),
         "retrieve_cash_balance"),
        ("/v1/customers/{customer}/sources/{id}", "get", ("customers", "sources"),
         "retrieve"),
        ("/v1/charges/{charge}/refunds", "get", ("charges", "refunds"), "list"),
        ("/v1/charges/{charge}/capture", "post", ("charges",), "capture"),
        ("/v1/balance", "get", ("balance",), "retrieve"),
        ("/v1/account", "post", ("account",), "update"),
        ("/v1/account/bank_accounts/{id}", "delete", ("account", "bank_accounts"),
         "delete"),
        ("/api/v2/test_helpers/terminal/readers/{reader}/present_payment_method", "post",
         ("test_helpers", "terminal", "readers"), "present_payment_method"),
        ("/{tenant}/users", "get", ("users",), "list"),
        ("/responses/compact?beta=true", "post", ("responses",), "compact"),
        ("/", "get", ("default",), "retrieve"),
        ("/statuses/{id}", "head", ("statuses",), "head"),
    ],
)  # fmt: skip
def test_path_place(
    path: str, method: str, resource: tuple[str, ...], name: str
) -> None:
    place = path_place(path, method)
    assert (place.resource, place.method) == (resource, name)


def test_fallback_drops_what_the_resource_says() -> None:
    place = path_place("/v1/account/bank_accounts/{id}", "patch")
    assert fallback_name("PatchAccountBankAccountsId", place, "PATCH") == "patch"
    place = path_place("/v1/customers/{customer}", "get")
    assert fallback_name("GetCustomerWithDetails", place, "GET") == "get_with_details"


def names_of(spec: dict[str, object], tmp_path: Path) -> dict[str, str]:
    """operationId -> `resource.method` as the client spells it."""
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), "utf-8")
    api = build(path).api
    return {
        op.operation_id: f"{resource.dotted_name}.{op.method_name}"
        for resource in api.resources
        for op in resource.operations
    }


def golden_spec() -> dict[str, object]:
    loaded = yaml.safe_load(GOLDEN.read_text("utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_the_golden_spec_reads_like_an_sdk(tmp_path: Path) -> None:
    names = names_of(golden_spec(), tmp_path)
    assert names == {
        "GetCustomers": "customers.list",
        "PostCustomers": "customers.create",
        "GetCustomersSearch": "customers.search",
        "GetCustomersCustomer": "customers.retrieve",
        "PostCustomersCustomer": "customers.update",
        "DeleteCustomersCustomer": "customers.delete",
        "DeleteCustomersCustomerDiscount": "customers.delete_discount",
        "GetCustomersCustomerSources": "customers.sources.list",
        "PostCustomersCustomerSources": "customers.sources.create",
        "GetCustomersCustomerSourcesId": "customers.sources.retrieve",
        "PostCustomersCustomerSourcesId": "customers.sources.update",
        "DeleteCustomersCustomerSourcesId": "customers.sources.delete",
        "PostCustomersCustomerSourcesIdVerify": "customers.sources.verify",
        "PostChargesChargeCapture": "charges.capture",
        "GetChargesChargeRefunds": "charges.refunds.list",
        "GetBalance": "balance.retrieve",
        "DeleteAccountBankAccountsId": "account.bank_accounts.delete",
        "PutAccountBankAccountsId": "account.bank_accounts.update",
        "PatchAccountBankAccountsId": "account.bank_accounts.patch",
    }


def test_a_clash_is_settled_with_a_located_warning(tmp_path: Path) -> None:
    result = build(GOLDEN)
    (warning,) = [w for w in result.warnings if w.code == "W104"]
    assert warning.pointer == "/paths/~1v1~1account~1bank_accounts~1{id}/patch"
    assert warning.line > 0 and "'update'" in warning.message


def test_new_operations_never_rename_the_old_ones(tmp_path: Path) -> None:
    """New paths, new methods on old paths, a new sub-resource, a new action and a new
    operation that wants a name an old one has (with a longer path): every old
    operation keeps its name, in any order of the paths."""
    spec = golden_spec()
    before = names_of(spec, tmp_path)
    paths = spec["paths"]
    assert isinstance(paths, dict)
    ok = {"200": {"description": "ok"}}
    param = {"name": "x", "in": "path", "required": True, "schema": {"type": "string"}}
    customer = {**param, "name": "customer"}
    added = {
        "/v1/customers/{customer}/tax_ids": {
            "parameters": [customer],
            "get": {"operationId": "GetTaxIds", "responses": ok},
            "post": {"operationId": "PostTaxIds", "responses": ok},
        },
        "/v1/customers/{customer}/sources/{id}/cancel": {
            "parameters": [customer, {**param, "name": "id"}],
            "post": {"operationId": "PostCancel", "responses": ok},
        },
        "/v1/customers/{customer}/{x}": {
            "parameters": [customer, param],
            "get": {"operationId": "GetCustomerField", "responses": ok},
        },
        "/v1/charges": {"get": {"operationId": "GetCharges", "responses": ok}},
    }
    paths["/v1/balance"]["post"] = {"operationId": "PostBalance", "responses": ok}
    grown = {**dict(reversed(list(added.items()))), **paths}
    after = names_of({**spec, "paths": grown}, tmp_path)
    assert {key: after[key] for key in before} == before
    assert after["GetTaxIds"] == "customers.tax_ids.list"
    assert after["PostCancel"] == "customers.sources.cancel"
    assert after["GetCharges"] == "charges.list"
    assert after["PostBalance"] == "balance.update"
    # wants `customers.retrieve`, which the shorter path keeps
    assert after["GetCustomerField"] == "customers.get_field"


def test_tagged_operations_keep_their_names(tmp_path: Path) -> None:
    """A tag (or x-resource) places an operation as before, named by its operationId; an
    `x-method` names an untagged one, which stays on its path's resource."""
    spec = golden_spec()
    paths = spec["paths"]
    assert isinstance(paths, dict)
    paths["/v1/customers"]["get"]["tags"] = ["Customers"]
    paths["/v1/customers"]["post"]["x-method"] = "make"
    names = names_of(spec, tmp_path)
    assert names["GetCustomers"] == "customers.get_customers"
    assert names["PostCustomers"] == "customers.make"
