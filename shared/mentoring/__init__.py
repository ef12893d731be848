"""The IMG Peer Mentoring domain: models, rules, services and their adapters (DynamoDB, SES)."""
