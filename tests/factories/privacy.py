"""A member with a row in every register entry a customer can have, made the way the shop makes them.

``populated_member`` needs the ``processors`` fixture (certificates and e-mail
go through the gateway) and runs on-commit work itself.
"""

import dataclasses
import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from legal.documents import services
from legal.documents.models import Acceptance, ChangeNotice
from legal.processors import outbox
from legal.processors.models import PersonalDataField, Purpose
from offsets.calculator.models import FootprintCalculation
from offsets.models import Certificate
from shop.api.services import api_access_record, api_key_create
from tests.factories.certificates import certificate_for, retired_order
from tests.factories.legal import accepted_set, published_version
from tests.factories.offsets import CreditBatchFactory

User = get_user_model()
Country = get_model("address", "Country")
UserAddress = get_model("address", "UserAddress")
ShippingAddress = get_model("order", "ShippingAddress")
BillingAddress = get_model("order", "BillingAddress")
OrderNote = get_model("order", "OrderNote")
CheckoutSubmission = get_model("order", "CheckoutSubmission")
CompanyPurchaseDefaults = get_model("order", "CompanyPurchaseDefaults")
Voucher = get_model("voucher", "Voucher")
VoucherApplication = get_model("voucher", "VoucherApplication")
Email = get_model("communication", "Email")
Notification = get_model("communication", "Notification")
ProductAlert = get_model("customer", "ProductAlert")
Basket = get_model("basket", "Basket")
ProductReview = get_model("reviews", "ProductReview")
Vote = get_model("reviews", "Vote")
WishList = get_model("wishlists", "WishList")
WishListLine = get_model("wishlists", "Line")
WishListSharedEmail = get_model("wishlists", "WishListSharedEmail")
UserRecord = get_model("analytics", "UserRecord")
UserProductView = get_model("analytics", "UserProductView")
UserSearch = get_model("analytics", "UserSearch")
Bankcard = get_model("payment", "Bankcard")
Selector = get_class("partner.strategy", "Selector")

MEMBER_EMAIL = "hanako.yamada@example.jp"
MEMBER_PASSWORD = "a-long-passphrase-42"
BENEFICIARY = "山田 花子"


@dataclasses.dataclass
class PopulatedMember:
    user: object
    order: object
    certificate: Certificate
    product: object


def japan() -> Country:
    country, _created = Country.objects.get_or_create(
        iso_3166_1_a2="JP", defaults={"name": "Japan", "printable_name": "日本", "iso_3166_1_a3": "JPN"}
    )
    return country


