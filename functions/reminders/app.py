"""The daily reminder run, invoked by EventBridge Scheduler at 08:00 Europe/London on weekdays."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import AwareDatetime, BaseModel, ValidationError

from mentoring.config import RemindersConfig
from mentoring.errors import BadSchedulerInput
from mentoring.observability import logger, metrics
from mentoring.wiring import Services

CONFIG = RemindersConfig.from_environment()
services = Services(CONFIG)


class ScheduledRun(BaseModel):
    scheduled_time: AwareDatetime


def scheduled_time(event: dict[str, Any]) -> datetime:
    try:
        return ScheduledRun.model_validate(event).scheduled_time
    except ValidationError as error:
        raise BadSchedulerInput(
            'Expected {"scheduled_time": "<ISO 8601 time with a zone>"}'
        ) from error


@logger.inject_lambda_context(log_event=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    return services.reminders.run(scheduled_time(event)).as_dict()
