"""System check: every translation catalogue is compiled, and not older than its source.

The compiled ``.mo`` files are not in git; a shop started without them shows its own strings
in English on Japanese pages (Django's and Oscar's are still translated, so it is easy to miss).
``make build`` compiles them. An error where DEBUG is off (production, staging) stops
``manage.py migrate`` and ``check --deploy`` on a deploy that skipped the build; a warning
on a developer's machine.
"""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

HINT = "Run `make build` (or `make messages`) to compile the translations."


@register(Tags.translation)
def translation_catalogues_check(app_configs, **kwargs):
    """One message per catalogue (``.po``) under LOCALE_PATHS whose ``.mo`` is missing or stale."""
    message_class, level = (Warning, "W") if settings.DEBUG else (Error, "E")
    problems = []
    for locale_path in settings.LOCALE_PATHS:
        for source in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
            compiled = source.with_suffix(".mo")
            if not compiled.exists():
                text, number = f"{compiled} is missing: its strings show untranslated.", 1
            elif compiled.stat().st_mtime < source.stat().st_mtime:
                text, number = f"{compiled} is older than {source.name}: newer translations are not shown.", 2
            else:
                continue
            problems.append(message_class(text, hint=HINT, id=f"operations.{level}00{number}"))
    return problems
