"""The directory: approved mentors with room, filtered, public fields only, paginated."""

from __future__ import annotations

from typing import Any

import pytest

from mentoring.data.cursors import encode_cursor
from mentoring.domain.fields import Profession
from mentoring.domain.models import MentorApplication, MentorUpdate
from mentoring.domain.paging import PageRequest
from mentoring.domain.principal import Principal
from mentoring.domain.records import MentorStatus
from mentoring.errors import BadRequest, NotFound, ServiceUnavailable
from mentoring.services.directory import DirectoryFilter, DirectoryService
from tests.support.bodies import PUBLIC_MENTOR_FIELDS, mentor_body
from tests.support.scheme import Scheme


@pytest.fixture
def directory(scheme: Scheme) -> DirectoryService:
    return scheme.directory


def mentor(user_id: str) -> Principal:
    return Principal(user_id=user_id, email=f"{user_id}@example.org", groups=frozenset())


def add_mentor(
    scheme: Scheme,
    admin: Principal,
    user_id: str,
    approve: bool = True,
    **fields: Any,
) -> None:
    scheme.registration.apply_as_mentor(
        mentor(user_id), MentorApplication.model_validate(mentor_body(**fields))
    )
    if approve:
        scheme.vetting.approve_mentor(admin, user_id)


@pytest.fixture
def mentors(scheme: Scheme, admin: Principal) -> None:
    add_mentor(
        scheme,
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
        scheme,
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
        scheme,
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
    add_mentor(scheme, admin, "dev", approve=False, name="Dr Dev Pending")


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
    directory: DirectoryService, scheme: Scheme
) -> None:
    scheme.registration.update_mentor(
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
    directory: DirectoryService, scheme: Scheme, admin: Principal
) -> None:
    for number in range(60):
        add_mentor(
            scheme,
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
        scheme.stores.table.cursors,
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


# ---- the index: what a word or a field finds follows every change ---------------------------


def search(directory: DirectoryService, **wanted: Any) -> list[str]:
    return names(directory.search(DirectoryFilter(**wanted), PageRequest()))


@pytest.mark.usefixtures("mentors")
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("exa", ["Dr Ada Obi"]),  # the start of "exams"
        ("inf", ["Dr Ada Obi", "Dr Bilal Khan", "Dr Carmen Ruiz"]),  # "infirmary"
        ("well sett", []),  # both words must be found in one profile
        ("xams", []),  # the middle of a word finds nothing
        ("o", ["Dr Ada Obi", "Dr Carmen Ruiz"]),  # one letter still narrows ("obi", "oral")
        ("  ", ["Dr Ada Obi", "Dr Bilal Khan", "Dr Carmen Ruiz"]),
    ],
)
def test_free_text_finds_words_by_their_start(
    directory: DirectoryService, typed: str, expected: list[str]
) -> None:
    assert search(directory, q=typed) == expected


@pytest.mark.usefixtures("mentors")
def test_an_edit_moves_a_mentor_to_what_now_describes_them(
    directory: DirectoryService, scheme: Scheme
) -> None:
    scheme.registration.update_mentor(
        mentor("ada"),
        MentorUpdate.model_validate(
            {"bio": "Portfolio reviews", "specialty": "Neonatology", "languages": ["Igbo"]}
        ),
    )

    assert search(directory, q="exams") == []
    assert search(directory, q="portfolio") == ["Dr Ada Obi"]
    assert search(directory, specialty="paediatrics") == []
    assert search(directory, specialty="neonatology") == ["Dr Ada Obi"]
    assert search(directory, language="yoruba") == []
    assert search(directory, language="igbo") == ["Dr Ada Obi"]
    assert search(directory, language="english") == ["Dr Bilal Khan", "Dr Carmen Ruiz"]


@pytest.mark.usefixtures("mentors")
def test_a_renamed_mentor_is_found_once_under_the_new_name(
    directory: DirectoryService, scheme: Scheme
) -> None:
    scheme.registration.update_mentor(
        mentor("ada"), MentorUpdate.model_validate({"name": "Dr Zara Obi"})
    )

    assert search(directory, language="english") == [
        "Dr Bilal Khan",
        "Dr Carmen Ruiz",
        "Dr Zara Obi",
    ]
    assert search(directory, q="zara") == ["Dr Zara Obi"]
    assert search(directory, q="ada") == []


@pytest.mark.usefixtures("mentors")
def test_a_suspended_mentor_is_found_by_nothing_and_back_when_approved_again(
    directory: DirectoryService, scheme: Scheme, admin: Principal
) -> None:
    scheme.vetting.suspend_mentor(admin, "bilal")
    assert search(directory, q="wellbeing") == []
    assert search(directory, country="pk") == []

    scheme.vetting.approve_mentor(admin, "bilal")
    assert search(directory, q="wellbeing") == ["Dr Bilal Khan"]


