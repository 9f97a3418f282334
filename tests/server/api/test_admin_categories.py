"""Administering the kiosk's menu categories, and which category each service is in."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from server.db.models import Event
from tests.helpers import token_headers

API = "/api/v1/admin"


@pytest.fixture
def admin(container):  # type: ignore[no-untyped-def]
    return token_headers(container, "admin")


def config_events(container) -> list[dict]:  # type: ignore[no-untyped-def]
    with container.db.read() as session:
        rows = session.scalars(select(Event).where(Event.type == "config.changed").order_by(Event.seq))
        return [{k: v for k, v in e.payload.items() if k != "actor"} for e in rows]


def menu_categories(client) -> list[str]:  # type: ignore[no-untyped-def]
    return [category["code"] for category in client.get("/api/v1/branches/demo/services").json()["categories"]]


def test_a_category_is_created_ordered_renamed_and_announced(client, admin, container):
    created = client.post(
        f"{API}/branches/demo/categories",
        json={"code": "foreign", "name_zh": "外币业务", "name_en": "Foreign currency", "sort_order": 0},
        headers=admin,
    )
    assert created.status_code == 201, created.text
    category = created.json()
    assert category == {"id": category["id"], "branch": "demo", "code": "foreign", "name_zh": "外币业务",
                        "name_en": "Foreign currency", "sort_order": 0}
    assert menu_categories(client) == ["cash", "foreign", "accounts", "wealth", "corporate"]  # ties: oldest first
    moved = client.patch(f"{API}/categories/{category['id']}", json={"sort_order": 9}, headers=admin)
    assert moved.status_code == 200 and moved.json()["sort_order"] == 9
    assert menu_categories(client) == ["cash", "accounts", "wealth", "corporate", "foreign"]
    assert config_events(container) == [
        {"entity": "category", "action": "created", "id": category["id"], "code": "foreign"},
        {"entity": "category", "action": "updated", "id": category["id"], "code": "foreign", "fields": ["sort_order"]},
    ]
    listed = client.get(f"{API}/branches/demo/categories", headers=admin).json()["categories"]
    assert [c["code"] for c in listed] == ["cash", "accounts", "wealth", "corporate", "foreign"]


def test_a_service_joins_and_leaves_a_category_by_its_code(client, admin, container):
    fx = client.patch(f"{API}/services/6", json={"category": "accounts"}, headers=admin)
    assert fx.status_code == 200, fx.text
    assert fx.json()["category"] == "accounts"
    assert config_events(container)[-1]["fields"] == ["category"]
    assert client.patch(f"{API}/services/6", json={"category": None}, headers=admin).json()["category"] is None
    unknown = client.patch(f"{API}/services/6", json={"category": "nope"}, headers=admin)
    assert (unknown.status_code, unknown.json()["code"], unknown.json()["field"]) == (
        422, "admin.category_unknown", "category"
    )
    made = client.post(
        f"{API}/branches/demo/services",
        json={"code": "gold", "name_zh": "贵金属", "name_en": "Precious metals", "prefix": "G", "category": "wealth"},
        headers=admin,
    )
    assert made.status_code == 201 and made.json()["category"] == "wealth"


def test_deleting_a_category_keeps_its_services_on_the_menu(client, admin):
    categories = client.get(f"{API}/branches/demo/categories", headers=admin).json()["categories"]
    wealth = next(c for c in categories if c["code"] == "wealth")
    assert client.delete(f"{API}/categories/{wealth['id']}", headers=admin).status_code == 200
    services = {s["code"]: s["category"] for s in client.get("/api/v1/branches/demo/services").json()["services"]}
    assert services["wealth"] is None and services["loans"] is None and services["cash"] == "cash"


def test_category_codes_are_unique_per_branch(client, admin):
    again = client.post(f"{API}/branches/demo/categories", json={"code": "cash", "name_zh": "现金", "name_en": "Cash"},
                        headers=admin)
    assert (again.status_code, again.json()["code"]) == (409, "admin.category_code_taken")
    other = client.post(f"{API}/branches/demo2/categories", json={"code": "vip", "name_zh": "贵宾", "name_en": "VIP"},
                        headers=admin)
    assert other.status_code == 201
