"""The shop's URLs plus a bare view: the ceiling a page of the shop is measured against.

The bare view answers "ok" behind every middleware the shop runs (sessions, CSRF, CSP,
the request log…), so its speed is what gunicorn and the middleware allow; a page's
ratio to it is what the page's own work costs.
"""

from django.http import HttpResponse
from django.urls import path

from shop.urls import urlpatterns as shop_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *shop_urlpatterns]
