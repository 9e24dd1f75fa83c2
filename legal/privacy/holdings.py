"""The register of personal data: every model that holds some, and what happens to it.

``HOLDINGS`` has one entry (a ``Holding``, see ``holding``) per kind of record:
how to reach one person's rows, what their export shows, what withdrawal does
and how long the rows are kept. Most entries come in a few shapes, each
written by one helper below, so an entry states only what is its own:

- ``kept_while_member``: a member's own records (address book, baskets, wish
  lists…), deleted when they withdraw;
- ``deleted_on_withdrawal``: deleted when the member withdraws, and otherwise
  after the days of its retention category;
- ``retained_on_withdrawal``: kept because the law needs it, detached from the
  account; ``tax_record`` for the orders_and_tax records and ``part_of_order``
  for those reached through their order;
- ``login_record``: django-axes' record of a login to an account, kept as a
  server log;
- ``staff_work``: a record of staff work that names the staff member who
  acted; withdrawal clears that link and the record stays.

``SECTIONS`` are the sections of a person's export, ``RETENTION_CATEGORIES``
what each retention category covers, for people.

``NOT_ABOUT_A_PERSON`` lists the models whose fields look personal (a name,
an address) but are not about a person, each with the reason.

tests/integration/legal/test_personal_data.py walks every installed model and
fails when one that links to a user or has a personal-looking field is in
neither list: a new model must be registered here before it ships.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from legal.processors.models import PersonalDataField

from .holding import AtRetentionEnd, Holding, OnWithdrawal, field_at

# The export's sections, in the order a person reads them.
SECTIONS: dict[str, Any] = {
    "profile": _("Profile"),
    "addresses": _("Address book"),
    "orders": _("Orders"),
    "acceptances": _("Terms and policies you accepted"),
    "consents": _("Consents"),
    "certificates": _("Certificates"),
    "provision_records": _("Data handed to our processors and to registry operators"),
    "privacy_requests": _("Your requests about your personal data"),
    "emails": _("E-mails we sent you"),
    "notifications": _("Notifications"),
    "product_alerts": _("Stock alerts"),
    "baskets": _("Baskets"),
    "reviews": _("Reviews"),
    "wish_lists": _("Wish lists"),
    "browsing": _("Searches and products viewed"),
    "payment_cards": _("Saved cards"),
    "logins": _("Login records"),
    "api": _("API keys and their use"),
    "staff_access": _("When our staff looked at your data"),
    "incident_notices": _("Notices of incidents involving your data"),
    "staff_activity": _("Your actions as a staff member"),
}

# What each retention category covers, for people (withdrawal page, reports).
RETENTION_CATEGORIES: dict[str, Any] = {
    "account": _("Your account: kept while you are a member"),
    "orders_and_tax": _("Orders, certificates and the terms accepted with them (tax and contract records)"),
    "invoices": _("Invoices and receipts issued to you (books records)"),
    "checkout": _("Details entered at checkout"),
    "provision_records": _("Records of data handed to our processors"),
    "email_log": _("E-mails sent"),
    "browsing_history": _("Searches and products viewed"),
    "product_alerts": _("Stock alerts no longer active"),
    "admin_log": _("Administration history"),
    "server_logs": _("Server logs and IP addresses"),
    "api_access": _("Records of requests made with your API keys"),
    "staff_access_log": _("Records of which staff member looked at whose data"),
    "privacy_requests": _("Your requests about your personal data and our replies"),
    "identity_documents": _("Identity documents and disclosed copies of your data"),
    "incidents": _("Notices of incidents involving personal data"),
    "staff_records": _("Records of staff actions"),
    "backups": _("Database backups"),
    "withdrawal_log": _("Record that an account was closed (no personal data)"),
}


# --- What entries share ----------------------------------------------------------

ADDRESS_FIELDS = (
    "title", "first_name", "last_name", "line1", "line2", "line3", "line4", "state", "postcode",
    ("country__printable_name", _("Country")),
)  # fmt: skip
ADDRESS_ANONYMISED = dict.fromkeys(
    (
        "title",
        "first_name",
        "last_name",
        "line1",
        "line2",
        "line3",
        "line4",
        "state",
        "postcode",
        "search_text",
    ),
    "",
)
# Buying for a company (issue 17): the contact person's name, and a sole proprietor's business, are
# personal data, kept and blanked with the order that holds them.
COMPANY_PURCHASE_FIELDS = (
    "company_name",
    "company_department",
    "company_contact_name",
    "invoice_recipient_name",
)
COMPANY_PURCHASE_ANONYMISED = dict.fromkeys(COMPANY_PURCHASE_FIELDS, "")
DETACHED_ORDERS = Q(user__isnull=True)  # guest orders, and members' orders once they withdrew
OF_DETACHED_ORDERS = Q(order__user__isnull=True)
ALERTS_NOT_ACTIVE = Q(status__in=["Unconfirmed", "Cancelled", "Closed"])

KEEP_WHILE_MEMBER = "A member's own data, kept for the account; deleted when they withdraw."
STAFF_ACTOR = (
    "Records what staff did; it is about the work, not the staff member. Withdrawal clears the link "
    "and keeps the record."
)
LOGIN_RECORD = (
    "django-axes' record of a login, against the e-mail address or username typed and the client's IP "
    "address (of an IPv6 client, the first address of its /64 block: common.http.client_network), to stop "
    "password guessing (unauthorised access, as the privacy policy says). Not linked to "
    "the account, so withdrawal leaves it to lapse: deleted after the server_logs period at the latest."
)


# --- The shapes of entries ---------------------------------------------------------


def deleted_on_withdrawal(*, retention: str, **entry: Any) -> Holding:
    """An entry whose rows go when their member withdraws, and otherwise when ``retention`` ends."""
    return Holding(on_withdrawal=OnWithdrawal.DELETE, retention=retention, **entry)


def kept_while_member(*, reason: str = KEEP_WHILE_MEMBER, **entry: Any) -> Holding:
    """A member's own records: kept while they are a member ("account"), deleted when they withdraw."""
    return deleted_on_withdrawal(retention="account", reason=reason, **entry)


