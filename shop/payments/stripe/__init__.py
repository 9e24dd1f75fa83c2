"""Stripe, behind one small package: the shop calls gateway.py; only api.py imports stripe."""
