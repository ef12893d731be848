"""Use cases: one module per job, given the ports they use (mentoring.services.ports), a clock
and the scheme's rules."""
