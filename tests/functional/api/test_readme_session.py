"""The README's example API session, run as written (curl in bash) against a live shop."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.factories.invoices import invoiceable_order
from tests.factories.offsets import CreditBatchFactory

README = Path(__file__).resolve().parents[3] / "README.md"


def readme_session() -> tuple[str, dict]:
    """The README's example shell session and the quote it shows."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("An example session") :]
    shell = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    quote = json.loads(re.search(r"```json\n(.*?)```", section, re.S).group(1))
    return shell, quote


def json_documents(output: str) -> list:
    """The JSON answers curl printed one after another (no newline between them)."""
    decoder, documents, position = json.JSONDecoder(), [], 0
    while position < len(output):
        document, position = decoder.raw_decode(output, position)
        documents.append(document)
        while position < len(output) and output[position].isspace():
            position += 1
    return documents


@pytest.mark.skipif(shutil.which("curl") is None, reason="the README's session uses curl")
def test_the_readme_api_session_runs_as_written(live_server, client, django_user_model):
    member = django_user_model.objects.create_user(
        username="buyer", email="buyer@company.example", password="pw-12345678"
    )
    CreditBatchFactory(price_per_tonne=3300, serial_first=1, serial_last=5000)
    order = invoiceable_order(user=member)
    # "Create a key: sign in, open Account → API keys, give it a name and copy the key shown."
    client.force_login(member)
    page = client.post("/accounts/api-keys/", {"name": "ERP"}).content.decode()
    key = re.search(r'id="api-key-secret">([^<]+)<', page).group(1)
    shell, readme_quote = readme_session()
    # The exports name the shop and the key; the test's own shop and key take their place.
    script = "\n".join(line for line in shell.splitlines() if not line.startswith("export "))

    done = subprocess.run(
        [shutil.which("bash") or "/bin/bash", "-euo", "pipefail", "-c", script],
        env={**os.environ, "OFFSET_MART": live_server.url, "OFFSET_MART_API_KEY": key},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    batches, quote, orders = json_documents(done.stdout)
    assert batches[0]["price_per_tonne"] == 3300
    assert set(quote) == set(readme_quote)  # the README shows the quote as the API answers it
    assert (quote["batch"], quote["tonnes"], quote["total_incl_tax"]) == (batches[0]["id"], 25, 82_500)
    assert quote["consumption_tax"] == readme_quote["consumption_tax"] == 7_500
    assert [entry["number"] for entry in orders["results"]] == [order.number]
