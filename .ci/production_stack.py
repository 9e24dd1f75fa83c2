"""CI: the production-like stack started from the README's own commands, checked over HTTP only.

What runs, as a company's operator would run it on one machine (README, "Running in
production"): the README's build, migrate, first-run and `honcho start -c web=2` commands,
under staging settings (production settings with localstripe allowed), against
- PostgreSQL (a database of its own, `offsetmart_stack`),
- its own `redis-server` on a separate port (the machine's shared Redis stays untouched),
- an SMTP sink on loopback (aiosmtpd, writing a maildir),
- localstripe, the offline Stripe peer.

The checks talk to the two gunicorn instances as a browser behind a load balancer would
(`Host`, `X-Forwarded-Proto`, `X-Forwarded-For`), and fetch the card token from localstripe's
API with the publishable key as Stripe.js does:
1. the home page is Japanese;
2. a purchase started on one instance is finished on the other, and its e-mail arrives;
3. declined cards spread over both instances hit one per-address limit, and another address
   is not caught by it (the client IP from the trusted proxy header);
4. a declined attempt's hold lowers the tonnes and they return when it expires, with no action;
5. /healthz/ answers 503 while Redis is stopped and 200 when it is back.
It prints what it measured and exits non-zero on the first failed check.
"""
# ruff: noqa: S603, S607  (CI's own commands, run on its own machine)

import datetime
import email
import email.policy
import html
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
HOST = "shop.test"  # the public host name the load balancer forwards
WEB_PORT = 5100  # honcho gives web.1 this port and web.2 the next
INSTANCES = {"A": f"http://127.0.0.1:{WEB_PORT}", "B": f"http://127.0.0.1:{WEB_PORT + 1}"}
REDIS_PORT = 6390
SMTP_PORT = 8025
STRIPE_PORT = 8430
DATABASE = "offsetmart_stack"
DECLINES_PER_IP = 3
HOLD_MINUTES = 1
GOOD_CARD = "4242424242424242"
# What the Japanese pages say (locale/ja/LC_MESSAGES/django.po).
DECLINED = "カードが承認されませんでした"
TOO_MANY_DECLINES = "カードが承認されない試行が続いたため"
DECLINED_CARD = "4000000000000341"  # localstripe: attaches, then declines when charged

started = time.monotonic()


def say(message: str) -> None:
    print(f"[{time.monotonic() - started:6.1f}s] {message}", flush=True)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"FAILED: {message}")
    say(f"ok: {message}")


def wait_until(predicate, seconds: float, what: str, interval: float = 1.0):
    deadline = time.monotonic() + seconds
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise SystemExit(f"FAILED: {what} (waited {seconds:.0f} s)")
        time.sleep(interval)


