"""Oscar's leftovers that make no sense for offsets are gone, in both languages."""

import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from tests.factories.offsets import CreditBatchFactory, OffsetProjectFactory

pytestmark = pytest.mark.django_db
PREFIXES = pytest.mark.parametrize("prefix", ["", "/en"])


@pytest.fixture
def basket(client):
    """A visitor's basket holding two tonnes of a credit batch."""
    batch = CreditBatchFactory(serial_first=1, serial_last=100, price_per_tonne=3300)
    with translation.override("ja"):
        client.post(reverse("basket:add", kwargs={"pk": batch.product.pk}), {"quantity": 2})
    return batch


def text_of(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@PREFIXES
def test_the_basket_has_no_voucher_box(client, basket, prefix):
    page = text_of(client.get(f"{prefix}/basket/"))

    assert "¥6,600" in page  # the basket is there
    assert 'id="voucher_form"' not in page
    assert "/basket/vouchers/add/" not in page


@PREFIXES
def test_the_menu_has_no_offers(client, prefix):
    page = text_of(client.get(f"{prefix}/"))

    assert f'href="{prefix}/offers/"' not in page
    assert "セール" not in page and ">Offers<" not in page


@pytest.mark.parametrize(
    ("prefix", "title", "oscars"),
    [
        ("", "ログイン、またはメールアドレスの入力", "あなたは誰ですか"),
        ("/en", "Sign in, or give your e-mail address", "Who are you?"),
    ],
)
def test_the_checkout_asks_for_sign_in_or_an_e_mail_address_in_plain_words(
    client, basket, prefix, title, oscars
):
    page = text_of(client.get(f"{prefix}/checkout/"))

    assert title in page
    assert oscars not in page


@pytest.mark.parametrize(
    ("prefix", "label"), [("", "カートの中身を表示"), ("/en", "Show what is in the basket")]
)
def test_the_mini_basket_button_is_labelled_in_the_page_language(client, basket, prefix, label):
    page = text_of(client.get(f"{prefix}/catalogue/"))

    assert f'<span class="sr-only">{label}</span>' in page
    assert "Toggle Dropdown" not in page


def _basket_thumbnail_colour(client, prefix: str) -> tuple[int, int, int]:
    """The colour at the top-left of the basket line's thumbnail, as the browser loads it."""
    page = client.get(f"{prefix}/basket/").content.decode()
    [thumbnail] = re.findall(r'<img class="img-thumbnail[^"]*" src="(/media/cache/[^"]+)"', page)
    response = client.get(thumbnail)
    assert response.status_code == 200
    image = Image.open(io.BytesIO(b"".join(response.streaming_content))).convert("RGB")
    return image.getpixel((2, 2))


def _near(colour: tuple[int, int, int], expected: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 12 for a, b in zip(colour, expected, strict=True))


@PREFIXES
def test_a_basket_line_without_images_shows_the_offset_illustration_not_oscars_placeholder(
    client, basket, prefix, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"

    # the illustration's sky (static/oscar/img/offset-project.png), not Oscar's grey "Image Not Available"
    assert _near(_basket_thumbnail_colour(client, prefix), (0xE6, 0xF0, 0xEA))


def test_a_basket_line_shows_its_project_photo_when_there_is_one(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 30, 40)).save(photo, "PNG")
    project = OffsetProjectFactory(image=SimpleUploadedFile("forest.png", photo.getvalue(), "image/png"))
    batch = CreditBatchFactory(project=project)
    client.post(f"/basket/add/{batch.product.pk}/", {"quantity": 1})

    assert _near(_basket_thumbnail_colour(client, ""), (200, 30, 40))
