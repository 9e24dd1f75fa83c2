"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser)."""

import json
import os
import shutil
from pathlib import Path

import pytest
from django.test import Client

from tests.browser.accessibility import AccessibilityAudit
from tests.staff_login import verified_login

# Playwright's sync API runs an event loop in this thread; the ORM calls made
# by fixtures here are still plain synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: install it (apt-get install chromium) to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A page in a fresh browser context; every page it shows is audited with axe-core (accessibility.py)."""
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    audit = AccessibilityAudit()
    audit.attach(page, on_every_load=request.node.get_closest_marker("csp_watch") is None)
    yield page
    audit.audit_now(page)
    context.close()
    AUDITS.append((request.node.nodeid, audit))
    failures = audit.failures()
    assert not failures, "Accessibility (axe-core, WCAG 2.1 AA):\n" + "\n".join(failures)


# Every audit of the run, written to test-output/browser/accessibility.json at the end of the session.
AUDITS: list = []


@pytest.fixture(scope="session", autouse=True)
def accessibility_report():
    yield
    if AUDITS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        report = {test: audit.reports for test, audit in AUDITS}
        (SCREENSHOTS / "accessibility.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under test-output/browser/ and return its path."""

    def save(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture
def browser_sign_in(page, live_server):
    """Sign the browser in as a user: the one place browser tests log someone in.

    It hands the browser the session cookie of a forced login; staff get a
    verified second factor in that session too, as staff pages demand.
    """

    def sign_in(user) -> None:
        client = Client()
        if user.is_staff:
            verified_login(client, user)
        else:
            client.force_login(user)
        page.context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
        )

    return sign_in


@pytest.fixture
def signed_in_staff(browser_sign_in, django_user_model):
    """The browser carries the session of an operations-staff superuser."""
    staff = django_user_model.objects.create_superuser(
        username="ops-browser", email="ops-browser@offsetmart.example", password="correct horse battery"
    )
    browser_sign_in(staff)
    return staff


# Records every Content-Security-Policy violation of a document into
# window.cspViolations (set up before any of the page's own scripts run).
CSP_VIOLATION_RECORDER = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.cspViolations.push({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
    disposition: event.disposition,
  });
});
"""


# How Chromium names the policies in its console messages.
POLICY_NAMES = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy")


class PolicyWatch:
    """What the browser says about the page's policies: violation events and console messages.

    ``violations(page)`` lists both for the page now shown, then forgets the
    console messages so the next page starts clean.
    """

    def __init__(self, page):
        self.console: list[str] = []
        self.documents: list = []  # every response that was a page (main-frame document)
        page.add_init_script(CSP_VIOLATION_RECORDER)
        page.on("console", self._on_console)
        page.on("response", self._on_response)

    def _on_console(self, message) -> None:
        if any(policy in message.text for policy in POLICY_NAMES):
            self.console.append(message.text)

    def _on_response(self, response) -> None:
        request = response.request
        if request.is_navigation_request() and request.frame.parent_frame is None:
            self.documents.append(response)

    def violations(self, page) -> list:
        # Violation events are dispatched as tasks after the fact: let them run first.
        page.wait_for_load_state("load")
        events = page.evaluate("new Promise(done => setTimeout(() => done(window.cspViolations || []), 100))")
        found, self.console = [*events, *self.console], []
        return found


@pytest.fixture
def policy_watch(page):
    return PolicyWatch(page)