def retained_on_withdrawal(*, retention: str, **entry: Any) -> Holding:
    """An entry whose rows outlive the account: withdrawal detaches them, ``retention`` ends them."""
    return Holding(on_withdrawal=OnWithdrawal.RETAIN, retention=retention, **entry)


def tax_record(**entry: Any) -> Holding:
    """A tax or contract record: kept after withdrawal for the orders_and_tax period."""
    return retained_on_withdrawal(retention="orders_and_tax", **entry)


def part_of_order(*, retention_applies_to: Q | None = OF_DETACHED_ORDERS, **entry: Any) -> Holding:
    """A tax record that belongs to an order: reached and dated through it, ended once it is detached."""
    return tax_record(
        user_paths=("order__user",),
        email_paths=("order__guest_email",),
        retained_from="order__date_placed",
        retention_applies_to=retention_applies_to,
        **entry,
    )


def login_record(*, reason: str = LOGIN_RECORD, **entry: Any) -> Holding:
    """A django-axes record of a login: found by the e-mail address typed, kept as long as server logs."""
    return retained_on_withdrawal(
        section="logins",
        email_paths=("username",),
        retention="server_logs",
        retained_from="attempt_time",
        reason=reason,
        **entry,
    )


def staff_work(*, retention: str = "staff_records", reason: str = STAFF_ACTOR, **entry: Any) -> Holding:
    """A record of staff work, shown to the staff member who acted; withdrawal clears that link only."""
    return Holding(
        section="staff_activity",
        on_withdrawal=OnWithdrawal.DETACH,
        retention=retention,
        reason=reason,
        **entry,
    )


