"""Production settings: the deployed shop (deployed.py) taking real payments from real customers.

On top of what every deployed shop refuses, production refuses an offline
Stripe peer, the fictional demo company's details, and e-mail or site addresses
on names kept for examples.
"""

from django.core.exceptions import ImproperlyConfigured

from .deployed import *  # noqa: F403
from .deployed import (
    COMPANY,
    DEFAULT_FROM_EMAIL,
    DEMO_COMPANY,
    SHOP_BASE_URL,
    STRIPE_API_BASE,
    STRIPE_SECRET_KEY,
)
from .refusals import refuse_demo_company, refuse_example_addresses

# Real payments only: an offline Stripe peer (localstripe) is never allowed here.
if STRIPE_API_BASE or "localstripe" in STRIPE_SECRET_KEY:
    raise ImproperlyConfigured("Production settings refuse an offline Stripe peer (STRIPE_API_BASE).")
STRIPE_JS_URL = ""  # Stripe's own

refuse_demo_company(company=COMPANY, demo_company=DEMO_COMPANY)
refuse_example_addresses(
    emails={"COMPANY_EMAIL": COMPANY["email"], "DEFAULT_FROM_EMAIL": DEFAULT_FROM_EMAIL},
    urls={"SHOP_BASE_URL": SHOP_BASE_URL},
)
