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
    code_of_practice_url: str

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            table_name=os.environ["TABLE_NAME"],
            code_of_practice_version=os.environ["CODE_OF_PRACTICE_VERSION"],
            code_of_practice_url=os.environ.get("CODE_OF_PRACTICE_URL", ""),
        )


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings.from_env()
