"""axe-core on every page the browser tests visit: serious or critical WCAG 2.1 A/AA violations fail.

The audit is an init script (tests/browser/vendor/axe-core, injected by the browser's devtools, so
the shop's Content-Security-Policy neither blocks it nor needs loosening): when a top-level page has
loaded, axe runs over it and reports through the console; the ``page`` fixture collects the reports
and, when the test ends, audits the page still shown and fails on any violation not excused below.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

AXE = (Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
MARKER = "AXE-AUDIT "
FAILING_IMPACTS = ("serious", "critical")
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
_RUN = f"""
(function () {{
  var found = function (results) {{
    return results.violations
      .filter(function (v) {{ return {json.dumps(list(FAILING_IMPACTS))}.indexOf(v.impact) >= 0; }})
      .map(function (v) {{
        return {{id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.slice(0, 5).map(function (n) {{ return n.target.join(" "); }})}};
      }});
  }};
  window.__axeAudit = function () {{
    return axe.run(document, {json.dumps(AXE_OPTIONS)}).then(function (results) {{
      return {{url: location.href, violations: found(results)}};
    }});
  }};
}})();
"""
# Runs axe on the page shown now, loading it first where the init script did not (see ``attach``).
AUDIT_NOW = f"""() => {{
  if (!window.__axeAudit) {{
    {AXE}
    {_RUN}
  }}
  return window.__axeAudit();
}}"""
INIT_SCRIPT = f"""
if (window.top === window) {{
{AXE}
{_RUN}
  window.addEventListener("load", function () {{
    setTimeout(function () {{
      window.__axeAudit().then(function (report) {{
        console.log({json.dumps(MARKER)} + JSON.stringify(report));
      }});
    }}, 0);
  }});
}}
"""

# Violations reviewed and left, each with its reason: (address pattern, axe rule) → why. Only Oscar's
# and Django's own staff markup, which the shop would have to rewrite wholesale to change; every
# page the shop wrote itself, and every customer page, must pass.
OSCAR_DASHBOARD = "Oscar's dashboard markup, kept to follow Oscar's upgrades"
EXCUSED: dict[tuple[str, str], str] = {
    (r"/dashboard/", "list"): f"{OSCAR_DASHBOARD}: its navigation puts dropdown markup directly in <ul>",
    (r"/dashboard/orders/\d+/", "listitem"): f"{OSCAR_DASHBOARD}: the order page's tabs (<li> in a <div>)",
    (r"/dashboard/orders/\d+/", "aria-required-children"): f"{OSCAR_DASHBOARD}: the same tabs' role",
    (r"/dashboard/$", "definition-list"): f"{OSCAR_DASHBOARD}: the index's statistics <dl>",
    (r"/dashboard/(catalogue|orders|users)/", "label"): (
        f"{OSCAR_DASHBOARD}: django-tables2 row checkboxes and select2's search box carry no label"
    ),
    (r"/dashboard/(catalogue|users)/", "link-name"): (
        f"{OSCAR_DASHBOARD}: django-tables2 makes the checkbox and action columns' headers empty sort links"
    ),
    (r"/admin/", "link-in-text-block"): "Django admin's breadcrumbs: links in a coloured bar (Django's)",
}


@dataclass
class AccessibilityAudit:
    reports: dict[str, list] = field(default_factory=dict)  # url → violations

    def attach(self, page, *, on_every_load: bool = True) -> None:
        """Audit every page as it loads; or, for the tests that watch the Content-Security-Policy (axe
        builds style elements of its own, which the policy reports), only the page shown at the end."""
        if on_every_load:
            page.add_init_script(INIT_SCRIPT)
        page.on("console", self._on_console)

    def _on_console(self, message) -> None:
        if message.text.startswith(MARKER):
            report = json.loads(message.text[len(MARKER) :])
            self.reports[report["url"]] = report["violations"]

    def audit_now(self, page) -> None:
        """Audit the page shown now (the last one, which may not have reported yet)."""
        try:
            page.wait_for_load_state("load", timeout=5_000)
            report = page.evaluate(AUDIT_NOW)
        except Exception:  # noqa: BLE001  (a page closed or navigating: its own load report counts)
            return
        if report:
            self.reports[report["url"]] = report["violations"]

    def failures(self) -> list[str]:
        failing = []
        for url, violations in self.reports.items():
            for violation in violations:
                if _excused(url, violation["id"]):
                    continue
                what = f"{violation['impact']} {violation['id']} ({violation['help']})"
                failing.append(f"{url}: {what} at {violation['nodes']}")
        return failing


def _excused(url: str, rule: str) -> bool:
    return any(re.search(pattern, url) and rule == excused_rule for pattern, excused_rule in EXCUSED)
