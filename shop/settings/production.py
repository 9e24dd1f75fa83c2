"""Production settings: the deployed shop (deployed.py) taking real payments from real customers.

On top of what every deployed shop refuses, production refuses an offline
Stripe peer and the fictional demo company's details.
"""

from django.core.exceptions import ImproperlyConfigured

from .deployed import *  # noqa: F403
from .deployed import COMPANY, DEFAULT_FROM_EMAIL, DEMO_COMPANY, STRIPE_API_BASE, STRIPE_SECRET_KEY
from .refusals import refuse_demo_company

# Real payments only: an offline Stripe peer (localstripe) is never allowed here.
if STRIPE_API_BASE or "localstripe" in STRIPE_SECRET_KEY:
    raise ImproperlyConfigured("Production settings refuse an offline Stripe peer (STRIPE_API_BASE).")
STRIPE_JS_URL = ""  # Stripe's own

refuse_demo_company(company=COMPANY, demo_company=DEMO_COMPANY, sender=DEFAULT_FROM_EMAIL)
