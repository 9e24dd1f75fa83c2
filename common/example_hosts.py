"""Host names and e-mail addresses kept for examples or for one's own machine: never a real shop's.

Plain functions without Django, so settings modules (shop/settings/refusals.py) can use them
as well as the first-run setup (shop/setup/placeholders.py).
"""

import ipaddress

# Names kept for examples and for one's own machine, never a shop's: RFC 2606 and RFC 6761
# (example.com/.net/.org, .example, .test, .invalid, .localhost), mDNS's .local, and the
# example names JPRS reserves (example.jp, example.co.jp, example.ne.jp, …).
RESERVED_TOP_LEVEL = {"example", "test", "invalid", "localhost", "local"}
EXAMPLE_DOMAINS = {
    "example.com",
    "example.net",
    "example.org",
    "example.jp",
    *(f"example.{second}.jp" for second in ("co", "ne", "or", "ac", "ad", "ed", "go", "gr", "lg")),
}


def placeholder_host(host: str) -> bool:
    """Whether ``host`` (a domain, maybe with a port) is an example name, this machine or a bare address."""
    host = host.strip().lower()
    if host.startswith("["):  # an IPv6 address with a port: [::1]:8000
        host = host[1 : host.find("]")]
    elif host.count(":") == 1:
        host = host.partition(":")[0]
    host = host.rstrip(".")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return True  # e-mail links and certificate QR codes need the shop's name, not an address
    if "." not in host or host.rpartition(".")[2] in RESERVED_TOP_LEVEL:
        return True
    return any(host == domain or host.endswith(f".{domain}") for domain in EXAMPLE_DOMAINS)


def placeholder_email(email: str) -> bool:
    return placeholder_host(email.rpartition("@")[2])
