"""How the back office signs what it sends and checks what it receives: an HMAC-SHA256 of
``"{timestamp}.{body}"`` with a shared secret (Stripe's scheme). The live verification webhooks
(received) and the events for other systems (sent) use the same one."""

import hashlib
import hmac


def timestamped_signature(body: bytes, *, timestamp: int, secret: str) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
