"""Run localstripe (the offline Stripe peer used by tests and the demo) on loopback.

localstripe binds every interface and keeps its state in /tmp/localstripe.pickle;
this launcher binds 127.0.0.1 only and keeps state where we say (or nowhere),
so tests and the demo never share or leak state. It also makes Stripe's test
cards that always decline decline here too (see ``_decline_like_stripe``).

    python -m shop.payments.stripe.localstripe_server --port 8420 [--state var/localstripe.pickle]
"""

import argparse
import pickle
from pathlib import Path

from aiohttp import web
from localstripe import resources, server


def _keep_state_in(path: Path | None) -> None:
    def load(store) -> None:
        if path and path.exists():
            with path.open("rb") as state:
                store.clear()
                store.update(pickle.load(state))  # noqa: S301  (our own file)

    def dump(store) -> None:
        if path:
            with path.open("wb") as state:
                pickle.dump(dict(store), state, protocol=pickle.HIGHEST_PROTOCOL)

    resources.Store.try_load_from_disk = load
    resources.Store.dump_to_disk = dump


def _decline_like_stripe() -> None:
    """Decline a charge on every card Stripe's testing docs say always declines.

    Stripe declines 4000 0000 0000 0002 (generic decline) and its other "declined" test cards
    (insufficient funds, lost, stolen, expired, incorrect CVC, processing error) whenever they
    are charged. localstripe declines them only when the card is attached to a customer; the
    shop confirms a PaymentIntent with the card of a token (localstripe's Stripe.js has no
    createPaymentMethod), so in demo mode 0002 was charged and a paid order placed. Here those
    cards are declined when charged, as 4000 0000 0000 0341 already was.
    """
    charging_is_declined = resources.PaymentMethod._charging_is_declined
    attaching_is_declined = resources.PaymentMethod._attaching_is_declined

    def declined(card) -> bool:  # a PaymentMethod, or a token's Card: both delegate here
        return charging_is_declined(card) or attaching_is_declined(card)

    resources.PaymentMethod._charging_is_declined = declined


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--state", type=Path, default=None, help="file to keep state in (default: none)")
    args = parser.parse_args()
    _keep_state_in(args.state)
    _decline_like_stripe()
    resources.store.try_load_from_disk()
    web.run_app(server.app, host="127.0.0.1", port=args.port, print=None)


if __name__ == "__main__":
    main()
