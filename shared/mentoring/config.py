"""Settings read once from the function's environment (set by template.yaml)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

ELIGIBLE_REGION = "yorkshire_and_humber"
SESSIONS_LIMIT = 4
RESPONSE_WORKING_DAYS = 5


@dataclass(frozen=True)
class Settings:
    table_name: str
    code_of_practice_version: str
    code_of_practice_url: str = ""
    idempotency_table_name: str = ""
    sender_email: str = ""
    admin_email: str = ""
    action_secret_arn: str = ""
    public_api_url: str = ""
    response_working_days: int = RESPONSE_WORKING_DAYS
    escalate_after_working_days: int = 2
    expire_after_working_days: int = 5
    max_requests_per_day: int = 5
    nudge_after_days: int = 30
    allowed_origins: str = ""

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        return cls(
            table_name=env["TABLE_NAME"],
            code_of_practice_version=env["CODE_OF_PRACTICE_VERSION"],
            code_of_practice_url=env.get("CODE_OF_PRACTICE_URL", ""),
            idempotency_table_name=env.get("IDEMPOTENCY_TABLE_NAME", ""),
            sender_email=env.get("SENDER_EMAIL", ""),
            admin_email=env.get("ADMIN_EMAIL", ""),
            action_secret_arn=env.get("ACTION_SECRET_ARN", ""),
            public_api_url=env.get("PUBLIC_API_URL", "").rstrip("/"),
            response_working_days=int(env.get("RESPONSE_WORKING_DAYS", RESPONSE_WORKING_DAYS)),
            escalate_after_working_days=int(env.get("ESCALATE_AFTER_WORKING_DAYS", "2")),
            expire_after_working_days=int(env.get("EXPIRE_AFTER_WORKING_DAYS", "5")),
            max_requests_per_day=int(env.get("MAX_REQUESTS_PER_DAY", "5")),
            nudge_after_days=int(env.get("NUDGE_AFTER_DAYS", "30")),
            allowed_origins=env.get("ALLOWED_ORIGINS", ""),
        )


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings.from_env()
