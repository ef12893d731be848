"""Use cases: one module per area, taking their collaborators (repository, clock) as arguments."""
