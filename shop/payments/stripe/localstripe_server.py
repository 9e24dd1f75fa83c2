"""Run localstripe (the offline Stripe peer used by tests and the demo) on loopback.

localstripe binds every interface and keeps its state in /tmp/localstripe.pickle;
this launcher binds 127.0.0.1 only and keeps state where we say (or nowhere),
so tests and the demo never share or leak state.

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--state", type=Path, default=None, help="file to keep state in (default: none)")
    args = parser.parse_args()
    _keep_state_in(args.state)
    resources.store.try_load_from_disk()
    web.run_app(server.app, host="127.0.0.1", port=args.port, print=None)


if __name__ == "__main__":
    main()
