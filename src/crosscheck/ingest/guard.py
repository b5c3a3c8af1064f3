"""The address guard: crosscheck fetches public web addresses only.

A URL is refused when its scheme is not http(s) or when its host resolves to any address that is not global
(loopback, private, link-local, carrier-grade NAT, multicast, reserved, unspecified, IPv4-mapped forms of these),
so that a hostile feed or redirect cannot make crosscheck read a service on the user's machine or network. The
fetcher checks every hop of a redirect chain. ``allow_private`` turns the guard off (tests serving pages on
127.0.0.1 use it); ``allowed`` lets through exact ``host:port`` pairs only.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Collection
from urllib.parse import urlsplit

from crosscheck import errors

Resolver = Callable[[str, int], list[str]]


class RefusedURL(ValueError):
    """A URL crosscheck will not fetch; the message says why in one line."""


def resolve(host: str, port: int) -> list[str]:
    """Every address the host resolves to (an IP literal resolves to itself)."""
    infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    return sorted({info[4][0] for info in infos})


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            ip = mapped
    return ip.is_global and not ip.is_multicast


def host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise RefusedURL(errors.BAD_SCHEME)
    if not parts.hostname:
        raise RefusedURL(errors.NO_HOST.format(host="''", detail="no host in the URL"))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise RefusedURL(errors.NO_HOST.format(host=parts.netloc, detail=exc)) from None
    return parts.hostname, port


def check(url: str, allow_private: bool = False, allowed: Collection[str] = (), resolver: Resolver = resolve) -> None:
    """Raises :class:`RefusedURL` unless the URL may be fetched."""
    host, port = host_port(url)
    if allow_private or f"{host}:{port}" in allowed:
        return
    try:
        addresses = resolver(host, port)
    except (OSError, UnicodeError) as exc:
        raise RefusedURL(errors.NO_HOST.format(host=host, detail=getattr(exc, "strerror", None) or exc)) from None
    if not addresses:
        raise RefusedURL(errors.NO_HOST.format(host=host, detail="no addresses"))
    for address in addresses:
        if not is_public(address):
            raise RefusedURL(errors.PRIVATE_ADDRESS.format(host=host, address=address))
