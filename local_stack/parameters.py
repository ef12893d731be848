"""The local stack's values for what the template leaves to whoever deploys it: one place.

Everything else (step sizes, limits, the code of practice) comes from the template's own
parameter defaults, exactly as a deployment with default settings would have them.
"""

from __future__ import annotations

REGION = "eu-west-2"
ACCOUNT_ID = "123456789012"
TABLE_NAME = "img-mentoring-local"
IDEMPOTENCY_TABLE_NAME = "img-mentoring-idempotency-local"
SENDER_EMAIL = "mentoring@example.org"
ADMIN_EMAIL = "admin@example.org"
# Any page a developer serves on their own machine may call the local API from a browser.
ALLOWED_ORIGINS = "http://localhost:*,http://127.0.0.1:*"


def references(action_secret_arn: str, user_pool_id: str) -> dict[str, str]:
    """Local values for the template's !Ref of resources and of parameters without defaults."""
    return {
        "MentoringTable": TABLE_NAME,
        "IdempotencyTable": IDEMPOTENCY_TABLE_NAME,
        "SenderEmail": SENDER_EMAIL,
        "AdminEmail": ADMIN_EMAIL,
        "AllowedOrigins": ALLOWED_ORIGINS,
        "ActionTokenSecret": action_secret_arn,
        "UserPool": user_pool_id,
    }
