"""Requests by a person about their personal data: services, selectors, forms, views, tasks."""
