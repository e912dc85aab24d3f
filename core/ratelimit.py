"""One rate-limit helper for every public form, the public API's writes and the sign-in's client address.

Counts live in the shared cache (the database by default, Redis with REDIS_URL), so every web process and
machine sees the same counts. A client is its address as `client_ip` works it out: X-Forwarded-For is
honoured only when the request comes from one of `TRUSTED_PROXIES`, and then read from the right, skipping
our own proxies, so a client cannot choose its address by sending the header itself.

`PublicRateLimitMiddleware` counts every POST (and other writes) of people who are not staff, per client
and per page, against `PUBLIC_FORM_RATE_LIMIT`; past it they get a 429 page (or JSON from the API) with
`Retry-After`. allauth's pages (sign-in, sign-up, codes, password reset) are counted by allauth's own
limits per action (`ACCOUNT_RATE_LIMITS`: sign-in failures per client and per account at that client)
with the same client address (`accounts.adapter.AccountAdapter.get_client_ip`).
"""

import hashlib
import ipaddress
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache as memoise
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

_SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int


def parse_rate(text: str) -> Rate:
    """ "30/10m" -> 30 per 600 seconds ("5/m", "100/h", "10/30s" also work)."""
    try:
        amount, _, period = text.strip().partition("/")
        unit = period[-1]
        count = int(period[:-1] or 1)
        return Rate(int(amount), count * _UNITS[unit])
    except (ValueError, IndexError, KeyError) as exc:
        raise ImproperlyConfigured(f"A rate limit looks like 30/10m (requests/period), not {text!r}.") from exc


@memoise
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _networks(tuple(settings.TRUSTED_PROXIES)))


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str:
    """The client's address: the peer, or (only from a trusted proxy) the last untrusted X-Forwarded-For hop."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    if not _trusted(remote):
        return remote or "unknown"
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    client = remote
    for hop in reversed(hops):
        if not _valid(hop):
            break
        client = hop
        if not _trusted(hop):
            break
    return client


def client_key(request: HttpRequest) -> str:
    """Who to count: the client's address, or its /64 network for IPv6 (one subscriber's whole block)."""
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return address


def hit(scope: str, ident: str, rate: Rate) -> tuple[bool, int]:
    """Count one request of `ident` in `scope`; (allowed, seconds until the window resets)."""
    now = int(time.time())
    window = now // rate.seconds
    retry_after = (window + 1) * rate.seconds - now
    # Hashed: any path or address makes a short key every cache backend accepts.
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    key = f"rl:{scope}:{digest}:{rate.seconds}:{window}"
    if cache.add(key, 1, rate.seconds):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, rate.seconds)
            count = 1
        # Some backends (database, file) reset an entry's timeout on incr: put the window's back.
        cache.touch(key, retry_after)
    return count <= rate.amount, retry_after


TOO_MANY = "Too many requests from your connection. Please wait {minutes} and try again."


def _wait(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return f"{minutes} minute" + ("" if minutes == 1 else "s")


def too_many_requests(request: HttpRequest, retry_after: int, *, api: bool = False) -> HttpResponse:
    """The 429 answer: a page, or JSON for the API, saying how long to wait."""
    message = TOO_MANY.format(minutes=_wait(retry_after))
    response: HttpResponse
    if api:
        response = JsonResponse({"detail": message, "code": "rate_limited"}, status=429)
    else:
        response = render(request, "429.html", {"page_title": "Too many requests", "message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def exempt(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view the public limit must not count (gateways' webhooks, which check their own secret)."""
    view.rate_limit_exempt = True  # type: ignore[attr-defined]
    return view


class PublicRateLimitMiddleware:
    """Limit writes by the public (anyone who is not staff) per client and per page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.method in _SAFE_METHODS or getattr(view_func, "rate_limit_exempt", False):
            return None
        if (getattr(view_func, "__module__", "") or "").startswith("allauth."):
            # Sign-in, sign-up, codes and password resets have allauth's own limits per action
            # (ACCOUNT_RATE_LIMITS), counted with the same client address; one per action is enough.
            return None
        if getattr(request, "eh_staff", False):
            return None  # staff who passed the one door (accounts.middleware) are not the public
        match = request.resolver_match
        api = bool(match and "api" in match.namespaces)
        if api and request.headers.get("Authorization"):
            return None  # a token caller: accountable, and refused by the API if the token is bad
        if not settings.PUBLIC_FORM_RATE_LIMIT:
            return None  # switched off (benchmarks)
        view_name = match.view_name if match else request.path_info
        allowed, retry_after = hit(
            "public", f"{view_name}:{client_key(request)}", parse_rate(settings.PUBLIC_FORM_RATE_LIMIT)
        )
        if allowed:
            return None
        return too_many_requests(request, retry_after, api=api)
