"""Requests by a person about their personal data (disclosure, correction, cessation, …): tickets,
identity documents, fulfilment and decisions, the member's and the public pages."""
