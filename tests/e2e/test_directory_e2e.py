"""The directory over HTTP: filters, pagination, public fields only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from tests.support.bodies import PUBLIC_MENTOR_FIELDS, mentor_body
from tests.support.clients import Client


def search(client: Client, **query: str) -> list[dict[str, object]]:
    answer = client.call("GET", "/mentors?" + urlencode(query))
    assert answer.status == 200, answer.text
    items: list[dict[str, object]] = answer.body["items"]
    return items


def test_seeded_mentors_are_listed_with_public_fields_only(demo_mentee: Client) -> None:
    mentors: list[dict[str, object]] = []
    query = {"limit": "50"}
    while True:  # other tests add mentors to this stack: read every page
        page = demo_mentee.call("GET", "/mentors?" + urlencode(query)).body
        mentors += page["items"]
        if page["next_cursor"] is None:
            break
        query["cursor"] = page["next_cursor"]
    names = [m["name"] for m in mentors]
    assert {"Dr Amara Okafor", "Dr Rahul Mehta", "Dr Layla Haddad", "Dr Omar Farouk"} <= set(names)
    assert all(set(m) == PUBLIC_MENTOR_FIELDS for m in mentors)


def test_filters(demo_mentee: Client) -> None:
    """Each filter finds the seeded mentor it describes, and nobody it does not describe
    (other tests add mentors to this stack, so every result is checked against the filter)."""
    cases: list[tuple[dict[str, str], str, Callable[[dict[str, Any]], bool]]] = [
        (
            {"specialty": "paediatrics"},
            "Dr Amara Okafor",
            lambda m: m["specialty"] == "Paediatrics",
        ),
        (
            {"placement_site": "Hull Royal Infirmary"},
            "Dr Layla Haddad",
            lambda m: m["placement_site"] == "Hull Royal Infirmary",
        ),
        ({"country": "IN"}, "Dr Rahul Mehta", lambda m: m["country_of_origin"] == "IN"),
        ({"language": "Yoruba"}, "Dr Amara Okafor", lambda m: "Yoruba" in m["languages"]),
        ({"profession": "dentist"}, "Dr Omar Farouk", lambda m: m["profession"] == "dentist"),
        ({"q": "MRCGP"}, "Dr Rahul Mehta", lambda m: "mrcgp" in str(m["bio"]).lower()),
    ]
    for query, seeded, described in cases:
        found = search(demo_mentee, **query, limit="50")
        assert seeded in [m["name"] for m in found], query
        assert all(described(m) for m in found), query
    assert search(demo_mentee, country="IN", profession="dentist") == []


def test_pagination_walks_every_mentor_once(
    demo_mentee: Client, new_user: Callable[[], Client], admin: Client
) -> None:
    for number in range(5):
        mentor = new_user()
        applied = mentor.call(
            "POST",
            "/mentors",
            mentor_body(name=f"Dr Page Walker {number}", specialty="Rheumatology"),
        )
        admin.call("POST", f"/admin/mentors/{applied.body['mentor_id']}/approve")

    seen: list[object] = []
    cursor = None
    while True:
        query = {"specialty": "Rheumatology", "limit": "2"} | ({"cursor": cursor} if cursor else {})
        page = demo_mentee.call("GET", "/mentors?" + urlencode(query)).body
        assert len(page["items"]) <= 2
        seen += [m["name"] for m in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"Dr Page Walker {n}" for n in range(5)]


def test_bad_paging_parameters(demo_mentee: Client) -> None:
    assert demo_mentee.call("GET", "/mentors?limit=0").status == 422
    assert demo_mentee.call("GET", "/mentors?limit=abc").status == 422
    tampered = demo_mentee.call("GET", "/mentors?cursor=bm9wZQ")
    assert tampered.status == 400
    assert tampered.error_code == "bad_request"


def test_one_public_profile(demo_mentee: Client) -> None:
    first = search(demo_mentee, specialty="Psychiatry")[0]
    answer = demo_mentee.call("GET", f"/mentors/{first['mentor_id']}")
    assert answer.status == 200
    assert set(answer.body) == PUBLIC_MENTOR_FIELDS
    assert demo_mentee.call("GET", "/mentors/does-not-exist").status == 404
