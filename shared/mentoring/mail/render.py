"""A notice becomes the email it stands for: its kind writes it (mentoring.mail.kinds), to the
address the notice names, or to the administrator's."""

from __future__ import annotations

from mentoring.mail.compose import Context, compose, sign_off
from mentoring.mail.message import Email
from mentoring.mail.notices import Notice


def render(notice: Notice, context: Context) -> Email:
    written = notice.facts.write(context)
    to = (context.admin_email,) if notice.to_administrator else notice.to
    text, page = compose(written, sign_off(context.admin_email, notice.to_administrator))
    return Email(
        to=to,
        subject=written.subject,
        text=text,
        html=page,
        kind=notice.kind,
        # Stamped with when the change happened, so a retried send makes the same file.
        attachments=notice.facts.attachments(notice.created_at),
    )
