"""Demo third-party recipients (registry operators) and the country information shown for consent.

The outlines summarise each country's system in the shop's own words; a real shop
checks them against the Personal Information Protection Commission's survey of
foreign systems (the ``source``) and records when (``checked_on``).
"""

import datetime

from legal.processors.models import PersonalDataField

PPC_SURVEY = "https://www.ppc.go.jp/personalinfo/legal/kaiseihogohou/#gaikoku"
DEMO_CHECKED_ON = datetime.date(2026, 10, 1)

DEMO_COUNTRIES = [
    # The home country: recipients here need no consent to being abroad, but tables name the
    # country of every recipient, so Japan is named too (not shown as "JP").
    {
        "code": "JP",
        "name_ja": "日本",
        "name_en": "Japan",
        "system_outline_ja": (
            "個人情報の保護に関する法律（個人情報保護法）が事業者による個人情報の取扱いを定め、"
            "個人情報保護委員会が監督しています。"
        ),
        "system_outline_en": (
            "The Act on the Protection of Personal Information governs how businesses handle personal "
            "information, supervised by the Personal Information Protection Commission."
        ),
        "source": "https://www.ppc.go.jp/personalinfo/legal/",
        "checked_on": DEMO_CHECKED_ON,
    },
    {
        "code": "US",
        "name_ja": "アメリカ合衆国",
        "name_en": "United States of America",
        "system_outline_ja": (
            "連邦レベルでは個人情報保護を包括的に定める法律はなく、連邦取引委員会法（不公正・欺瞞的な行為の禁止）の"
            "ほか、医療、金融、児童などの分野ごとの法律があります。カリフォルニア州の消費者プライバシー法など、"
            "州ごとに包括的な法律を定める州もあります。OECDプライバシーガイドラインの8原則に対応する義務は、"
            "分野と州によって異なり、一部について定めがない場合があります。"
        ),
        "system_outline_en": (
            "There is no comprehensive federal personal-information law. The Federal Trade Commission Act "
            "(against unfair or deceptive practices) and laws for particular sectors, such as health, "
            "finance and children, apply; several states, such as California with its consumer privacy "
            "act, have comprehensive laws of their own. Duties matching the eight OECD privacy principles "
            "depend on the sector and the state, and some may be missing."
        ),
        "source": PPC_SURVEY,
        "checked_on": DEMO_CHECKED_ON,
    },
    {
        "code": "CH",
        "name_ja": "スイス連邦",
        "name_en": "Swiss Confederation",
        "system_outline_ja": (
            "連邦データ保護法（2023年9月施行の改正法）が官民の個人データの取扱いを包括的に定め、"
            "連邦データ保護・情報コミッショナーが監督しています。本人には開示などを求める権利があり、"
            "事業者にはデータ漏えい時の報告義務があります。EUから十分な保護水準があると認められています。"
        ),
        "system_outline_en": (
            "The Federal Act on Data Protection (revised, in force since September 2023) covers the handling "
            "of personal data by companies and public bodies, supervised by the Federal Data Protection and "
            "Information Commissioner. People may ask for access to their data, and companies must report "
            "data breaches. The EU recognises its level of protection as adequate."
        ),
        "source": PPC_SURVEY,
        "checked_on": DEMO_CHECKED_ON,
    },
]

# The registry each operator runs (offsets.models.Registry values), with the recipient itself.
DEMO_REGISTRY_OPERATORS = [
    (
        "j-credit",
        {
            "name": "J-クレジット制度事務局 (J-Credit Scheme Secretariat)",
            "country": "JP",
            "purpose_ja": "J-クレジット登録簿で、受益者の名義でクレジットを無効化し、"
            "記録を管理・公表するため",
            "purpose_en": "Retiring the credits in the beneficiary's name in the J-Credit registry, "
            "and keeping and publishing that record",
            "measures_ja": "",
            "measures_en": "",
            "data_scope": [PersonalDataField.BENEFICIARY_NAME],
            "contact": "https://japancredit.go.jp/",
        },
    ),
    (
        "verra",
        {
            "name": "Verra",
            "country": "US",
            "purpose_ja": "Verra登録簿で受益者の名義でクレジットを償却し、記録を公開するため",
            "purpose_en": "Retiring the credits in the beneficiary's name in the Verra Registry, "
            "and publishing that record",
            "measures_ja": "Verraは自らのプライバシーポリシーを公表し、"
            "登録簿の運営に必要な範囲で情報を利用し、アクセス制限などの安全管理措置を講じています。"
            "償却記録の受益者名は登録簿で公開されます。",
            "measures_en": "Verra publishes its own privacy policy, uses the information only as far as "
            "running its registry needs, and restricts access to it among other safeguards. The "
            "beneficiary name of a retirement is public in its registry.",
            "data_scope": [PersonalDataField.BENEFICIARY_NAME],
            "contact": "https://verra.org/",
        },
    ),
    (
        "gold-standard",
        {
            "name": "Gold Standard Foundation",
            "country": "CH",
            "purpose_ja": "Gold Standard登録簿で、受益者の名義でクレジットを償却し、記録を公開するため",
            "purpose_en": "Retiring the credits in the beneficiary's name in the Gold Standard Registry, and "
            "publishing that record",
            "measures_ja": "Gold Standard財団はスイス連邦データ保護法に従い、"
            "自らのプライバシーポリシーに沿って情報を取り扱っています。"
            "償却記録の受益者名は登録簿で公開されます。",
            "measures_en": "The Gold Standard Foundation handles the information under the Swiss "
            "Federal Act on Data Protection and its own privacy policy. The beneficiary name of a "
            "retirement is public in its registry.",
            "data_scope": [PersonalDataField.BENEFICIARY_NAME],
            "contact": "https://www.goldstandard.org/",
        },
    ),
    (
        "jcm",
        {
            "name": "JCM登録簿 日本国政府 (JCM Registry, Government of Japan)",
            "country": "JP",
            "purpose_ja": "JCM登録簿で、受益者の名義でクレジットを無効化し、その記録を管理するため",
            "purpose_en": "Retiring the credits in the beneficiary's name in the JCM registry, and keeping "
            "that record",
            "measures_ja": "",
            "measures_en": "",
            "data_scope": [PersonalDataField.BENEFICIARY_NAME],
            "contact": "https://www.jcm.go.jp/",
        },
    ),
]


def demo_registry_operators_register() -> int:
    """Register the demo countries, registry operators and which registry each runs, where missing.

    Returns how many operators were registered. An operator or country already
    there (perhaps edited by an administrator) is left as it is.
    """
    from legal.processors import services
    from legal.processors.models import CountryDataProtection, ThirdParty
    from offsets.models import RegistryOperator

    for spec in DEMO_COUNTRIES:
        if not CountryDataProtection.objects.filter(code=spec["code"]).exists():
            services.country_data_protection_save(country=CountryDataProtection(**spec))
    registered = 0
    for registry, spec in DEMO_REGISTRY_OPERATORS:
        operator = ThirdParty.objects.filter(name=spec["name"]).first()
        if operator is None:
            operator = services.third_party_save(third_party=ThirdParty(**spec), changed_by=None)
            registered += 1
        RegistryOperator.objects.get_or_create(registry=registry, defaults={"operator": operator})
    return registered
