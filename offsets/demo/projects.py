"""Demo catalogue: fictional projects, written for this shop.

Registry project IDs start with DEMO- so nobody mistakes them for real
registrations; methodologies name real registry methodologies.
"""

DEMO_PROJECTS = [
    {
        "slug": "kitanomori-forest",
        "name": "北の森 間伐・森林経営プロジェクト",
        "name_en": "Kita-no-Mori Forest Management Project",
        "registry": "j-credit",
        "registry_project_id": "DEMO-JC-FO-0101",
        "registry_url": "https://japancredit.go.jp/",
        "methodology": "FO-001 森林経営活動",
        "methodology_en": "FO-001 Forest management activities",
        "offset_type": "removal",
        "category": "forest",
        "location": "北海道上川郡",
        "location_en": "Kamikawa District, Hokkaido",
        "description": (
            "町有林と民有林あわせて約1,200ヘクタールで、計画的な間伐と植え替えを続けています。"
            "手入れの行き届いた森は木がよく育ち、そのぶん多くの二酸化炭素を吸収します。"
            "クレジットの収益は次の間伐と林道の維持に充てられます。"
        ),
        "description_en": (
            "About 1,200 hectares of town and private forest are thinned and replanted on a "
            "fixed plan. A well-tended forest grows faster and so takes up more carbon dioxide. "
            "Credit revenue pays for the next round of thinning and for keeping forest roads open."
        ),
        "batches": [
            {
                "vintage": 2022,
                "serial_prefix": "JP-FO-0101",
                "serial_first": 1,
                "serial_last": 800,
                "price_per_tonne": 16500,
            },
            {
                "vintage": 2023,
                "serial_prefix": "JP-FO-0101",
                "serial_first": 801,
                "serial_last": 1700,
                "price_per_tonne": 17600,
            },
        ],
    },
    {
        "slug": "setouchi-rooftop-solar",
        "name": "瀬戸内 屋根置き太陽光プロジェクト",
        "name_en": "Setouchi Rooftop Solar Project",
        "registry": "j-credit",
        "registry_project_id": "DEMO-JC-EN-0202",
        "registry_url": "https://japancredit.go.jp/",
        "methodology": "EN-R-002 太陽光発電設備の導入",
        "methodology_en": "EN-R-002 Installation of solar power equipment",
        "offset_type": "avoidance",
        "category": "solar",
        "location": "岡山県・香川県",
        "location_en": "Okayama and Kagawa prefectures",
        "description": (
            "住宅と小さな事業所の屋根に設置した太陽光パネルを一つのプロジェクトにまとめています。"
            "自家消費した電力の分だけ系統電力の使用が減り、その削減量をクレジット化しています。"
        ),
        "description_en": (
            "Solar panels on the roofs of homes and small businesses are grouped into one "
            "project. Every kilowatt-hour used on site is one not drawn from the grid, and the "
            "emissions avoided that way become credits."
        ),
        "batches": [
            {
                "vintage": 2023,
                "serial_prefix": "JP-EN-0202",
                "serial_first": 10001,
                "serial_last": 15000,
                "price_per_tonne": 3300,
            },
        ],
    },
    {
        "slug": "chubu-factory-efficiency",
        "name": "中部 工場省エネ設備更新プロジェクト",
        "name_en": "Chubu Factory Efficiency Upgrade Project",
        "registry": "j-credit",
        "registry_project_id": "DEMO-JC-EN-0303",
        "registry_url": "https://japancredit.go.jp/",
        "methodology": "EN-S-001 ボイラーの導入",
        "methodology_en": "EN-S-001 Installation of boilers",
        "offset_type": "avoidance",
        "category": "energy-saving",
        "location": "愛知県",
        "location_en": "Aichi Prefecture",
        "description": (
            "部品工場の古い重油ボイラーを高効率のガスボイラーに替え、燃料と排出量を減らしました。"
            "更新前後の燃料使用量を計測し、第三者の検証を受けた削減量だけを発行しています。"
        ),
        "description_en": (
            "An auto-parts plant replaced old heavy-oil boilers with high-efficiency gas units, "
            "cutting fuel use and emissions. Fuel is metered before and after, and only the "
            "third-party verified reduction is issued."
        ),
        "batches": [
            {
                "vintage": 2022,
                "serial_prefix": "JP-EN-0303",
                "serial_first": 1,
                "serial_last": 2500,
                "price_per_tonne": 2750,
            },
            {
                "vintage": 2024,
                "serial_prefix": "JP-EN-0303",
                "serial_first": 2501,
                "serial_last": 4000,
                "price_per_tonne": 2970,
            },
        ],
    },
    {
        "slug": "iwate-wood-biomass-heat",
        "name": "岩手 木質バイオマス熱利用プロジェクト",
        "name_en": "Iwate Wood Biomass Heat Project",
        "registry": "j-credit",
        "registry_project_id": "DEMO-JC-EN-0404",
        "registry_url": "https://japancredit.go.jp/",
        "methodology": "EN-R-001 バイオマス固形燃料による化石燃料の代替",
        "methodology_en": "EN-R-001 Replacing fossil fuel with solid biomass fuel",
        "offset_type": "avoidance",
        "category": "biomass",
        "location": "岩手県",
        "location_en": "Iwate Prefecture",
        "description": (
            "温泉施設と公共プールの灯油ボイラーを、地元の製材端材から作った木質チップのボイラーに置き換えました。"
            "燃料の地産地消が進み、灯油の燃焼による排出が減っています。"
        ),
        "description_en": (
            "Kerosene boilers at a hot-spring facility and a public pool were replaced by boilers "
            "burning wood chips made from local sawmill offcuts. Fuel is now sourced locally and "
            "emissions from burning kerosene have fallen."
        ),
        "batches": [
            {
                "vintage": 2023,
                "serial_prefix": "JP-EN-0404",
                "serial_first": 501,
                "serial_last": 1500,
                "price_per_tonne": 3850,
            },
        ],
    },
    {
        "slug": "mekong-mangrove-restoration",
        "name": "メコンデルタ マングローブ再生プロジェクト",
        "name_en": "Mekong Delta Mangrove Restoration Project",
        "registry": "verra",
        "registry_project_id": "DEMO-VCS-5505",
        "registry_url": "https://registry.verra.org/",
        "methodology": "VM0033 潮汐湿地・海草藻場の再生",
        "methodology_en": "VM0033 Tidal wetland and seagrass restoration",
        "offset_type": "removal",
        "category": "blue-carbon",
        "location": "ベトナム カマウ省",
        "location_en": "Ca Mau Province, Viet Nam",
        "description": (
            "養殖池の跡地にマングローブを植え直し、沿岸の湿地を取り戻しています。"
            "マングローブは幹や根、泥の中に多くの炭素を蓄え、高潮から集落を守る役目も果たします。"
        ),
        "description_en": (
            "Mangroves are replanted on abandoned shrimp ponds, bringing the coastal wetland "
            "back. Mangroves store a great deal of carbon in trunks, roots and mud, and they "
            "also shield villages from storm surges."
        ),
        "batches": [
            {
                "vintage": 2021,
                "serial_prefix": "VCS-5505-2021",
                "serial_first": 100001,
                "serial_last": 103000,
                "price_per_tonne": 5500,
            },
        ],
    },
    {
        "slug": "rift-valley-cookstoves",
        "name": "リフトバレー 高効率かまど普及プロジェクト",
        "name_en": "Rift Valley Efficient Cookstoves Project",
        "registry": "gold-standard",
        "registry_project_id": "DEMO-GS-6606",
        "registry_url": "https://registry.goldstandard.org/",
        "methodology": "TPDDTEC 分散型熱エネルギー消費の代替技術",
        "methodology_en": "TPDDTEC Technologies to displace decentralized thermal energy",
        "offset_type": "avoidance",
        "category": "energy-saving",
        "location": "ケニア ナクル郡",
        "location_en": "Nakuru County, Kenya",
        "description": (
            "家庭の調理を三つ石のかまどから高効率のかまどに替え、薪の使用量をおよそ半分にしています。"
            "森林の伐採が減るうえ、室内の煙も少なくなり、家族の健康にも役立っています。"
        ),
        "description_en": (
            "Households switch from three-stone fires to efficient stoves that burn about half "
            "as much firewood. Less forest is cut, and kitchens are far less smoky, which "
            "helps families' health."
        ),
        "batches": [
            {
                "vintage": 2023,
                "serial_prefix": "GS-6606-2023",
                "serial_first": 1,
                "serial_last": 6000,
                "price_per_tonne": 2200,
            },
        ],
    },
    {
        "slug": "kyushu-biochar-farmland",
        "name": "九州 バイオ炭農地施用プロジェクト",
        "name_en": "Kyushu Biochar on Farmland Project",
        "registry": "j-credit",
        "registry_project_id": "DEMO-JC-AG-0707",
        "registry_url": "https://japancredit.go.jp/",
        "methodology": "AG-004 バイオ炭の農地施用",
        "methodology_en": "AG-004 Application of biochar to farmland",
        "offset_type": "removal",
        "category": "biochar",
        "location": "熊本県・宮崎県",
        "location_en": "Kumamoto and Miyazaki prefectures",
        "description": (
            "剪定枝やもみ殻を炭にして畑にすき込み、炭素を長い期間土の中に閉じ込めます。"
            "土の水はけと保肥力も良くなり、参加する農家の収量の安定にもつながっています。"
        ),
        "description_en": (
            "Pruned branches and rice husks are turned into char and worked into fields, "
            "locking carbon into the soil for a long time. The char also improves drainage and "
            "nutrient retention, steadying the harvests of the farms that take part."
        ),
        "batches": [
            {
                "vintage": 2024,
                "serial_prefix": "JP-AG-0707",
                "serial_first": 1,
                "serial_last": 300,
                "price_per_tonne": 27500,
            },
        ],
    },
]