def populated_member(*, email: str = MEMBER_EMAIL, beneficiary: str = BENEFICIARY) -> PopulatedMember:
    """A member who registered, bought, got a certificate and used every corner of Oscar."""
    user = User.objects.create_user(
        username=email.split("@")[0],
        email=email,
        password=MEMBER_PASSWORD,
        first_name="花子",
        last_name="山田",
    )
    versions = accepted_set()
    services.acceptances_record(versions=versions, context=Acceptance.Context.REGISTRATION, user=user)
    batch = CreditBatchFactory()
    product = batch.product
    order = retired_order(batches=[batch], user=user, beneficiary_name=beneficiary)
    services.order_acceptances_record(order=order, versions=versions, user=user, email=email)
    certificate = certificate_for(order=order)  # provision records and the certificate e-mail, sent
    FootprintCalculation.objects.create(  # what the order offset, from the footprint calculator
        basket_id=order.basket_id or 0,
        order=order,
        fiscal_year=2025,
        kg_co2=1890,
        tonnes_to_buy=2,
        inputs={"amounts": [{"activity": "electricity", "unit": "kWh", "amount": "4200"}]},
    )

    country = japan()
    address = {
        "first_name": "花子", "last_name": "山田", "line1": "千代田区丸の内1-1-1", "line4": "東京都",
        "postcode": "100-0005", "country": country,
    }  # fmt: skip
    UserAddress.objects.create(user=user, phone_number="+81312345678", **address)
    shipping = ShippingAddress.objects.create(phone_number="+81312345678", **address)
    billing = BillingAddress.objects.create(**address)
    type(order).objects.filter(pk=order.pk).update(shipping_address=shipping, billing_address=billing)
    OrderNote.objects.create(
        order=order, note_type="Info", message="お客様から証明書の宛名について問い合わせ"
    )
    CheckoutSubmission.objects.create(
        order_number=order.number, basket_id=order.basket_id or 0, user=user, email=email,
        beneficiary_name=beneficiary, amount=9900, status=CheckoutSubmission.Status.PLACED,
    )  # fmt: skip
    CompanyPurchaseDefaults.objects.create(  # kept at checkout for the member's next order (issue 17)
        user=user, company_name="山田商店", company_contact_name="山田花子", invoice_recipient_name="山田商店"
    )
    api_key = api_key_create(user=user, name="会計システム").key  # the business buyers' API (issue 17)
    api_access_record(key=api_key, endpoint="api/v1/orders/", method="GET", status=200)
    voucher = Voucher.objects.create(
        name=f"初回割引 {user.pk}",
        code=f"WELCOME{user.pk}",
        start_datetime=timezone.now() - datetime.timedelta(days=1),
        end_datetime=timezone.now() + datetime.timedelta(days=30),
    )
    VoucherApplication.objects.create(voucher=voucher, user=user, order=order)

    notice_version = published_version("terms")
    ChangeNotice.objects.create(version=notice_version, user=user, emailed_at=timezone.now())
    with TestCase.captureOnCommitCallbacks(execute=True):
        outbox.email_enqueue(
            purpose=Purpose.ACCOUNT_EMAIL,
            recipient=email,
            template="customer/emails/registration",
            personal_data={PersonalDataField.NAME: user.get_full_name()},
            context={"account_url": "http://shop.example/accounts/"},
            subject_user=user,
        )
    Email.objects.create(user=user, email=email, subject="パスワードを変更しました", body_text="本文")
    Notification.objects.create(recipient=user, subject="お知らせ", body="証明書を発行しました")

    ProductAlert.objects.create(product=product, user=user)
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy()
    basket.add_product(product, 2)
    other = User.objects.create_user(
        username=f"reviewer-{user.pk}", email=f"reviewer-{user.pk}@example.jp", password=MEMBER_PASSWORD
    )
    their_review = ProductReview.objects.create(
        product=product, user=other, score=4, title="良い", body="良い森"
    )
    ProductReview.objects.create(product=product, user=user, score=5, title="満足", body="森を守れて嬉しい")
    Vote.objects.create(review=their_review, user=user, delta=Vote.UP)
    wish_list = WishList.objects.create(owner=user, name="来年の分")
    WishListLine.objects.create(wishlist=wish_list, product=product, title=product.title, quantity=3)
    WishListSharedEmail.objects.create(wishlist=wish_list, email="friend@example.jp")
    UserRecord.objects.create(user=user, num_product_views=3)
    UserProductView.objects.create(user=user, product=product)
    UserSearch.objects.create(user=user, query="北海道 森林")
    Bankcard.objects.create(
        user=user, card_type="Visa", name="HANAKO YAMADA", number="XXXX-XXXX-XXXX-4242",
        expiry_date=datetime.date(2030, 12, 31),
    )  # fmt: skip
    # The personal-data side: a request of theirs, a restriction, a breach notice, staff looking.
    from legal.privacy.incidents.models import IncidentNotice
    from legal.privacy.requests.models import RequestKind, UseRestriction
    from legal.staff.access_log import staff_access_record
    from legal.staff.models import AccessAction
    from tests.factories.incidents import incident_registered
    from tests.factories.privacy_requests import submitted

    with TestCase.captureOnCommitCallbacks(execute=True):
        submitted(RequestKind.CESSATION_OF_USE, user=user)
    UseRestriction.objects.create(user=user, email=email, scope=UseRestriction.Scope.USE)
    IncidentNotice.objects.create(incident=incident_registered(), email=email, user=user)
    colleague = User.objects.create_user(
        username=f"staff-{user.pk}", email=f"staff-{user.pk}@offsetmart.example", is_staff=True
    )
    staff_access_record(staff=colleague, action=AccessAction.VIEW_CUSTOMER, subject_user=user)
    # Logins: a failed one being counted, and the logs the shop leaves switched off.
    login = {
        "username": email,
        "ip_address": "203.0.113.7",
        "user_agent": "Firefox",
        "path_info": "/accounts/login/",
    }
    AccessAttempt.objects.create(**login, failures_since_start=1)
    AccessLog.objects.create(**login)
    AccessFailureLog.objects.create(**login)
    # The invoice (a correction naming the member's company) and a receipt printed twice.
    from shop.invoices import services as invoice_services

    invoice = invoice_services.invoice_issue(order=order)
    invoice_services.invoice_correct(invoice=invoice, recipient_name="株式会社テスト商事", reason="宛名")
    invoice_services.receipt_print(order=order, addressee="山田 花子")
    invoice_services.receipt_print(order=order)

    order.refresh_from_db()
    certificate.refresh_from_db()
    return PopulatedMember(user=user, order=order, certificate=certificate, product=product)
