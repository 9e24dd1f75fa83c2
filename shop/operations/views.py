from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import health_report


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """``/healthz/``: database, cache, Celery broker and beat; 200 when all are fine, else 503 naming them.

    Language-free, no login; it reads nothing from the request and writes no session or cookie.
    """
    checks = health_report()
    healthy = all(check.healthy for check in checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "down",
            "checks": {name: check.as_json() for name, check in checks.items()},
        },
        status=200 if healthy else 503,
    )