@pytest.mark.usefixtures("mentors")
def test_a_pending_applicant_is_found_by_nothing(directory: DirectoryService) -> None:
    assert search(directory, q="dev pending") == []


def test_a_long_bio_edited_at_once_still_finds_exactly_the_new_words(
    directory: DirectoryService, scheme: Scheme, admin: Principal
) -> None:
    # More changed entries than one transaction holds: added first, removed after.
    old_words = " ".join(f"alpha{n}" for n in range(70))
    add_mentor(scheme, admin, "long", name="Dr Long Bio", bio=old_words)
    new_words = " ".join(f"omega{n}" for n in range(70))
    scheme.registration.update_mentor(
        mentor("long"), MentorUpdate.model_validate({"name": "Dr Renamed", "bio": new_words})
    )

    assert search(directory, q="alpha1") == []
    assert search(directory, q="omega1") == ["Dr Renamed"]
    assert search(directory, q="renamed omega5") == ["Dr Renamed"]


def test_pages_through_a_word_cover_every_match_exactly_once(
    directory: DirectoryService, scheme: Scheme, admin: Principal
) -> None:
    for number in range(25):
        add_mentor(
            scheme,
            admin,
            f"w{number:02d}",
            name=f"Dr Word {number:02d}",
            bio="Resilience coaching" if number % 2 else "Rotas",
        )
    seen: list[str] = []
    cursor = None
    while True:
        page = directory.search(DirectoryFilter(q="resil"), PageRequest(limit=5, cursor=cursor))
        seen += names(page)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [f"Dr Word {n:02d}" for n in range(1, 25, 2)]


def test_an_approval_decided_on_a_profile_edited_since_it_was_read_indexes_the_edit(
    directory: DirectoryService, scheme: Scheme
) -> None:
    add_mentor(scheme, scheme.admin, "late", approve=False, bio="Exams first")
    as_read = scheme.stores.profiles.mentor("late")
    assert as_read is not None
    scheme.fixed_clock.advance(minutes=1)
    scheme.registration.update_mentor(
        mentor("late"), MentorUpdate.model_validate({"bio": "Wellbeing and rotas"})
    )

    scheme.stores.mentor_listing.change_mentor_status(
        as_read,
        MentorStatus.APPROVED,
        frozenset({MentorStatus.PENDING_APPROVAL}),
        scheme.fixed_clock.now(),
    )

    assert search(directory, q="rotas") == ["Dr Priya Nair"]
    assert search(directory, q="exams") == []


@pytest.mark.parametrize(("edits", "approved"), [(5, True), (6, False)])
def test_an_approval_outlasts_edits_made_while_it_is_tried(
    directory: DirectoryService,
    scheme: Scheme,
    monkeypatch: pytest.MonkeyPatch,
    edits: int,
    approved: bool,
) -> None:
    # Given a mentor who edits their profile just before each of the approval's writes
    add_mentor(scheme, scheme.admin, "busy", approve=False)
    write = scheme.stores.table.transact
    left = [edits]

    def edited_just_before(*args: Any, **kwargs: Any) -> Any:
        if left[0]:
            left[0] -= 1
            scheme.fixed_clock.advance(seconds=1)
            scheme.registration.update_mentor(
                mentor("busy"), MentorUpdate.model_validate({"capacity": 3})
            )
        return write(*args, **kwargs)

    monkeypatch.setattr(scheme.stores.table, "transact", edited_just_before)

    # When the administrator approves them
    if approved:
        scheme.vetting.approve_mentor(scheme.admin, "busy")
    else:
        with pytest.raises(ServiceUnavailable):
            scheme.vetting.approve_mentor(scheme.admin, "busy")

    # Then a few such edits only delay it; only an endless stream of them refuses it (503:
    # nothing written, safe to try again)
    stored = scheme.stores.profiles.mentor("busy")
    assert stored is not None
    assert stored.capacity == 3
    assert stored.status is (MentorStatus.APPROVED if approved else MentorStatus.PENDING_APPROVAL)
    assert search(directory) == (["Dr Priya Nair"] if approved else [])


def test_a_bio_with_one_very_long_word_is_approved_edited_and_found_by_its_start(
    directory: DirectoryService, scheme: Scheme, admin: Principal
) -> None:
    # A pasted string with no spaces: too long for an index key as it stands (make fuzz).
    pasted = "ẞ" + "0" * 1999
    add_mentor(scheme, admin, "long", name="Dr Long Word", bio=pasted)
    scheme.registration.update_mentor(
        mentor("long"), MentorUpdate.model_validate({"bio": pasted[:1500] + " wellbeing"})
    )

    assert search(directory, q=pasted[:12]) == ["Dr Long Word"]
    assert search(directory, q=pasted[:150]) == ["Dr Long Word"]  # longer than an index entry
    assert search(directory, q=pasted[:100] + "1") == []  # the same start, then not the word
    assert search(directory, q="wellbeing") == ["Dr Long Word"]
