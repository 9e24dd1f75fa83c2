"""The benchmark's settings: production's, with the benchmark's own URLs (a bare view beside the shop).

Only ``benchmarks/pages.py`` runs the shop with this module; the shipped URLs never hold the bare view.
"""

from shop.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
