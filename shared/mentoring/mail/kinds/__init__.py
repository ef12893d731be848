"""Every kind of email the scheme sends, one module per area. Importing this package registers
them all (mentoring.mail.notices.KINDS), as the notifications function must before it reads a
notice.

To add a kind (docs/emails.md, "Adding a kind of email"): in the module of its area, write a
`Facts` subclass that names its `kind`, declares the facts its email needs and writes it
(`write`), and a builder that makes its notices from the records a change touches; a service
passes those notices to the store's write. A module of a new area is imported below.
"""

from mentoring.mail.kinds import (
    accounts,
    concerns,
    match_requests,
    matches,
    meetings,
    mentors,
    standing,
    waiting_lists,
)

AREAS = (
    match_requests,
    matches,
    meetings,
    mentors,
    standing,
    waiting_lists,
    concerns,
    accounts,
)
