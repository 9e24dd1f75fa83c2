"""Login throttling and lockout, by django-axes, at every form that signs someone in.

Failed logins are counted per account (the e-mail address or username typed,
case-folded) and, separately, per client IP address (``common.http.client_network``: an
IPv6 /64 counts as one address). Either reaching ``AXES_FAILURE_LIMIT`` locks it out for
``AXES_COOLOFF_TIME``; meanwhile even the right password gets the lockout page and no session. The
policy is in shop/settings/base.py; the README's "Login throttling" section
says why, and how staff unlock.

- ``apps.py``: axes' app, under a translatable admin name, keeping no form data;
- ``backends.py``: the lockout check in front of the real authentication backends;
- ``attempts.py``: what an attempt counts against, and what is kept of it;
- ``views.py``: the lockout page (templates/login_throttle/locked.html).
"""
