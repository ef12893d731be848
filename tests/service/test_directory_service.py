"""The directory: approved mentors with room, filtered, public fields only, paginated."""

from __future__ import annotations

from typing import Any

import pytest

from mentoring.auth import Principal
from mentoring.errors import BadRequest, NotFound
from mentoring.models import MentorApplication, MentorUpdate
from mentoring.pagination import PageRequest, encode_cursor
from mentoring.services.directory import DirectoryFilter, DirectoryService
from mentoring.services.registration import RegistrationService
from mentoring.types import Profession
from tests.support.bodies import PUBLIC_MENTOR_FIELDS, mentor_body
from tests.support.scheme import Scheme


@pytest.fixture
def registration(scheme: Scheme) -> RegistrationService:
    return scheme.registration


@pytest.fixture
def directory(scheme: Scheme) -> DirectoryService:
    return scheme.directory


def mentor(user_id: str) -> Principal:
    return Principal(user_id=user_id, email=f"{user_id}@example.org", groups=frozenset())


def add_mentor(
    registration: RegistrationService,
    admin: Principal,
    user_id: str,
    approve: bool = True,
    **fields: Any,
) -> None:
    registration.apply_as_mentor(
        mentor(user_id), MentorApplication.model_validate(mentor_body(**fields))
    )
    if approve:
        registration.approve_mentor(admin, user_id)


@pytest.fixture
def mentors(registration: RegistrationService, admin: Principal) -> None:
    add_mentor(
        registration,
        admin,
        "ada",
        name="Dr Ada Obi",
        specialty="Paediatrics",
        placement_site="Leeds General Infirmary",
        country_of_origin="NG",
        languages=["English", "Yoruba"],
        bio="Exams and settling in",
    )
    add_mentor(
        registration,
        admin,
        "bilal",
        name="Dr Bilal Khan",
        specialty="Psychiatry",
        placement_site="Hull Royal Infirmary",
        country_of_origin="PK",
        languages=["English", "Urdu"],
        bio="Wellbeing",
    )
    add_mentor(
        registration,
        admin,
        "carmen",
        name="Dr Carmen Ruiz",
        specialty="Oral Surgery",
        placement_site="Bradford Royal Infirmary",
        country_of_origin="ES",
        profession="dentist",
        languages=["Spanish", "English"],
        bio=None,
    )
    add_mentor(registration, admin, "dev", approve=False, name="Dr Dev Pending")


def names(page: Any) -> list[str]:
    return [item.name for item in page.items]


@pytest.mark.usefixtures("mentors")
def test_only_approved_mentors_are_listed_in_name_order(directory: DirectoryService) -> None:
    assert names(directory.search(DirectoryFilter(), PageRequest())) == [
        "Dr Ada Obi",
        "Dr Bilal Khan",
        "Dr Carmen Ruiz",
    ]


@pytest.mark.usefixtures("mentors")
@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        (DirectoryFilter(specialty="paediatrics"), ["Dr Ada Obi"]),
        (DirectoryFilter(placement_site="Hull Royal Infirmary"), ["Dr Bilal Khan"]),
        (DirectoryFilter(country="pk"), ["Dr Bilal Khan"]),
        (DirectoryFilter(language="spanish"), ["Dr Carmen Ruiz"]),
        (DirectoryFilter(language="English"), ["Dr Ada Obi", "Dr Bilal Khan", "Dr Carmen Ruiz"]),
        (DirectoryFilter(profession=Profession.DENTIST), ["Dr Carmen Ruiz"]),
        (DirectoryFilter(q="settling exams"), ["Dr Ada Obi"]),
        (DirectoryFilter(q="ROYAL"), ["Dr Bilal Khan", "Dr Carmen Ruiz"]),
        (DirectoryFilter(q="bradford surgery"), ["Dr Carmen Ruiz"]),
        (DirectoryFilter(specialty="Cardiology"), []),
        (DirectoryFilter(specialty="Psychiatry", country="NG"), []),
    ],
)
def test_filters_narrow_the_list(
    directory: DirectoryService, wanted: DirectoryFilter, expected: list[str]
) -> None:
    assert names(directory.search(wanted, PageRequest())) == expected


@pytest.mark.usefixtures("mentors")
def test_full_mentors_are_hidden_unless_asked_for(
    directory: DirectoryService, registration: RegistrationService
) -> None:
    registration.update_mentor(
        mentor("bilal"), MentorUpdate.model_validate({"accepting_requests": False})
    )

    assert names(directory.search(DirectoryFilter(), PageRequest())) == [
        "Dr Ada Obi",
        "Dr Carmen Ruiz",
    ]
    everyone = directory.search(DirectoryFilter(include_full=True), PageRequest())
    assert [(m.name, m.available) for m in everyone.items] == [
        ("Dr Ada Obi", True),
        ("Dr Bilal Khan", False),
        ("Dr Carmen Ruiz", True),
    ]


@pytest.mark.usefixtures("mentors")
def test_public_profiles_never_show_contact_or_registration_details(
    directory: DirectoryService,
) -> None:
    shown = directory.search(DirectoryFilter(), PageRequest()).items[0].model_dump()
    assert set(shown) == PUBLIC_MENTOR_FIELDS


def test_pages_cover_every_match_exactly_once(
    directory: DirectoryService, registration: RegistrationService, admin: Principal
) -> None:
    for number in range(60):
        add_mentor(
            registration,
            admin,
            f"m{number:02d}",
            name=f"Dr Mentor {number:02d}",
            specialty="Cardiology" if number % 3 == 0 else "Surgery",
        )
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = directory.search(
            DirectoryFilter(specialty="cardiology"), PageRequest(limit=7, cursor=cursor)
        )
        seen += names(page)
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [f"Dr Mentor {n:02d}" for n in range(0, 60, 3)]
    assert pages == 3  # 20 matches: 7 + 7 + 6, and never an empty last page


@pytest.mark.usefixtures("mentors")
def test_a_cursor_pointing_outside_the_directory_is_a_bad_request(
    directory: DirectoryService, scheme: Scheme
) -> None:
    # Sealed with the deployment's own key: only a flaw of ours could make such a cursor.
    forged = encode_cursor(
        "directory",
        {"directory": {"PK": "USER#x", "SK": "MENTEE", "GSI1PK": "OTHER", "GSI1SK": "a"}},
        scheme.table.cursors,
    )
    with pytest.raises(BadRequest):
        directory.search(DirectoryFilter(), PageRequest(cursor=forged))


@pytest.mark.usefixtures("mentors")
def test_a_mentor_who_is_not_approved_is_not_found(directory: DirectoryService) -> None:
    assert directory.get("ada").name == "Dr Ada Obi"
    with pytest.raises(NotFound):
        directory.get("dev")
    with pytest.raises(NotFound):
        directory.get("nobody")
