"""The scheme's records, API models and rules: eligibility, working days and bank holidays,
search terms, running totals, countries, paging, signed links, the caller."""
