"""The client's address, for the audit log and the lockout.

Behind ``PROXY_COUNT`` reverse proxies, each appends the address it saw to ``X-Forwarded-For``;
the client is the entry that many places from the right. Anything further left was written by
the client and is not trusted. With no proxy, the connection's own address is used.
"""

from ipaddress import ip_address

from django.conf import settings


def client_ip(request) -> str | None:
    proxies = settings.PROXY_COUNT
    candidate = request.META.get("REMOTE_ADDR")
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
    try:
        return str(ip_address(candidate)) if candidate else None
    except ValueError:
        return None
