"""Request bodies that pass every rule, for tests to vary one field at a time."""

from __future__ import annotations

from typing import Any

CODE_OF_PRACTICE = "2024.1"

# What any signed-in user may see of a mentor (the directory's public fields).
PUBLIC_MENTOR_FIELDS = frozenset(
    {
        "mentor_id",
        "name",
        "profession",
        "grade",
        "specialty",
        "placement_site",
        "country_of_origin",
        "languages",
        "bio",
        "available",
    }
)


def mentee_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Dr Chidi Eze",
        "profession": "doctor",
        "grade": "CT1",
        "specialty": "Internal Medicine",
        "placement_site": "Leeds General Infirmary",
        "region": "yorkshire_and_humber",
        "in_postgraduate_training": True,
        "pmq_country": "NG",
        "registration_number": "7654321",
        "languages": ["English", "Igbo"],
        "bio": "New to the NHS.",
        "code_of_practice_version": CODE_OF_PRACTICE,
    }
    body.update(overrides)
    return body


def mentor_body(**overrides: Any) -> dict[str, Any]:
    body = mentee_body(
        name="Dr Priya Nair",
        grade="ST6",
        specialty="Cardiology",
        placement_site="Sheffield Teaching Hospitals",
        pmq_country="IN",
        registration_number="7000001",
        languages=["English", "Malayalam"],
        bio="Cardiology registrar, happy to help with MRCP.",
        country_of_origin="IN",
        capacity=2,
        training_completed_on="2026-02-14",
    )
    body.update(overrides)
    return body
