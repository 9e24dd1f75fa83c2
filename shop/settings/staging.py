"""Staging: a rehearsal of the production stack that takes no real payments and says so on every page.

Everything a deployed shop demands (deployed.py: secrets, a Celery broker, Redis,
SMTP) is demanded here too: the point is to run the production stack end to end.
What production refuses for real customers is allowed: an offline Stripe peer
(localstripe at STRIPE_API_BASE; STRIPE_JS_URL where browsers reach it at another
address) or Stripe's test mode, and the demo company's details. Live Stripe keys
are refused, so the banner never lies.
"""

from .deployed import *  # noqa: F403
from .deployed import MIDDLEWARE, STRIPE_PUBLISHABLE_KEY, STRIPE_SECRET_KEY
from .refusals import refuse_live_stripe_keys

refuse_live_stripe_keys(secret_key=STRIPE_SECRET_KEY, publishable_key=STRIPE_PUBLISHABLE_KEY)

# Every page shows the staging banner (shop.context_processors); every response says
# "staging" in a header and asks search engines not to index it. Outermost, so redirects
# and error pages carry the headers too.
STAGING = True
MIDDLEWARE = ["shop.middleware.StagingMiddleware", *MIDDLEWARE]
