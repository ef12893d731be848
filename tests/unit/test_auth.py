"""The caller, from the authorizer's claims: groups are split and compared exactly."""

from __future__ import annotations

import pytest

from mentoring.api.auth import parse_groups, principal_from_claims
from mentoring.errors import Forbidden, Unauthenticated


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("admins", {"admins"}),
        ("mentors,admins", {"mentors", "admins"}),
        ("[admins mentors]", {"admins", "mentors"}),
        (["admins"], {"admins"}),
        ("", set()),
        (None, set()),
    ],
)
def test_groups_claim_is_split_into_names(raw: object, expected: set[str]) -> None:
    assert parse_groups(raw) == expected


@pytest.mark.parametrize("groups", ["administrators", "admins-readonly", "notadmins", "Admins"])
def test_only_the_exact_admins_group_makes_an_administrator(groups: str) -> None:
    principal = principal_from_claims({"sub": "u1", "cognito:groups": groups})
    assert not principal.is_admin
    with pytest.raises(Forbidden):
        principal.require_admin()


def test_claims_give_user_id_and_email() -> None:
    principal = principal_from_claims(
        {"sub": "u1", "email": "a@example.org", "cognito:groups": "admins"}
    )
    assert (principal.user_id, principal.email, principal.is_admin) == ("u1", "a@example.org", True)


@pytest.mark.parametrize("claims", [None, {}, {"email": "a@example.org"}])
def test_no_subject_means_not_signed_in(claims: dict[str, str] | None) -> None:
    with pytest.raises(Unauthenticated):
        principal_from_claims(claims)
