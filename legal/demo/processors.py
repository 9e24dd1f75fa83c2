"""Demo entrusted processors: one per role, with the scopes their (fictional) NDAs allow."""

import datetime

from legal.processors.models import NdaClause, PersonalDataField, ProcessorRole, Purpose

ALL_CLAUSES = list(NdaClause.values)

DEMO_PROCESSORS = [
    {
        "name": "Stripe, Inc.",
        "role": ProcessorRole.PAYMENT,
        "entrustment_purpose": "Card payment processing for orders. Card numbers go from the "
        "customer's browser to Stripe directly and never reach the shop.",
        "purposes": [Purpose.CARD_PAYMENT],
        "country": "US",
        "contact": "https://support.stripe.com/",
        "nda_reference": "DEMO-NDA-2026-001 (Stripe Services Agreement and DPA)",
        "data_scope": [PersonalDataField.ORDER_NUMBER, PersonalDataField.AMOUNT],
        "measures_ja": "Stripeは決済カード業界のデータセキュリティ基準（PCI DSS）のレベル1の認定を受け、"
        "当社との契約で、委託された決済処理のためにだけ情報を利用し、安全管理措置を講じ、漏えい時には"
        "当社に報告することを約束しています。",
        "measures_en": "Stripe is certified to level 1 of the Payment Card Industry Data Security Standard "
        "(PCI DSS) and, under its contract with us, uses the information only for the payments we "
        "entrust to it, keeps security measures and reports any breach to us.",
    },
    {
        "name": "デモメール配信株式会社 (Demo Mail Delivery K.K.)",
        "role": ProcessorRole.DELIVERY,
        "entrustment_purpose": "Sending the shop's e-mail: account notices, order confirmations and "
        "certificates.",
        "purposes": [Purpose.ACCOUNT_EMAIL, Purpose.ORDER_EMAIL, Purpose.PERSONAL_DATA_NOTICE],
        "country": "JP",
        "contact": "privacy@mail-delivery.example",
        "nda_reference": "DEMO-NDA-2026-002",
        "data_scope": [
            PersonalDataField.EMAIL,
            PersonalDataField.NAME,
            PersonalDataField.ORDER_NUMBER,
            PersonalDataField.AMOUNT,
            PersonalDataField.BENEFICIARY_NAME,
        ],
    },
    {
        "name": "デモ証明書発行株式会社 (Demo Certificates K.K.)",
        "role": ProcessorRole.CERTIFICATE_ISSUANCE,
        "entrustment_purpose": "Producing certificate PDFs from the retirement records.",
        "purposes": [Purpose.CERTIFICATE_ISSUANCE],
        "country": "JP",
        "contact": "security@certificates.example",
        "nda_reference": "DEMO-NDA-2026-003",
        "data_scope": [
            PersonalDataField.BENEFICIARY_NAME,
            PersonalDataField.OFFSET_PURPOSE,
            PersonalDataField.ORDER_NUMBER,
            PersonalDataField.ENERGY_USE,
        ],
    },
]

DEMO_NDA_SIGNED_ON = datetime.date(2026, 1, 15)
DEMO_NDA_EXPIRES_ON = datetime.date(2028, 1, 14)
DEMO_REVIEWED_ON = datetime.date(2026, 10, 1)

# Stripe is the real company a production shop registers for payment too; the demo's mail and
# certificate firms are invented, and every demo NDA reference is.
FICTIONAL_PROCESSOR_NAMES = frozenset(
    spec["name"] for spec in DEMO_PROCESSORS if spec["role"] != ProcessorRole.PAYMENT
)
DEMO_NDA_REFERENCES = frozenset(spec["nda_reference"] for spec in DEMO_PROCESSORS)
