"""System check: private files must never be reachable under MEDIA_URL or STATIC_URL."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register()
def private_media_root_check(app_configs, **kwargs):
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    errors = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = getattr(settings, name, None)
        if not public:
            continue
        public = Path(public).resolve()
        if private == public or private.is_relative_to(public) or public.is_relative_to(private):
            errors.append(
                Error(
                    f"PRIVATE_MEDIA_ROOT ({private}) overlaps {name} ({public}).",
                    hint="Identity documents would be served publicly; point PRIVATE_MEDIA_ROOT elsewhere.",
                    id="legal.E001",
                )
            )
    return errors
