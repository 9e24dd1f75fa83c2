"""Demo quality disclosures, one entry per demo project (by slug), written by the demo company.

Verification bodies are fictional, like the projects: the names say so, so
nobody takes them for a real body's findings.
"""

import datetime

_NOT_LABELLED = "not-labelled"
_NOT_ADJUSTED = "not-applied"
_DEMO_VERIFIER = {
    "verification_body": "みなと検証センター（デモ用の架空の機関）",
    "verification_body_en": "Minato Verification Centre (a fictional body for the demo)",
}

DEMO_DISCLOSURES: dict[str, dict] = {
    "kitanomori-forest": {
        **_DEMO_VERIFIER,
        "verified_on": datetime.date(2024, 9, 20),
        "monitoring_period_start": datetime.date(2021, 4, 1),
        "monitoring_period_end": datetime.date(2024, 3, 31),
        "additionality": (
            "木材価格だけでは間伐の費用をまかなえず、クレジット収益がなければこの規模の間伐は行われません。"
        ),
        "additionality_en": (
            "Timber prices alone do not cover the cost of thinning; without credit revenue, "
            "thinning on this scale would not happen."
        ),
        "permanence": (
            "森林は火災・病害・伐採で吸収した炭素を失うおそれがあります。J-クレジット制度では、"
            "吸収量が失われた場合にプロジェクト実施者が補填する義務を負い、森林は長期の管理計画の下にあります。"
        ),
        "permanence_en": (
            "Forests can lose stored carbon to fire, disease or felling. Under the J-Credit Scheme "
            "the project owner must make good any loss, and the forest is under a long-term management plan."
        ),
        "buffer_pool_percent": None,
        "sdg_goals": "13, 15",
        "ccp_label": _NOT_LABELLED,
        "corresponding_adjustment": _NOT_ADJUSTED,
    },
    "setouchi-rooftop-solar": {
        **_DEMO_VERIFIER,
        "verified_on": datetime.date(2024, 7, 5),
        "monitoring_period_start": datetime.date(2022, 4, 1),
        "monitoring_period_end": datetime.date(2024, 3, 31),
        "additionality": (
            "小規模な屋根置き設備は売電収入だけでは投資を回収しにくく、"
            "クレジット収益が導入を後押ししています。"
        ),
        "additionality_en": (
            "Small rooftop systems struggle to pay back from electricity savings alone; "
            "credit revenue tips the decision to install them."
        ),
        "permanence": ("排出削減（回避）のクレジットのため、一度削減した排出が後で戻るリスクはありません。"),
        "permanence_en": "These are avoidance credits: emissions once avoided cannot be reversed later.",
        "buffer_pool_percent": None,
        "sdg_goals": "7, 13",
        "ccp_label": _NOT_LABELLED,
        "corresponding_adjustment": _NOT_ADJUSTED,
    },
    "chubu-factory-efficiency": {
        **_DEMO_VERIFIER,
        "verified_on": datetime.date(2024, 8, 30),
        "monitoring_period_start": datetime.date(2022, 10, 1),
        "monitoring_period_end": datetime.date(2024, 3, 31),
        "additionality": (
            "高効率ボイラーへの更新は回収期間が長く、クレジット収益を見込んで初めて更新が決まりました。"
        ),
        "additionality_en": (
            "The boiler upgrade has a long payback period; the factory decided on it only once "
            "credit revenue was counted in."
        ),
        "permanence": ("排出削減（回避）のクレジットのため、一度削減した排出が後で戻るリスクはありません。"),
        "permanence_en": "These are avoidance credits: emissions once avoided cannot be reversed later.",
        "buffer_pool_percent": None,
        "sdg_goals": "7, 9, 13",
        "ccp_label": _NOT_LABELLED,
        "corresponding_adjustment": _NOT_ADJUSTED,
    },
    "iwate-wood-biomass-heat": {
        **_DEMO_VERIFIER,
        "verified_on": datetime.date(2024, 6, 14),
        "monitoring_period_start": datetime.date(2021, 4, 1),
        "monitoring_period_end": datetime.date(2023, 3, 31),
        "additionality": (
            "木質チップは灯油より燃料費が高く、クレジット収益がなければ燃料転換は続けられません。"
        ),
        "additionality_en": (
            "Wood chips cost more than kerosene; without credit revenue "
            "the switch of fuel could not be kept up."
        ),
        "permanence": ("排出削減（回避）のクレジットのため、一度削減した排出が後で戻るリスクはありません。"),
        "permanence_en": "These are avoidance credits: emissions once avoided cannot be reversed later.",
        "buffer_pool_percent": None,
        "sdg_goals": "7, 13, 15",
        "ccp_label": _NOT_LABELLED,
        "corresponding_adjustment": _NOT_ADJUSTED,
    },
    "mekong-mangrove-restoration": {
        **_DEMO_VERIFIER,
        "verified_on": datetime.date(2024, 11, 8),
        "monitoring_period_start": datetime.date(2020, 1, 1),
        "monitoring_period_end": datetime.date(2023, 12, 31),
        "additionality": (
            "養殖池として使われていた土地で、クレジット収益がなければマングローブの再生は進みません。"
        ),
        "additionality_en": (
            "The land was used for fish ponds; without credit revenue the mangroves would not be restored."
        ),
        "permanence": (
            "高潮や土地利用の変化で炭素が失われるおそれがあります。制度のリスク評価に基づき、"
            "発行量の一部がバッファープールに預けられ、失われた分はそこから補填されます。"
        ),
        "permanence_en": (
            "Storms or a change of land use could release the carbon. Following the standard's risk "
            "assessment, part of the credits issued is held in a buffer pool that covers any loss."
        ),
        "buffer_pool_percent": 15,
        "sdg_goals": "1, 13, 14, 15",
        "ccp_label": _NOT_LABELLED,
        "corresponding_adjustment": _NOT_ADJUSTED,
    },
    "rift-valley-cookstoves": {
        **_DEMO_VERIFIER,
        "verified_on": datetime.date(2024, 10, 2),
        "monitoring_period_start": datetime.date(2022, 1, 1),
        "monitoring_period_end": datetime.date(2023, 12, 31),
        "additionality": (
            "かまどの価格を家庭が負担できる水準に下げているのはクレジット収益で、それがなければ普及しません。"
        ),
        "additionality_en": (
            "Credit revenue brings the stove price down to what households can pay; without it the "
            "stoves would not spread."
        ),
        "permanence": ("排出削減（回避）のクレジットのため、一度削減した排出が後で戻るリスクはありません。"),
        "permanence_en": "These are avoidance credits: emissions once avoided cannot be reversed later.",
        "buffer_pool_percent": None,
        "sdg_goals": "3, 5, 7, 13",
        "ccp_label": "ccp-labelled",
        "corresponding_adjustment": _NOT_ADJUSTED,
    },
    "kyushu-biochar-farmland": {
        **_DEMO_VERIFIER,
        "verified_on": datetime.date(2025, 2, 21),
        "monitoring_period_start": datetime.date(2023, 4, 1),
        "monitoring_period_end": datetime.date(2024, 3, 31),
        "additionality": ("バイオ炭の製造と散布は農家の収入にならず、クレジット収益がなければ行われません。"),
        "additionality_en": (
            "Making and spreading biochar earns farmers nothing; without credit revenue it would not be done."
        ),
        "permanence": (
            "バイオ炭の炭素は土壌中で数百年単位で残るとされますが、一部は分解されます。"
            "方法論は100年後に残る割合だけをクレジットとして数えています。"
        ),
        "permanence_en": (
            "Carbon in biochar is expected to stay in the soil for centuries, though some breaks down; "
            "the methodology counts only the share expected to remain after 100 years."
        ),
        "buffer_pool_percent": None,
        "sdg_goals": "2, 13, 15",
        "ccp_label": _NOT_LABELLED,
        "corresponding_adjustment": _NOT_ADJUSTED,
    },
}


def project_disclosures_for_benchmarks() -> dict:
    """Every required disclosure filled (taken from a demo "
    "project), for scripts that make their own project."""
    return {"methodology_en": "FO-001 Forest management activities", **DEMO_DISCLOSURES["kitanomori-forest"]}
