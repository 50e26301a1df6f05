"""Small helpers shared by tests."""

from django_otp.oath import totp


def current_code(device) -> str:
    """The code an authenticator app would show now for ``device``."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def audit_actions(**filters) -> list[str]:
    from backoffice.models import AuditEntry

    return list(AuditEntry.objects.filter(**filters).order_by("id").values_list("action", flat=True))


def page_text(response) -> str:
    """The page's HTML with runs of whitespace collapsed, for phrases split over lines."""
    import re

    return re.sub(r"\s+", " ", response.content.decode())


def reauthenticated(client):
    """As if the signed-in staff member had just entered their password again."""
    import time

    from backoffice.auth_session import SESSION_REAUTHENTICATED_AT

    session = client.session
    session[SESSION_REAUTHENTICATED_AT] = time.time()
    session.save()
    return client


def invite(actor, username: str, *, roles=("Administrator",)):
    """Create a staff account through the service, as the panel's form would: the account (its
    roles granted, or asked for approval as the four-eyes rules say)."""
    from backoffice import services

    staff, _ = services.create_staff_member(
        actor=actor,
        username=username,
        email=f"{username}@example.test",
        first_name="New",
        last_name="Member",
        roles=list(roles),
        reason="Joins the team.",
    )
    return staff


def wait_for(condition, timeout=20.0) -> bool:
    """Poll ``condition`` until it holds (True) or ``timeout`` seconds pass (False)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def count_queries(client, url, **kwargs) -> int:
    """The queries of one GET of ``url`` once warmed up (the strip, the session and the caches
    already know the page); the page must answer 200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, **kwargs)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return len(queries)
