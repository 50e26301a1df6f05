"""How the back office signs what it sends and checks what it receives.

- Events for other systems (``compliance.services.outbox``) follow `Standard Webhooks
  <https://www.standardwebhooks.com/>`_ through its reference package ``standardwebhooks``:
  ``webhook-id`` (the event's id), ``webhook-timestamp`` (Unix seconds) and ``webhook-signature``
  (``v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">``) under secrets written
  ``whsec_<base64>``. Because the id is signed, a receiver can deduplicate on it safely, and any
  off-the-shelf verifier (``standardwebhooks.Webhook(secret).verify(body, headers)``) accepts our
  requests. During a rotation several secrets are current: the request carries one signature per
  secret, space-separated, and a receiver holding either accepts it.
- The live verification provider's webhooks (received, ``kyc.liveness.webhooks``) use the same
  scheme: the sandbox provider signs with ``standard_webhook_headers`` and the webhook view checks
  with ``verify_standard_webhook`` (the package's own signature, our tolerance setting and error
  messages). A real provider signing otherwise gets its own verifier beside its client.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from datetime import UTC, datetime

from standardwebhooks import Webhook

ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER = "webhook-id", "webhook-timestamp", "webhook-signature"
# Standard Webhooks recommends secrets of 24 to 64 random bytes.
MIN_SECRET_BYTES = 24


class SignatureRefused(Exception):
    """Why a signed request is refused: missing signature, invalid timestamp, invalid signature,
    timestamp outside the tolerance."""


def secret_problem(secret: str) -> str | None:
    """Why ``secret`` cannot sign Standard Webhooks (None: it can)."""
    if any(char.isspace() for char in secret):
        return "not one secret: it contains whitespace (separate secrets with a comma, nothing else)"
    try:
        key = Webhook(secret)._whsecret
    except Exception:  # the package raises plain errors for bad base64
        return "not a base64 secret (write it whsec_<base64>)"
    if len(key) < MIN_SECRET_BYTES:
        return f"{len(key)} bytes: at least {MIN_SECRET_BYTES} random bytes are needed"
    return None


def standard_webhook_headers(body: bytes, *, msg_id: str, secrets: Iterable[str], timestamp: int) -> dict[str, str]:
    """The three Standard Webhooks headers for ``body``: one ``v1,`` signature per secret."""
    moment = datetime.fromtimestamp(timestamp, tz=UTC)
    signatures = [Webhook(secret).sign(msg_id, moment, body) for secret in secrets]
    if not signatures:
        raise ValueError("No secret to sign with.")
    return {ID_HEADER: msg_id, TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: " ".join(signatures)}


def verify_standard_webhook(body: bytes, headers, *, secret: str, tolerance: int, now: float) -> str:
    """Check a Standard Webhooks request the way ``standardwebhooks.Webhook.verify`` does (a
    ``v1`` signature among the space-separated ones matches ``{id}.{timestamp}.{body}``), with
    ``tolerance`` seconds either way instead of its fixed five minutes. Answers the webhook-id."""
    msg_id, timestamp, signatures = (headers.get(name, "") for name in (ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER))
    if not msg_id or not timestamp or not signatures:
        raise SignatureRefused("missing signature")
    if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        raise SignatureRefused("invalid timestamp")
    moment = datetime.fromtimestamp(int(timestamp), tz=UTC)
    expected = Webhook(secret).sign(msg_id, moment, body).encode()
    offered = signatures.encode("ascii", "replace").split()
    if not any(hmac.compare_digest(expected, signature) for signature in offered):
        raise SignatureRefused("invalid signature")
    if abs(now - int(timestamp)) > tolerance:
        raise SignatureRefused("timestamp outside the tolerance")
    return msg_id
