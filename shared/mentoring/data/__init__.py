"""The data layer: one table gateway (mentoring.data.table) given to small stores, one per
aggregate, built by mentoring.data.stores; and the adapters to Cognito and Secrets Manager."""
