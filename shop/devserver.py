"""`make run`: the shop on runserver, with localstripe beside it when there are no real Stripe keys.

Without STRIPE_SECRET_KEY in the environment, this starts localstripe on
loopback (state kept in var/localstripe.pickle, apart from the tests'),
points the shop and its Stripe.js at it and registers the shop's webhook
there, so a new user can buy an offset end to end offline. With real keys
it only runs the shop.
"""

import argparse
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEBHOOK_SECRET = "whsec_localstripe_demo"


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("localstripe stopped before it answered")
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310  (loopback)
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"localstripe did not answer at {url}")


def _register_webhook(api_base: str, shop_url: str) -> None:
    body = urllib.parse.urlencode(
        {"url": f"{shop_url}/payments/stripe/webhook/", "secret": WEBHOOK_SECRET}
    ).encode()
    request = urllib.request.Request(f"{api_base}/_config/webhooks/offsetmart", data=body, method="POST")  # noqa: S310
    urllib.request.urlopen(request, timeout=5)  # noqa: S310  (loopback)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    shop_url = f"http://{args.host}:{args.port}"
    # The local settings, always: importing the shop package to run this module loaded the Celery
    # app, which defaults DJANGO_SETTINGS_MODULE to production for workers started bare.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "shop.settings.local"}
    children = []
    if not env.get("STRIPE_SECRET_KEY"):
        stripe_port = args.port + 420
        api_base = f"http://127.0.0.1:{stripe_port}"
        localstripe = subprocess.Popen(
            [sys.executable, "-m", "shop.payments.stripe.localstripe_server", "--port", str(stripe_port),
             "--state", str(ROOT / "var" / "localstripe.pickle")],
            cwd=ROOT,
        )  # fmt: skip
        children.append(localstripe)
        _wait_for(f"{api_base}/js.stripe.com/v3/", localstripe)
        _register_webhook(api_base, shop_url)
        env.update(STRIPE_API_BASE=api_base, STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET, SHOP_BASE_URL=shop_url)

        print(
            f"  Demo payment mode: localstripe at {api_base}; pay with card 4242 4242 4242 4242\n"
            "  (declined: 4000 0000 0000 0002, 4000 0000 0000 0341; 3-D Secure: 4000 0025 0000 3155,"
            " 4000 0027 6000 3184).",
            flush=True,
        )
    try:
        subprocess.call(
            [sys.executable, "manage.py", "runserver", f"{args.host}:{args.port}"], cwd=ROOT, env=env
        )
    finally:
        for child in children:
            child.terminate()


if __name__ == "__main__":
    main()
