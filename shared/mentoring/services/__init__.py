"""Use cases: one module per job, given the stores (as Protocols), clock and notifier they use."""
