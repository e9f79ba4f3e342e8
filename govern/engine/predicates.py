"""The tests a leaf condition applies to each value it reaches.

The compiler builds one per leaf, with its regular expression or networks
parsed once. Each copes with None (an absent attribute).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Sequence
from typing import Any

Predicate = Callable[[Any], bool]


def equals(expected: Any) -> Predicate:
    return lambda value: _same(value, expected)


def member_of(allowed: Sequence[Any]) -> Predicate:
    options = list(allowed)
    return lambda value: any(_same(value, option) for option in options)


def _same(value: Any, option: Any) -> bool:
    if isinstance(value, bool) or isinstance(option, bool):
        return value is option
    return bool(value == option)


def compare(operator: str, limit: float) -> Predicate:
    tests: dict[str, Callable[[float], bool]] = {
        "gt": lambda number: number > limit,
        "gte": lambda number: number >= limit,
        "lt": lambda number: number < limit,
        "lte": lambda number: number <= limit,
    }
    test = tests[operator]

    def predicate(value: Any) -> bool:
        number = _as_number(value)
        return number is not None and test(number)

    return predicate


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def matches(pattern: str) -> Predicate:
    compiled = re.compile(pattern)
    return lambda value: (
        isinstance(value, (str, int, float)) and bool(compiled.search(str(value)))
    )


_PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "fc00::/7",
        "fe80::/10",
        "::1/128",
    )
)


def _network(value: Any) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    if not isinstance(value, str):
        return None
    try:
        return ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return None


def _within(
    network: ipaddress.IPv4Network | ipaddress.IPv6Network,
    outer: Sequence[ipaddress.IPv4Network | ipaddress.IPv6Network],
) -> bool:
    return any(
        network.version == candidate.version and network.subnet_of(candidate)  # type: ignore[arg-type]
        for candidate in outer
    )


def cidr_within(networks: Sequence[str]) -> Predicate:
    outer = [ipaddress.ip_network(n, strict=False) for n in networks]

    def predicate(value: Any) -> bool:
        network = _network(value)
        return network is not None and _within(network, outer)

    return predicate


def cidr_public(wanted: bool) -> Predicate:
    def predicate(value: Any) -> bool:
        network = _network(value)
        if network is None:
            return False
        return (not _within(network, _PRIVATE_NETWORKS)) is wanted

    return predicate