HOLDINGS: list[Holding] = [
    # --- Profile ---------------------------------------------------------------
    kept_while_member(
        model=settings.AUTH_USER_MODEL,
        key="account",
        section="profile",
        title=_("Your account"),
        user_paths=("pk",),
        email_paths=("email",),
        export_fields=(
            "first_name",
            "last_name",
            "email",
            "username",
            "date_joined",
            "last_login",
            "is_active",
        ),
        retained_from="date_joined",
        reason="The member's account; withdrawal deletes it last, after the register has been applied.",
    ),
    kept_while_member(
        model="address.UserAddress",
        key="address_book",
        section="addresses",
        title=_("Saved addresses"),
        user_paths=("user",),
        export_fields=(
            *ADDRESS_FIELDS,
            "phone_number",
            "notes",
            "is_default_for_shipping",
            "is_default_for_billing",
            "date_created",
        ),
        retained_from="date_created",
    ),
    kept_while_member(
        model="order.CompanyPurchaseDefaults",
        key="company_purchase_defaults",
        section="profile",
        title=_("Company details kept for your next order"),
        user_paths=("user",),
        export_fields=(*COMPANY_PURCHASE_FIELDS, "updated_at"),
        retained_from="updated_at",
        reason="Kept only while the member asks for it at checkout (unticking the box deletes it); the "
        "contact person's name, or a sole proprietor's business, is personal data.",
    ),
    # --- Orders: tax and contract records, kept 7 years ------------------------
    tax_record(
        model="order.Order",
        key="orders",
        section="orders",
        title=_("Orders"),
        user_paths=("user",),
        email_paths=("guest_email",),
        export_fields=(
            "number",
            "date_placed",
            "status",
            "total_incl_tax",
            "currency",
            "guest_email",
            "beneficiary_name",
            "offset_purpose",
            "show_on_verification_page",
            *COMPANY_PURCHASE_FIELDS,
            "tax_breakdown",
        ),
        keep_email_in="guest_email",
        retained_from="date_placed",
        retention_applies_to=DETACHED_ORDERS,
        at_retention_end=AtRetentionEnd.ANONYMISE,
        anonymised={
            "guest_email": "",
            "beneficiary_name": "",
            "offset_purpose": "",
            "show_on_verification_page": False,
            **COMPANY_PURCHASE_ANONYMISED,
        },
        reason="Books and tax records are kept 7 years (Corporation Tax Act); paid orders are never "
        "deleted, so the buyer's details are blanked when the period ends.",
    ),
    tax_record(
        model="order.Order",
        key="cross_border_consents",
        section="consents",
        title=_("Consent to transfers abroad, given with each order"),
        user_paths=("user",),
        email_paths=("guest_email",),
        export_fields=("number", "date_placed", "cross_border_consent", "show_on_verification_page"),
        retained_from="date_placed",
        view_of="orders",
        reason="The consents recorded on the orders above (APPI Art. 28), shown on their own.",
    ),
    part_of_order(
        model="order.Line",
        key="order_lines",
        section="orders",
        title=_("Order lines"),
        export_fields=("order__number", "title", "quantity", "line_price_incl_tax", "partner_name"),
        retention_applies_to=None,
        at_retention_end=AtRetentionEnd.NOTHING,
        reason="What was bought; it names no one (partner_name is the seller) once its order is anonymised.",
    ),
    part_of_order(
        model="order.ShippingAddress",
        key="shipping_addresses",
        section="orders",
        title=_("Addresses on orders (shipping)"),
        export_fields=("order__number", *ADDRESS_FIELDS, "phone_number", "notes"),
        at_retention_end=AtRetentionEnd.ANONYMISE,
        anonymised={**ADDRESS_ANONYMISED, "phone_number": "", "notes": ""},
        reason="Part of the order's record; blanked with the order.",
    ),
    part_of_order(
        model="order.BillingAddress",
        key="billing_addresses",
        section="orders",
        title=_("Addresses on orders (billing)"),
        export_fields=("order__number", *ADDRESS_FIELDS),
        at_retention_end=AtRetentionEnd.ANONYMISE,
        anonymised=ADDRESS_ANONYMISED,
        reason="Part of the order's record; blanked with the order.",
    ),
    part_of_order(
        model="order.OrderNote",
        key="order_notes",
        section="orders",
        title=_("Notes on orders"),
        export_fields=("order__number", "note_type", "message", "date_created"),
        reason="Staff notes on the order's handling, kept with it; free text, so deleted when it ends.",
    ),
    retained_on_withdrawal(
        model="order.CheckoutSubmission",
        key="checkout_submissions",
        section="orders",
        title=_("Checkouts"),
        user_paths=("user",),
        email_paths=("email",),
        export_fields=(
            "order_number",
            "created_at",
            "status",
            "email",
            "beneficiary_name",
            "offset_purpose",
            "show_on_verification_page",
            *COMPANY_PURCHASE_FIELDS,
            "amount",
        ),
        retention="checkout",
        retained_from="created_at",
        at_retention_end=AtRetentionEnd.ANONYMISE,
        anonymised={"email": "", "beneficiary_name": "", "offset_purpose": "", **COMPANY_PURCHASE_ANONYMISED},
        reason="A payment taken at checkout can still succeed and place the order from the webhook; "
        "after that the order holds its own copy and these details are blanked.",
    ),
    tax_record(
        model="voucher.VoucherApplication",
        key="voucher_uses",
        section="orders",
        title=_("Vouchers used"),
        user_paths=("user",),
        export_fields=("voucher__code", "order__number", "date_created"),
        retained_from="date_created",
        at_retention_end=AtRetentionEnd.NOTHING,
        reason="A discount is part of the order's record; once detached from the member it names no one.",
    ),
    # --- Acceptances and notices -------------------------------------------------
    tax_record(
        model="legal.Acceptance",
        key="acceptances",
        section="acceptances",
        title=_("Versions accepted"),
        user_paths=("user",),
        email_paths=("email",),
        export_fields=(
            ("version__document__kind", _("Document")),
            ("version__number", _("Version")),
            "context",
            "order__number",
            "accepted_at",
            "email",
        ),
        retained_from="accepted_at",
        retention_applies_to=Q(user__isnull=True),
        at_retention_end=AtRetentionEnd.ANONYMISE,
        anonymised={"email": ""},
        reason="Proof of the terms a contract was made on, kept as long as the contract records.",
    ),
    kept_while_member(
        model="legal.ChangeNotice",
        key="change_notices",
        section="acceptances",
        title=_("Notices of changed terms"),
        user_paths=("user",),
        export_fields=(
            ("version__document__kind", _("Document")),
            ("version__number", _("Version")),
            "emailed_at",
            "seen_at",
        ),
        retained_from="emailed_at",
    ),
    # --- Certificates -------------------------------------------------------------
    part_of_order(
        model="offsets.Certificate",
        key="certificates",
        section="certificates",
        title=_("Certificates"),
        export_fields=(
            "number",
            "status",
            "order__number",
            "beneficiary_name",
            "offset_purpose",
            "show_publicly",
            "tonnes",
            "issued_at",
            "revoked_at",
        ),
        at_retention_end=AtRetentionEnd.ANONYMISE,
        anonymised={"beneficiary_name": "", "offset_purpose": "", "show_publicly": False},
        files=("pdf",),
        reason="What the order delivered; the serials stay retired and verifiable, the beneficiary and "
        "purpose are blanked and the PDF deleted with the order's details.",
    ),
    # --- Invoices and receipts (shop/invoices): tax records, kept from their issue ------------
    retained_on_withdrawal(
        model="invoices.Invoice",
        key="invoices",
        section="orders",
        title=_("Invoices"),
        user_paths=("order__user",),
        email_paths=("order__guest_email",),
        export_fields=(
            "number",
            "order__number",
            "issued_at",
            "transaction_date",
            "recipient_name",
            "simplified",
            "total_incl_tax",
            "correction_reason",
        ),
        retention="invoices",
        retained_from="issued_at",
        purge_method="expired_delete",
        reason="Issued invoices are books records (Corporation Tax Act, Consumption Tax Act): append-only, "
        "kept from their issue for the invoices period whatever happens to the account, then deleted.",
    ),
    retained_on_withdrawal(
        model="invoices.Receipt",
        key="receipts",
        section="orders",
        title=_("Receipts"),
        user_paths=("order__user",),
        email_paths=("order__guest_email",),
        export_fields=("number", "order__number", "issued_at", "addressee", "total_incl_tax"),
        retention="invoices",
        retained_from="issued_at",
        purge_method="expired_delete",
        reason="Receipts issued, kept like invoices; their print records (reissues) go with them.",
    ),
    # The footprint calculation offset by the order (issue 16): energy use tied to the beneficiary.
    part_of_order(
        model="offsets.FootprintCalculation",
        key="footprint_calculations",
        section="orders",
        title=_("Footprint calculations offset"),
        export_fields=(
            "order__number",
            "fiscal_year",
            "month",
            "inputs",
            "kg_co2",
            "tonnes_to_buy",
            "show_on_certificate",
        ),
        at_retention_end=AtRetentionEnd.ANONYMISE,
        anonymised={"inputs": {}, "lines": []},
        reason="What the order offset, kept with it; the energy use entered is blanked with the order's "
        "details, the tonnes stay.",
    ),
    # --- Provision records ---------------------------------------------------------
    retained_on_withdrawal(
        model="legal.ProvisionRecord",
        key="provision_records",
        section="provision_records",
        title=_("Hand-overs to processors and registry operators"),
        user_paths=("subject_user",),
        email_paths=("subject_email",),
        export_fields=(
            "provided_at",
            "processor_name",
            "purpose",
            "fields",
            "legal_basis",
            "subject_email",
            "reference",
        ),
        retention="provision_records",
        retained_from="provided_at",
        purge_method="expired_delete",
        code_labels={"fields": PersonalDataField},
        reason="APPI Art. 30 records, append-only, kept 3 years; the e-mail stays so the person can still "
        "ask for them. The member link goes with the account (the field's SET_NULL).",
    ),
    # --- E-mail ---------------------------------------------------------------------
    # --- The business buyers' API (shop/api) -----------------------------------------------
    kept_while_member(
        model="api.ApiKey",
        key="api_keys",
        section="api",
        title=_("API keys"),
        user_paths=("user",),
        export_fields=("name", "prefix", "created_at", "last_used_at", "revoked_at"),
        retained_from="created_at",
        reason="The member's keys (a digest, never the key itself), revoked ones included so the member "
        "can see what each did; deleted with the account.",
    ),
    deleted_on_withdrawal(
        model="api.ApiAccessRecord",
        key="api_access_records",
        section="api",
        title=_("Requests made with your API keys"),
        user_paths=("key__user",),
        export_fields=("key__name", "key__prefix", "endpoint", "method", "status", "at"),
        retention="api_access",
        retained_from="at",
        reason="Which key called which endpoint when (no IP address, no content): to answer the member "
        "and to spot a leaked key; deleted after the api_access period, or with the account.",
    ),
    deleted_on_withdrawal(
        model="legal.OutboxMessage",
        key="outbox",
        section="emails",
        title=_("E-mails sent or waiting"),
        user_paths=("subject_user",),
        email_paths=("recipient",),
        export_fields=("created_at", "purpose", "status", "recipient", "sent_at", "reference"),
        retention="email_log",
        retained_from="created_at",
        reason="The e-mail log; a member who leaves wants no more e-mail (the goodbye message is queued "
        "afterwards, to the address only).",
    ),
    deleted_on_withdrawal(
        model="communication.Email",
        key="email_history",
        section="emails",
        title=_("E-mail history"),
        user_paths=("user",),
        email_paths=("email",),
        export_fields=("date_sent", "email", "subject", "body_text"),
        retention="email_log",
        retained_from="date_sent",
        reason="Oscar's copy of the account e-mails it sent.",
    ),
    kept_while_member(
        model="communication.Notification",
        key="notifications",
        section="notifications",
        title=_("Notifications"),
        user_paths=("recipient",),
        export_fields=("date_sent", "subject", "body", "date_read"),
        retained_from="date_sent",
    ),
    # --- Oscar's own ----------------------------------------------------------------
    deleted_on_withdrawal(
        model="customer.ProductAlert",
        key="product_alerts",
        section="product_alerts",
        title=_("Stock alerts"),
        user_paths=("user",),
        email_paths=("email",),
        export_fields=(
            ("product__title", _("Product")),
            "email",
            "status",
            "date_created",
            "date_confirmed",
            "date_cancelled",
            "date_closed",
        ),
        retention="product_alerts",
        retained_from="date_created",
        retention_applies_to=ALERTS_NOT_ACTIVE,
        reason="Active alerts are kept until sent or cancelled; others go after a year.",
    ),
    kept_while_member(
        model="basket.Basket",
        key="baskets",
        section="baskets",
        title=_("Baskets"),
        user_paths=("owner",),
        export_fields=("id", "status", "date_created", "date_submitted"),
        retained_from="date_created",
        reason=KEEP_WHILE_MEMBER + " A basket without an owner names no one.",
    ),
    kept_while_member(
        model="basket.Line",
        key="basket_lines",
        section="baskets",
        title=_("Basket lines"),
        user_paths=("basket__owner",),
        export_fields=(
            ("basket_id", _("Basket")),
            ("product__title", _("Product")),
            "quantity",
            "date_created",
        ),
        retained_from="date_created",
    ),
    kept_while_member(
        model="reviews.ProductReview",
        key="reviews",
        section="reviews",
        title=_("Reviews"),
        user_paths=("user",),
        email_paths=("email",),
        export_fields=(
            ("product__title", _("Product")),
            "score",
            "title",
            "body",
            "name",
            "email",
            "homepage",
            "status",
            "date_created",
        ),
        retained_from="date_created",
        reason="What the person wrote about a product (reviews are hidden in this shop).",
    ),
    kept_while_member(
        model="reviews.Vote",
        key="review_votes",
        section="reviews",
        title=_("Votes on reviews"),
        user_paths=("user",),
        export_fields=(("review__title", _("Review")), "delta", "date_created"),
        retained_from="date_created",
    ),
    kept_while_member(
        model="wishlists.WishList",
        key="wish_lists",
        section="wish_lists",
        title=_("Wish lists"),
        user_paths=("owner",),
        export_fields=("name", "visibility", "date_created"),
        retained_from="date_created",
    ),
    kept_while_member(
        model="wishlists.Line",
        key="wish_list_lines",
        section="wish_lists",
        title=_("Wish list lines"),
        user_paths=("wishlist__owner",),
        export_fields=(("wishlist__name", _("Wish list")), "title", "quantity"),
        retained_from="wishlist__date_created",
    ),
    kept_while_member(
        model="wishlists.WishListSharedEmail",
        key="wish_list_shares",
        section="wish_lists",
        title=_("Addresses a wish list was shared with"),
        user_paths=("wishlist__owner",),
        email_paths=("email",),
        export_fields=(("wishlist__name", _("Wish list")), "email"),
        retained_from="wishlist__date_created",
        reason="The owner's list, and the e-mail of the person it was shared with: both go with the list.",
    ),
    kept_while_member(
        model="analytics.UserRecord",
        key="activity_counts",
        section="browsing",
        title=_("Activity counts"),
        user_paths=("user",),
        export_fields=(
            "num_product_views",
            "num_basket_additions",
            "num_orders",
            "num_order_lines",
            "num_order_items",
            "total_spent",
            "date_last_order",
        ),
        retained_from="date_last_order",
        reason="Oscar's per-member counters; deleted with the account.",
    ),
    deleted_on_withdrawal(
        model="analytics.UserProductView",
        key="products_viewed",
        section="browsing",
        title=_("Products viewed"),
        user_paths=("user",),
        export_fields=(("product__title", _("Product")), "date_created"),
        retention="browsing_history",
        retained_from="date_created",
        reason="Browsing history has no use beyond a few months.",
    ),
    deleted_on_withdrawal(
        model="analytics.UserSearch",
        key="searches",
        section="browsing",
        title=_("Searches"),
        user_paths=("user",),
        export_fields=("query", "date_created"),
        retention="browsing_history",
        retained_from="date_created",
        reason="Oscar's record of a member's searches (its saved searches): kept a few months.",
    ),
    kept_while_member(
        model="payment.Bankcard",
        key="saved_cards",
        section="payment_cards",
        title=_("Saved cards"),
        user_paths=("user",),
        export_fields=("card_type", "name", "number", "expiry_date"),
        retained_from="expiry_date",
        reason="Oscar's saved cards (unused: cards go to Stripe); deleted with the account.",
    ),
    # --- Logins (django-axes, shop/login_throttle/) ---------------------------------
    login_record(
        model="axes.AccessAttempt",
        key="failed_logins",
        title=_("Failed logins counted for the lockout"),
        export_fields=(
            "attempt_time",
            "username",
            "ip_address",
            "path_info",
            "failures_since_start",
            "user_agent",
        ),
        reason=LOGIN_RECORD + " Axes itself deletes an attempt once the lockout's cool-off has passed.",
    ),
    login_record(
        model="axes.AccessLog",
        key="login_history",
        title=_("Login history"),
        export_fields=("attempt_time", "logout_time", "username", "ip_address", "path_info", "user_agent"),
        reason=LOGIN_RECORD + " The shop does not write it (AXES_DISABLE_ACCESS_LOG).",
    ),
    login_record(
        model="axes.AccessFailureLog",
        key="failed_login_history",
        title=_("Failed login history"),
        export_fields=("attempt_time", "username", "ip_address", "path_info", "locked_out", "user_agent"),
        reason=LOGIN_RECORD + " The shop does not write it (AXES_ENABLE_ACCESS_FAILURE_LOG is off).",
    ),
    # The staff sign-in's second step (legal/staff/two_factor.py), shown with the staff member's
    # other staff records: the export says that a device exists and when it was used, never its
    # secret or codes.
    kept_while_member(
        model="otp_totp.TOTPDevice",
        key="authenticator_apps",
        section="staff_activity",
        title=_("Authenticator apps for the staff sign-in"),
        user_paths=("user",),
        export_fields=("name", "confirmed", "created_at", "last_used_at"),
        retained_from="created_at",
        reason="A staff member's second sign-in factor; deleted when the account is closed.",
    ),
    kept_while_member(
        model="otp_static.StaticDevice",
        key="recovery_code_sets",
        section="staff_activity",
        title=_("Recovery codes for the staff sign-in"),
        user_paths=("user",),
        export_fields=("name", "created_at", "last_used_at"),
        retained_from="created_at",
        reason="A staff member's single-use recovery codes (deleted with their set); deleted when the "
        "account is closed.",
    ),
    # --- Staff actors -------------------------------------------------------------
    deleted_on_withdrawal(
        model="admin.LogEntry",
        key="admin_history",
        section="staff_activity",
        title=_("Administration history"),
        user_paths=("user",),
        # Which object, not its description: descriptions can name the customers it was about.
        export_fields=(
            ("content_type__model", _("Kind of record")),
            "object_id",
            "action_time",
            "action_flag",
        ),
        retention="admin_log",
        retained_from="action_time",
        reason="Django's history of a staff member's admin changes; it cannot exist without its author, "
        "and its descriptions may name customers, so it is bounded to 3 years.",
    ),
    deleted_on_withdrawal(
        model="offer.RangeProductFileUpload",
        key="range_uploads",
        section="staff_activity",
        title=_("Product range uploads"),
        user_paths=("uploaded_by",),
        export_fields=("filepath", "date_uploaded"),
        retention="staff_records",
        retained_from="date_uploaded",
        reason="Oscar's record of a staff upload; it cannot exist without the uploader.",
    ),
    staff_work(
        model="order.OrderNote",
        key="order_notes_written",
        title=_("Notes written on orders"),
        user_paths=("user",),
        export_fields=("order__number", "date_created"),  # the text is about the customer, not the author
        retained_from="date_created",
        reason=STAFF_ACTOR + " (The field would cascade; withdrawal clears it first.)",
    ),
    staff_work(
        model="communication.Notification",
        key="notifications_sent",
        title=_("Notifications sent"),
        user_paths=("sender",),
        export_fields=("date_sent", "subject"),
        retained_from="date_sent",
        reason=STAFF_ACTOR + " The notification belongs to its recipient.",
    ),
    staff_work(
        model="partner.Partner",
        key="partners",
        title=_("Partners you manage"),
        user_paths=("users",),
        export_fields=("name",),
        retained_from="",
        reason="The seller company; a staff member's link to it goes with the account.",
    ),
    staff_work(
        model="offsets.Retirement",
        key="retirements_recorded",
        title=_("Registry retirements recorded"),
        user_paths=("recorded_by",),
        export_fields=("registry_reference", "retired_on", "recorded_at"),
        retained_from="recorded_at",
    ),
    staff_work(
        model="offsets.Certificate",
        key="certificates_requested",
        title=_("Certificates requested"),
        user_paths=("requested_by",),
        export_fields=("number", "created_at"),
        retained_from="created_at",
    ),
    staff_work(
        model="offsets.CertificateEvent",
        key="certificate_events",
        title=_("Certificate actions"),
        user_paths=("staff",),
        export_fields=("order__number", "action", "created_at"),
        retained_from="created_at",
    ),
    staff_work(
        model="offsets.EmissionFactor",
        key="emission_factors_added",
        title=_("Emission factors added"),
        user_paths=("created_by",),
        export_fields=("activity", "version", "created_at"),
        retained_from="created_at",
    ),
    staff_work(
        model="offsets.CertificateBulkRun",
        key="certificate_bulk_runs",
        title=_("Bulk certificate issuances"),
        user_paths=("requested_by",),
        export_fields=("total", "created_at"),
        retained_from="created_at",
    ),
    staff_work(
        model="offsets.Substitution",
        key="substitutions_scheduled",
        title=_("Substitutions of credits scheduled"),
        user_paths=("scheduled_by",),
        export_fields=("order_line__order__number", "tonnes", "scheduled_at"),
        retained_from="scheduled_at",
    ),
    staff_work(
        model="offsets.Substitution",
        key="substitutions_closed",
        title=_("Substitutions of credits carried out or cancelled"),
        user_paths=("closed_by",),
        export_fields=("order_line__order__number", "status", "closed_at"),
        retained_from="closed_at",
    ),
    staff_work(
        model="legal.DocumentVersion",
        key="versions_drafted",
        title=_("Legal versions drafted"),
        user_paths=("created_by",),
        export_fields=(("document__kind", _("Document")), "number", "created_at"),
        retained_from="created_at",
    ),
    staff_work(
        model="legal.DocumentVersion",
        key="versions_published",
        title=_("Legal versions published"),
        user_paths=("published_by",),
        export_fields=(("document__kind", _("Document")), "number", "published_at"),
        retained_from="published_at",
    ),
    staff_work(
        model="legal.ProcessorChange",
        key="processor_changes",
        title=_("Changes to processors"),
        user_paths=("changed_by",),
        export_fields=(("processor__name", _("Processor")), "changed_at"),
        retained_from="changed_at",
    ),
    staff_work(
        model="legal.ThirdPartyChange",
        key="third_party_changes",
        title=_("Changes to third-party recipients"),
        user_paths=("changed_by",),
        export_fields=(("third_party__name", _("Recipient")), "changed_at"),
        retained_from="changed_at",
    ),
    # --- Requests about personal data, restrictions, incident notices, access log ----
    retained_on_withdrawal(
        model="legal.PrivacyRequest",
        key="privacy_requests",
        section="privacy_requests",
        title=_("Requests you made"),
        user_paths=("requester",),
        email_paths=("requester_email", "agent_email"),
        export_fields=(
            "reference",
            "kind",
            "delivery_method",
            "details",
            "received_at",
            "due_on",
            "status",
            "decision",
            "refusal_reason",
            "refusal_explanation",
            "closed_at",
            "requester_name",
            "requester_email",
            "requester_postal_address",
            "agent_name",
            "agent_email",
        ),
        keep_email_in="requester_email",
        retention="privacy_requests",
        retained_from="closed_at",
        retention_applies_to=Q(closed_at__isnull=False),
        at_retention_end=AtRetentionEnd.ANONYMISE,
        anonymised={
            "requester_name": "",
            "requester_email": "",
            "requester_postal_address": "",
            "agent_name": "",
            "agent_email": "",
            "details": "",
            "corrections": [],
        },
        files=("export_json", "export_pdf"),
        reason="The record that we answered a request as the law requires (APPI Art. 32-39); kept "
        "three years after it closes, then stripped of who asked and what they wrote. Identity documents "
        "and the disclosed files go much earlier (privacy_requests_housekeeping).",
    ),
    retained_on_withdrawal(
        model="legal.UseRestriction",
        key="use_restrictions",
        section="consents",
        title=_("Uses of your data you asked us to stop"),
        user_paths=("user",),
        email_paths=("email",),
        export_fields=("scope", "started_at", "email"),
        keep_email_in="email",
        retention="privacy_requests",
        retained_from="started_at",
        retention_applies_to=Q(user__isnull=True),
        reason="Kept while the person is a member so the restriction keeps being honoured; once they "
        "withdrew, kept with the request's period as evidence, then deleted.",
    ),
    retained_on_withdrawal(
        model="legal.IncidentNotice",
        key="incident_notices",
        section="incident_notices",
        title=_("Incident notices sent to you"),
        user_paths=("user",),
        email_paths=("email",),
        export_fields=(("incident__title", _("Incident")), "created_at", "email"),
        keep_email_in="email",
        retention="incidents",
        retained_from="created_at",
        reason="Evidence that the people affected by a breach were told (APPI Art. 26(2)); kept five "
        "years, then deleted.",
    ),
    retained_on_withdrawal(  # no keep_email_in: each entry already keeps the e-mail (subject_email)
        model="legal.StaffAccess",
        key="staff_access_about_you",
        section="staff_access",
        title=_("Staff access to your data"),
        user_paths=("subject_user",),
        email_paths=("subject_email",),
        export_fields=("accessed_at", "action", "subject_email"),
        retention="staff_access_log",
        retained_from="accessed_at",
        purge_method="expired_delete",
        reason="The internal-audit record of who looked at whose data; append-only, kept three years. "
        "The staff member's name is left out of the person's export.",
    ),
    staff_work(
        model="legal.StaffAccess",
        key="staff_access_made",
        title=_("Customer data you looked at"),
        user_paths=("staff",),
        email_paths=("staff_email",),
        export_fields=("accessed_at", "action", "staff_name", "staff_email"),
        retention="staff_access_log",
        retained_from="accessed_at",
        purge_method="expired_delete",
        reason=STAFF_ACTOR + " The staff member's name stays in the entry: an audit must say who looked.",
    ),
    staff_work(
        model="legal.PrivacyRequest",
        key="privacy_requests_handled",
        title=_("Privacy requests assigned to you"),
        user_paths=("assigned_to",),
        export_fields=("reference", "received_at"),
        retained_from="",
    ),
    staff_work(
        model="legal.PrivacyRequestEvent",
        key="privacy_request_events",
        title=_("Steps recorded on privacy requests"),
        user_paths=("actor",),
        export_fields=(("request__reference", _("Request")), "action", "created_at"),
        retained_from="",
        reason=STAFF_ACTOR + " (A requester's own steps are detached the same way.)",
    ),
    staff_work(
        model="legal.IdentityDocument",
        key="identity_documents_checked",
        title=_("Identity documents you checked"),
        user_paths=("verified_by",),
        export_fields=("verification", "verified_at"),
        retained_from="",
        reason=STAFF_ACTOR + " The documents themselves go after the request closes (housekeeping).",
    ),
    staff_work(
        model="legal.UseRestriction",
        key="use_restrictions_recorded",
        title=_("Restrictions you recorded"),
        user_paths=("recorded_by",),
        export_fields=("scope", "started_at"),
        retained_from="",
    ),
    staff_work(
        model="legal.Incident",
        key="incidents_registered",
        title=_("Incidents you registered"),
        user_paths=("created_by",),
        export_fields=("title", "created_at"),
        retained_from="",
    ),
    staff_work(
        model="legal.IncidentUpdate",
        key="incident_updates",
        title=_("Incident timeline entries you wrote"),
        user_paths=("author",),
        export_fields=(("incident__title", _("Incident")), "created_at", "author_name"),
        retained_from="",
        reason=STAFF_ACTOR + " The author's name stays: the timeline must say who wrote each entry.",
    ),
    staff_work(
        model="legal.IncidentNotice",
        key="incident_notices_sent",
        title=_("Incident notices you sent"),
        user_paths=("sent_by",),
        export_fields=(("incident__title", _("Incident")), "created_at"),
        retention="incidents",
        retained_from="created_at",
    ),
]


