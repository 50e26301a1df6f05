"""Deploy checks of the events for other systems: every endpoint is HTTP(S), and a secret signs
what is sent to them (an HMAC with an empty key can be forged by anyone)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_event_webhooks(app_configs, **kwargs):
    problems = []
    urls = settings.EVENT_WEBHOOK_URLS
    if urls and not settings.EVENT_WEBHOOK_SECRET:
        problems.append(
            Error(
                "EVENT_WEBHOOK_URLS is set but EVENT_WEBHOOK_SECRET is empty: the events' signatures can be forged.",
                hint="Set EVENT_WEBHOOK_SECRET to the secret shared with the receiving systems.",
                id="compliance.E001",
            )
        )
    for url in urls:
        if not url.startswith(("https://", "http://")):
            problems.append(Error(f"EVENT_WEBHOOK_URLS: {url!r} is not an HTTP(S) address.", id="compliance.E002"))
    return problems
