"""The scheme's emails: what a change tells whom (notices), each kind's words
(mentoring.mail.kinds), rendering, calendar files, and sending through SES."""
