"""Sends the scheme's emails, from the table's stream (docs/emails.md, how an email travels).

Each record is a notification item the outbox wrote with a change (filtered in the template:
only new or put-back notifications arrive). Each failed record is reported, so only it is
retried; each notification is claimed before it is sent, so a retried or replayed batch never
sends one twice (mentoring.services.deliveries).
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.typing import LambdaContext

from mentoring.config import NotificationsConfig
from mentoring.observability import logger, metrics
from mentoring.services.deliveries import send_batch
from mentoring.wiring import Services

CONFIG = NotificationsConfig.from_environment()
services = Services(CONFIG)


@logger.inject_lambda_context(log_event=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return send_batch(services.deliveries, event, context)
