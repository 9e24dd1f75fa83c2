"""The register of third-party recipients and of countries' systems, and the texts' blocks built from them."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from legal.documents.rendering import fill_placeholders
from legal.processors import services
from legal.processors.models import ThirdParty

pytestmark = pytest.mark.django_db


def test_every_change_to_a_third_party_is_kept(processors, admin_user):
    verra = ThirdParty.objects.get(name="Verra")
    verra.measures_en = "New measures."

    services.third_party_save(third_party=verra, changed_by=admin_user)

    latest = verra.changes.first()
    assert latest.changed_by == admin_user
    assert latest.changes["measures_en"][1] == "New measures."


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"country": "SG"}, "country"),  # no information about Singapore's system registered
        ({"measures_ja": ""}, "measures_ja"),  # abroad without its measures
        ({"data_scope": ["shoe_size"]}, "data_scope"),
    ],
)
def test_a_recipient_abroad_needs_what_consent_must_show(processors, changes, field):
    verra = ThirdParty.objects.get(name="Verra")
    for name, value in changes.items():
        setattr(verra, name, value)

    with pytest.raises(ValidationError) as refused:
        services.third_party_save(third_party=verra, changed_by=None)

    assert field in refused.value.message_dict


@pytest.mark.parametrize(
    "language, expected",
    [
        ("ja", ["Verra", "アメリカ合衆国", "スイス連邦", "Stripe, Inc.", "PCI DSS", "受益者名"]),
        ("en", ["Verra", "United States of America", "Swiss Confederation", "Gold Standard Foundation"]),
    ],
)
def test_the_texts_blocks_list_the_third_parties_and_the_recipients_abroad(processors, language, expected):
    with translation.override(language):
        text = fill_placeholders("{{ third_parties }}\n\n{{ recipients_abroad }}")

    for shown in expected:
        assert shown in text, shown
    assert "J-クレジット制度事務局" in text  # a third party in Japan is listed, not as abroad
