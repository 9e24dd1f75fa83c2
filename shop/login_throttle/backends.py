from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuses every sign-in of a locked-out account or IP address, before the real backends run.

    Sign-ins without a request are let through to the other backends: every
    login form passes its request (the checkout's returning-customer form is
    made to, in shop/apps/checkout/views.py), and the only caller without one is
    Oscar's registration, signing in the account it has just created with the
    password just chosen. Axes' own backend would raise there, and registration
    would fail with a server error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
