"""What only the API functions use: the resolver and its error answers, the caller's claims,
CORS, the headers on every answer, the body boundary, list parameters, the API document,
Idempotency-Key, and the pages behind the one-click links in emails."""
