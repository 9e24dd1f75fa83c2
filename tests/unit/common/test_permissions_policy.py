"""The Permissions-Policy header is written from a feature -> origins mapping."""

import pytest

from common.permissions_policy import permissions_policy_header


@pytest.mark.parametrize(
    "policy, header",
    [
        ({"camera": []}, "camera=()"),
        ({"fullscreen": ["self"]}, "fullscreen=(self)"),
        ({"autoplay": ["*"]}, "autoplay=(*)"),
        (
            {"camera": [], "payment": ["self", "https://js.stripe.com"]},
            'camera=(), payment=(self "https://js.stripe.com")',
        ),
        ({}, ""),
    ],
)
def test_features_are_listed_with_their_allowed_origins(policy, header):
    assert permissions_policy_header(policy=policy) == header
