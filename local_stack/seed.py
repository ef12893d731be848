"""Demo users for the local stack: an administrator, approved mentors, a mentee."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from local_stack.parameters import ADMIN_EMAIL
from mentoring.config import ELIGIBLE_REGION, RegistrationConfig
from mentoring.domain.models import MenteeRegistration, MentorApplication
from mentoring.domain.principal import ADMIN_GROUP, Principal
from mentoring.wiring import Services

DEMO_PASSWORD = "Demo-Mentoring-2026"  # noqa: S105 - local demo users only, printed at start


@dataclass(frozen=True)
class DemoUser:
    email: str
    role: str
    name: str


_MENTORS: list[dict[str, Any]] = [
    {
        "email": "amara.okafor@example.org",
        "name": "Dr Amara Okafor",
        "profession": "doctor",
        "grade": "ST5",
        "specialty": "Paediatrics",
        "placement_site": "Leeds General Infirmary",
        "pmq_country": "NG",
        "country_of_origin": "NG",
        "languages": ["English", "Yoruba"],
        "bio": "Came to the UK from Lagos; happy to talk about settling in and MRCPCH exams.",
        "capacity": 2,
    },
    {
        "email": "rahul.mehta@example.org",
        "name": "Dr Rahul Mehta",
        "profession": "doctor",
        "grade": "GPST3",
        "specialty": "General Practice",
        "placement_site": "Sheffield Teaching Hospitals",
        "pmq_country": "IN",
        "country_of_origin": "IN",
        "languages": ["English", "Hindi", "Gujarati"],
        "bio": "GP trainee; can help with the MRCGP, rotas and life in South Yorkshire.",
        "capacity": 3,
    },
    {
        "email": "layla.haddad@example.org",
        "name": "Dr Layla Haddad",
        "profession": "doctor",
        "grade": "CT2",
        "specialty": "Psychiatry",
        "placement_site": "Hull Royal Infirmary",
        "pmq_country": "SY",
        "country_of_origin": "SY",
        "languages": ["English", "Arabic"],
        "bio": "Core psychiatry trainee; interested in wellbeing and NHS culture.",
        "capacity": 2,
    },
    {
        "email": "omar.farouk@example.org",
        "name": "Dr Omar Farouk",
        "profession": "dentist",
        "grade": "DCT2",
        "specialty": "Oral Surgery",
        "placement_site": "Bradford Royal Infirmary",
        "pmq_country": "EG",
        "country_of_origin": "EG",
        "languages": ["English", "Arabic"],
        "bio": "Dental core trainee; the ORE and getting used to NHS dentistry.",
        "capacity": 1,
    },
]

_MENTEE: dict[str, Any] = {
    "email": "samuel.mensah@example.org",
    "name": "Dr Samuel Mensah",
    "profession": "doctor",
    "grade": "FY2",
    "specialty": "Foundation Programme",
    "placement_site": "York Hospital",
    "pmq_country": "GH",
    "languages": ["English", "Twi"],
    "bio": "Recently arrived from Accra.",
}


class Seeder:
    def __init__(self, cognito: Any, user_pool_id: str, config: RegistrationConfig):
        self._cognito = cognito
        self._pool = user_pool_id
        self._rules = config.rules
        services = Services(config)
        self._service = services.registration
        self._vetting = services.vetting

    def create_user(self, email: str, password: str = DEMO_PASSWORD) -> Principal:
        created = self._cognito.admin_create_user(
            UserPoolId=self._pool,
            Username=email,
            UserAttributes=[
                {"Name": "email", "Value": email},
                {"Name": "email_verified", "Value": "true"},
            ],
            MessageAction="SUPPRESS",
        )
        self._cognito.admin_set_user_password(
            UserPoolId=self._pool, Username=email, Password=password, Permanent=True
        )
        attributes = {a["Name"]: a["Value"] for a in created["User"]["Attributes"]}
        return Principal(user_id=attributes["sub"], email=email, groups=frozenset())

    def seed(self) -> list[DemoUser]:
        admin = self.create_user(ADMIN_EMAIL)
        self._cognito.admin_add_user_to_group(
            UserPoolId=self._pool, Username=ADMIN_EMAIL, GroupName=ADMIN_GROUP
        )
        admin = Principal(user_id=admin.user_id, email=admin.email, groups=frozenset({ADMIN_GROUP}))
        users = [DemoUser(ADMIN_EMAIL, "administrator", "Scheme administrator")]
        common = {
            "region": ELIGIBLE_REGION,
            "in_postgraduate_training": True,
            "code_of_practice_version": self._rules.code_of_practice_version,
        }
        for number, mentor in enumerate(_MENTORS, start=1):
            fields = {k: v for k, v in mentor.items() if k != "email"}
            principal = self.create_user(mentor["email"])
            self._service.apply_as_mentor(
                principal,
                MentorApplication(
                    **fields,
                    **common,
                    registration_number=f"70{number:05d}",
                    training_completed_on=date(2026, 3, 20),
                ),
            )
            self._vetting.approve_mentor(admin, principal.user_id)
            users.append(DemoUser(mentor["email"], "mentor (approved)", mentor["name"]))
        fields = {k: v for k, v in _MENTEE.items() if k != "email"}
        principal = self.create_user(_MENTEE["email"])
        self._service.register_mentee(
            principal, MenteeRegistration(**fields, **common, registration_number="7123456")
        )
        users.append(DemoUser(_MENTEE["email"], "mentee", _MENTEE["name"]))
        return users