# Models with fields that look personal (a name, an address, an e-mail) but
# hold no one's personal data. Reasons say why.
NOT_ABOUT_A_PERSON: dict[str, str] = {
    "auth.Permission": "the name of a permission",
    "auth.Group": "the name of a staff group",
    "sites.Site": "the site's name",
    "flatpages.FlatPage": "template_name is a template file",
    "address.Country": "country names",
    "shipping.OrderAndItemCharges": "the name of a shipping method",
    "shipping.WeightBased": "the name of a shipping method",
    "catalogue.ProductClass": "the name of a product class",
    "catalogue.Category": "the name of a category",
    "catalogue.ProductAttribute": "the name of a product attribute",
    "catalogue.AttributeOptionGroup": "the name of an attribute option group",
    "catalogue.Option": "the name of a product option",
    "communication.CommunicationEventType": "e-mail templates, not e-mails sent",
    "partner.PartnerAddress": "the seller company's address",
    "payment.SourceType": "the name of a payment method",
    "offer.ConditionalOffer": "the name of an offer",
    "offer.Range": "the name of a product range",
    "order.ShippingEventType": "the name of a shipping event type",
    "order.PaymentEventType": "the name of a payment event type",
    "order.OrderDiscount": "offer_name is the offer's name",
    "order.Surcharge": "the name of a surcharge",
    "voucher.VoucherSet": "the name of a voucher set",
    "voucher.Voucher": "the name of a voucher",
    "offsets.OffsetProject": "the name of an offset project",
    "legal.Processor": "an entrusted company: its name and business contact under contract, not a customer",
    "legal.ThirdParty": "an organisation receiving data (a registry operator): its name and contact",
    "legal.CountryDataProtection": "a country's name and an outline of its law, not a person",
}


