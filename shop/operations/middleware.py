"""Public media served before sessions, sign-in and language are looked at."""

from django.http import HttpRequest, HttpResponse

from .media import public_media_prefix, public_media_response


class PublicMediaMiddleware:
    """Answers GET and HEAD for an image under MEDIA_URL (``media.public_media_response``).

    A middleware, as WhiteNoise is for static files, and placed before the session: an image
    costs no session, user or basket lookup, and its response varies on nothing, so a CDN or
    proxy can keep one copy for everyone (behind the session middleware, every response
    carries ``Vary: Cookie``). Whatever it may not serve goes on down the stack, where no URL
    pattern matches: the shop's own 404 page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        prefix = public_media_prefix()
        if prefix and request.method in ("GET", "HEAD") and request.path_info.startswith(prefix):
            response = public_media_response(request, request.path_info.removeprefix(prefix))
            if response is not None:
                return response
        return self.get_response(request)