# --- The browser behind the load balancer ------------------------------------------------


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One browser: its own cookies, its own address as the load balancer reports it."""

    opener = urllib.request.build_opener(NoRedirects)

    def __init__(self, address: str):
        self.address = address
        self.cookies: dict[str, str] = {}
        self.page_path = "/"  # the page last loaded: the Referer of the next request

    def request(self, instance: str, path: str, form: dict | None = None) -> tuple[int, str, dict]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(INSTANCES[instance] + path, data=data)  # noqa: S310  (loopback)
        request.add_header("Host", HOST)
        request.add_header("X-Forwarded-Proto", "https")
        request.add_header("X-Forwarded-For", self.address)
        request.add_header("Referer", f"https://{HOST}{self.page_path}")
        request.add_header("Accept-Language", "ja")
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        # The session and CSRF cookies are Secure: the TLS-terminating proxy is played here.
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        body = response.read().decode("utf-8", "replace")
        where = response.headers.get("Location", "")
        say(f"  {'POST' if form is not None else 'GET'} {instance} {path} -> {response.status} {where}")
        if form is None and response.status == 200:
            self.page_path = path
        return response.status, body, dict(response.headers)

    def get(self, instance: str, path: str, follow: bool = False) -> tuple[int, str, dict]:
        status, body, headers = self.request(instance, path)
        for _hop in range(10 if follow else 0):
            if status not in (301, 302, 303):
                break
            status, body, headers = self.request(instance, urllib.parse.urlsplit(headers["Location"]).path)
        return status, body, headers

    def post(self, instance: str, path: str, form: dict, page: str) -> tuple[int, str, dict]:
        """Submit ``form`` with the CSRF token of ``page`` (the HTML the form came from)."""
        return self.request(
            instance, path, {"csrfmiddlewaretoken": field(page, "csrfmiddlewaretoken"), **form}
        )


def field(page: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', page) or re.search(
        rf'value="([^"]*)" name="{re.escape(name)}"', page
    )
    if not found:
        raise SystemExit(f"FAILED: no field {name!r} on the page:\n{page[:3000]}")
    return html.unescape(found.group(1))


def card_token(number: str) -> str:
    """What Stripe.js gets for a card: a token from the API, with the publishable key."""
    card = {"card[number]": number, "card[exp_month]": "12", "card[exp_year]": "2034", "card[cvc]": "123"}
    # Stripe.js sends the publishable key in the form, as `key`.
    body = urllib.parse.urlencode({**card, "key": ENV["STRIPE_PUBLISHABLE_KEY"]}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{STRIPE_PORT}/v1/tokens", data=body)  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  (loopback)
        return json.load(response)["card"]["id"]


def product_path(visitor: Visitor) -> str:
    """The first product on the English catalogue page."""
    status, page, _headers = visitor.get("A", "/en/catalogue/")
    check(status == 200, "the catalogue answers 200")
    return re.search(r'href="(/en/catalogue/[^"/]+_\d+/)"', page).group(1)


def tonnes_available(visitor: Visitor, instance: str, path: str) -> int:
    status, page, _headers = visitor.get(instance, path)
    if status != 200:
        raise SystemExit(f"FAILED: product page {path} answered {status}")
    return int(re.search(r"([\d,]+) t-CO2 available", page).group(1).replace(",", ""))


def to_confirmation(visitor: Visitor, instance: str, product: str, card: str) -> str:
    """Basket, guest e-mail, certificate details and card on ``instance``: the confirmation page."""
    japanese_product = product.removeprefix("/en")
    _s, product_page, _h = visitor.get(instance, japanese_product)
    action = re.search(r'id="add_to_basket_form" action="([^"]+)"', product_page).group(1)
    status, _body, _h = visitor.post(instance, action, {"quantity": "1"}, product_page)
    check(status == 302, f"{instance}: one tonne goes into the basket")
    _s, sign_in, _h = visitor.get(instance, "/checkout/")
    guest = {"username": f"buyer-{secrets.token_hex(4)}@example.jp", "options": "anonymous"}
    _s, _body, headers = visitor.post(instance, "/checkout/", guest, sign_in)
    visitor.get(instance, headers["Location"], follow=True)  # the steps a card-only order skips
    _s, details, _h = visitor.get(instance, "/checkout/payment-details/")
    certificate = {"beneficiary_name": "株式会社ステージング", "offset_purpose": "CI"}
    status, _body, headers = visitor.post(
        instance, "/checkout/payment-details/", {**certificate, "payment_method": card_token(card)}, details
    )
    check(
        status == 302 and headers.get("Location", "").endswith("/checkout/preview/"),
        f"{instance}: card accepted",
    )
    status, preview, _h = visitor.get(instance, "/checkout/preview/")
    check(status == 200 and "最終確認" in preview, f"{instance}: the final confirmation page is shown")
    return preview


def place_order(visitor: Visitor, instance: str, preview: str) -> tuple[int, str, dict]:
    """Tick every box of the final confirmation page (terms, consents) and place the order."""
    form = {"action": "place_order"}
    for tag in re.findall(r"<input[^>]*>", preview):
        name = re.search(r'name="([^"]+)"', tag)
        if name and 'type="checkbox"' in tag:
            form[name.group(1)] = "on"
    form.update({name: field(preview, name) for name in ("versions", "confirmation")})
    return visitor.post(instance, "/checkout/preview/", form, preview)


# --- The stack ---------------------------------------------------------------------------

WORK = Path(tempfile.mkdtemp(prefix="offsetmart-stack-"))
MAILDIR = WORK / "mail"
ENV = {
    **{
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_", "CACHE_"))
    },
    "DJANGO_SETTINGS_MODULE": "shop.settings.staging",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
    "ALLOWED_HOSTS": HOST,
    "TRUSTED_PROXY_COUNT": "1",
    "CACHE_URL": f"redis://127.0.0.1:{REDIS_PORT}/1",
    "CELERY_BROKER_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
    "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
    "STRIPE_API_BASE": f"http://127.0.0.1:{STRIPE_PORT}",
    "STRIPE_SECRET_KEY": "sk_test_stack",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_stack",
    "STRIPE_WEBHOOK_SECRET": "whsec_stack",
    # TLS ends at the load balancer, which redirects plain HTTP itself; localstripe's webhook
    # calls arrive over plain HTTP on loopback.
    "DJANGO_SECURE_SSL_REDIRECT": "False",
    "SHOP_BASE_URL": f"https://{HOST}",
    "PORT": str(WEB_PORT),
    "WEB_CONCURRENCY": "2",
    "GUNICORN_THREADS": "2",
    "LOG_DIR": str(WORK / "logs"),
    "DJANGO_MEDIA_ROOT": str(WORK / "media"),
    "PRIVATE_MEDIA_ROOT": str(WORK / "private"),
    "CELERY_BEAT_SCHEDULE_FILE": str(WORK / "celerybeat-schedule"),
    "DJANGO_SUPERUSER_PASSWORD": secrets.token_urlsafe(16),
    "DJANGO_ADMINS": "Operations <ops@staging-check.jp>",
    # The example setup file, in force today (written by main()); staging may keep its example
    # values, which production refuses.
    "SHOP_SETUP_CONFIG": str(WORK / "shop.toml"),
    "OFFSETS_RESERVATION_MINUTES": str(HOLD_MINUTES),
    "CHECKOUT_DECLINES_PER_HOUR_PER_IP": str(DECLINES_PER_IP),
    "CHECKOUT_DECLINES_PER_HOUR": "50",
    "COMPANY_NAME": "ステージング検証株式会社",
    "COMPANY_NAME_EN": "Staging Check K.K.",
    "COMPANY_ADDRESS": "〒100-0001 東京都千代田区千代田1-1",
    "COMPANY_ADDRESS_EN": "1-1 Chiyoda, Chiyoda-ku, Tokyo 100-0001, Japan",
    "COMPANY_REPRESENTATIVE": "代表取締役 検証 太郎",
    "COMPANY_REPRESENTATIVE_EN": "Taro Kensho, Representative Director",
    "COMPANY_PHONE": "03-1234-5678",
    "COMPANY_EMAIL": "support@staging-check.jp",
    "COMPANY_INVOICE_REGISTRATION_NUMBER": "T1234567890123",
    "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
}
children: list[subprocess.Popen] = []


def start(command: list[str], name: str, **kwargs) -> subprocess.Popen:
    log = open(WORK / f"{name}.log", "w")  # noqa: SIM115  (open for the child's life)
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **kwargs
    )
    children.append(process)
    return process


def stop_all() -> None:
    for process in reversed(children):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in children:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2)  # noqa: S310  (loopback)
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def redis_start() -> subprocess.Popen:
    return start(
        [
            "redis-server",
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        f"redis-{len(children)}",
    )


def readme_commands() -> list[str]:
    """The shell commands of the README's production block, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- production-stack -->\s*```sh\n(.*?)```", readme, re.S)
    if not block:
        raise SystemExit("FAILED: README.md has no <!-- production-stack --> block")
    lines = [line.split("  #")[0].strip() for line in block.group(1).splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def health(instance: str) -> tuple[int, str]:
    """/healthz/ as the load balancer asks it (with the public host name)."""
    request = urllib.request.Request(INSTANCES[instance] + "/healthz/", headers={"Host": HOST})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310  (loopback)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.status, error.read().decode()
    except OSError as error:
        return 0, str(error)


def smtp_messages() -> list[email.message.EmailMessage]:
    found = []
    for path in (MAILDIR / "new").glob("*") if (MAILDIR / "new").exists() else []:
        found.append(email.message_from_bytes(path.read_bytes(), policy=email.policy.default))
    return found


def message_text(message) -> str:
    parts = [str(message["Subject"])]
    for part in message.walk():
        if part.get_content_type() in {"text/plain", "text/html"}:
            parts.append(part.get_content())
    return "\n".join(parts)


def main() -> None:
    say(f"work directory {WORK}")
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    redis_start()
    start([PYTHON, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{SMTP_PORT}", "-c", "aiosmtpd.handlers.Mailbox",
           str(MAILDIR)], "smtp")  # fmt: skip
    start(
        [PYTHON, "-m", "shop.payments.stripe.localstripe_server", "--port", str(STRIPE_PORT)], "localstripe"
    )
    wait_until(
        lambda: answers(f"http://127.0.0.1:{STRIPE_PORT}/js.stripe.com/v3/"), 30, "localstripe answers"
    )

    example = (ROOT / "deploy" / "shop.example.toml").read_text(encoding="utf-8")
    today = datetime.date.today().isoformat()
    (WORK / "shop.toml").write_text(re.sub(r"(?m)^effective_on = .*$", f"effective_on = {today}", example))
    commands = readme_commands()
    *setup, serve = commands
    check("honcho start" in serve, f"the README's last production command starts the processes: {serve}")
    for command in setup:
        say(f"$ {command}")
        subprocess.run(command, shell=True, cwd=ROOT, env=ENV, check=True)  # noqa: S602  (the README's)
    # A staging rehearsal needs something to sell: the demo catalogue, and the registers staff
    # would fill in the admin (registry operators, countries' information for consent abroad).
    for command in (["load_demo_data", "--site-domain", HOST], ["load_legal_demo"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=ENV, check=True)
    say(f"$ {serve}")
    start(["bash", "-c", serve], "honcho", env=ENV)
    for instance in INSTANCES:
        wait_until(lambda instance=instance: health(instance)[0] != 0, 60, f"{instance} answers")
    webhook = urllib.parse.urlencode(
        {"url": f"{INSTANCES['A']}/payments/stripe/webhook/", "secret": ENV["STRIPE_WEBHOOK_SECRET"]}
    ).encode()
    urllib.request.urlopen(  # noqa: S310  (loopback)
        urllib.request.Request(f"http://127.0.0.1:{STRIPE_PORT}/_config/webhooks/stack", data=webhook),
        timeout=5,
    )
    ready = time.monotonic()
    wait_until(
        lambda: all(health(i)[0] == 200 for i in INSTANCES), 180, "/healthz/ is 200 on both (beat has run)", 5
    )
    say(f"measured: both instances healthy {time.monotonic() - ready:.0f} s after start")

    # 1. Japanese by default.
    visitor = Visitor("203.0.113.10")
    status, home, headers = visitor.get("A", "/")
    check(status == 200 and 'lang="ja"' in home, "the home page answers in Japanese")
    check(
        "あなたの名義で無効化する" in home, "the home page's text comes from the compiled Japanese catalogue"
    )
    check(headers.get("X-Offset-Mart-Environment") == "staging", "staging says so in every response")

    path = product_path(visitor)
    tonnes_at_start = tonnes_available(visitor, "A", path)
    say(f"{path}: {tonnes_at_start} t for sale")

    # 2. Started on A, finished on B; the order e-mail leaves through SMTP.
    preview = to_confirmation(visitor, "A", path, GOOD_CARD)
    status, _body, headers = place_order(visitor, "B", preview)
    check(status == 302 and "thank-you" in headers.get("Location", ""), "B places the order confirmed on A")
    status, thank_you, _h = visitor.get("A", "/checkout/thank-you/")
    order_number = re.search(r"注文番号は <strong>([^<]+)</strong>", thank_you).group(1)
    check(status == 200 and order_number, f"A shows the thank-you page for order {order_number}")
    sent = time.monotonic()
    wait_until(
        lambda: any(order_number in message_text(m) for m in smtp_messages()), 90, "the order e-mail arrives"
    )
    say(f"measured: order e-mail at the SMTP sink {time.monotonic() - sent:.1f} s after the order")
    check(
        tonnes_available(visitor, "B", path) == tonnes_at_start - 1, "both instances show the tonne as sold"
    )

    # 3. Declines from one address, spread over both instances, hit one limit.
    declines = 0
    for attempt in range(DECLINES_PER_IP):
        card_tester = Visitor("198.51.100.66")
        instance = "AB"[attempt % 2]
        preview = to_confirmation(card_tester, instance, path, DECLINED_CARD)
        status, _body, headers = place_order(card_tester, instance, preview)
        _s, page, _h = card_tester.get(instance, headers.get("Location", "/checkout/payment-details/"))
        check(DECLINED in page, f"decline {attempt + 1} on {instance}")
        declines += 1
    card_tester = Visitor("198.51.100.66")
    preview = to_confirmation(card_tester, "B", path, DECLINED_CARD)
    status, _body, headers = place_order(card_tester, "B", preview)
    _s, page, _h = card_tester.get("B", headers.get("Location", "/"))
    check(TOO_MANY_DECLINES in page, f"after {declines} declines on both instances, the address is refused")
    other = Visitor("192.0.2.44")
    preview = to_confirmation(other, "A", path, DECLINED_CARD)
    status, _body, headers = place_order(other, "A", preview)
    _s, page, _h = other.get("A", headers.get("Location", "/"))
    check(DECLINED in page, "another address is not caught by that limit")
    last_decline = time.monotonic()
    request_log = "".join(log.read_text() for log in (WORK / "logs").glob("requests-*.log"))
    check('"ip": "198.51.100.66"' in request_log, "the request log has the client's address from the proxy")
    held = tonnes_at_start - 1 - tonnes_available(visitor, "A", path)
    check(held == declines + 1, f"the {declines + 1} declined attempts hold {held} t until they expire")

    # 5. Health follows Redis.
    check(all(health(i)[0] == 200 for i in INSTANCES), "/healthz/ is 200 on both")
    subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "shutdown", "nosave"], check=False)
    status, report = health("A")
    check(status == 503, f"/healthz/ is 503 with Redis stopped: {report}")
    check(health("B")[0] == 503, "on both instances")
    redis_start()
    wait_until(lambda: health("A")[0] == 200 and health("B")[0] == 200, 60, "/healthz/ is 200 again", 2)
    say("ok: /healthz/ is 200 again on both once Redis is back")

    # 4. The holds lapse by themselves.
    time.sleep(max(0.0, HOLD_MINUTES * 60 + 2 - (time.monotonic() - last_decline)))
    check(tonnes_available(visitor, "B", path) == tonnes_at_start - 1, "the held tonnes are back on sale")
    say(f"CI production stack passed in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    try:
        main()
    except BaseException:
        for log in sorted(WORK.glob("*.log")):
            print(f"--- {log.name} (last 40 lines)")
            print("\n".join(log.read_text(errors="replace").splitlines()[-40:]))
        raise
    finally:
        stop_all()
        if os.environ.get("KEEP_STACK_FILES") != "1":
            shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(0)