def holdings_of(*, model_label: str) -> list[Holding]:
    return [holding for holding in HOLDINGS if holding.model_class._meta.label == model_label]


def holding_by_key(key: str) -> Holding:
    for holding in HOLDINGS:
        if holding.key == key:
            return holding
    raise KeyError(key)


def register_problems() -> list[str]:
    """What is wrong with the register (unknown fields, categories, detachments that would cascade)."""
    problems = []
    keys = [holding.key for holding in HOLDINGS]
    problems += [f"{key}: the key is used twice" for key in sorted({k for k in keys if keys.count(k) > 1})]
    retention = settings.PERSONAL_DATA_RETENTION_DAYS
    for holding in HOLDINGS:
        where = f"{holding.key} ({holding.model})"
        try:
            model = holding.model_class
        except LookupError:
            problems.append(f"{where}: no such model")
            continue
        if holding.section not in SECTIONS:
            problems.append(f"{where}: unknown section {holding.section!r}")
        if holding.retention not in retention or holding.retention not in RETENTION_CATEGORIES:
            problems.append(f"{where}: unknown retention category {holding.retention!r}")
        if holding.view_of and holding.view_of not in keys:
            problems.append(f"{where}: view_of names no entry")
        paths = [*holding.user_paths, *holding.email_paths, *holding.export_paths, *holding.anonymised,
                 *holding.files]  # fmt: skip
        if holding.retained_from:
            paths.append(holding.retained_from)
        elif retention.get(holding.retention) is not None:
            problems.append(f"{where}: a retention in days needs the date it counts from")
        if holding.keep_email_in:
            paths.append(holding.keep_email_in)
        for path in paths:
            try:
                field_at(model, path)
            except (FieldDoesNotExist, AttributeError):
                problems.append(f"{where}: no field {path!r}")
        if not holding.user_paths and not holding.email_paths:
            problems.append(f"{where}: no way to reach a person's rows")
        if holding.at_retention_end == AtRetentionEnd.ANONYMISE and not holding.anonymised:
            problems.append(f"{where}: anonymises nothing")
        for path in holding.user_paths:
            if "__" in path or holding.on_withdrawal == OnWithdrawal.DELETE or path == "pk":
                continue
            link = model._meta.get_field(path)
            if not link.many_to_many and not link.null:
                problems.append(f"{where}: {path} cannot be cleared, so the rows cannot be kept")
    return problems
