"""The API has no language prefix: messages are in English, or in Japanese for ``Accept-Language: ja``."""

from django.utils import translation


def api_language_code(request) -> str:
    accepted = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    first = accepted.split(",")[0].split(";")[0].strip().lower()
    return "ja" if first.startswith("ja") else "en"


def api_language(request):
    return translation.override(api_language_code(request))
