"""The shop's URLs plus one test-only page whose inline script lacks the nonce.

Mounted only by the test that proves the violation watch works
(``@pytest.mark.urls("tests.browser.csp_probe_urls")``); the shop never serves it.
"""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from shop.urls import urlpatterns as shop_urlpatterns

PROBE_PAGE = engines["django"].from_string(
    """<!DOCTYPE html>
<html lang="en"><head><title>CSP probe</title></head>
<body>
<p>An inline script with this response's nonce, and one an attacker injected without it.</p>
<script nonce="{{ request.csp_nonce }}">window.scriptWithNonceRan = true;</script>
<script>window.injectedScriptRan = true;</script>
<button id="inline-handler" onclick="window.inlineHandlerRan = true">inline handler</button>
</body></html>"""
)


def inline_script_without_nonce(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PROBE_PAGE.render(request=request))


urlpatterns = [path("csp-probe/", inline_script_without_nonce), *shop_urlpatterns]
