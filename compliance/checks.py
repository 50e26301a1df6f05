"""Deploy checks of the events for other systems: every endpoint is HTTP(S), and secrets that
can sign Standard Webhooks sign what is sent to them (unsigned events can be forged by anyone)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from backoffice.signing import secret_problem


@register(Tags.security, deploy=True)
def check_event_webhooks(app_configs, **kwargs):
    problems = []
    urls = settings.EVENT_WEBHOOK_URLS
    if urls and not settings.EVENT_WEBHOOK_SECRETS:
        problems.append(
            Error(
                "EVENT_WEBHOOK_URLS is set but EVENT_WEBHOOK_SECRETS is empty: no event would be signed, none sent.",
                hint="Set EVENT_WEBHOOK_SECRETS to the whsec_… secret shared with the receiving systems.",
                id="compliance.E001",
            )
        )
    for url in urls:
        if not url.startswith(("https://", "http://")):
            problems.append(Error(f"EVENT_WEBHOOK_URLS: {url!r} is not an HTTP(S) address.", id="compliance.E002"))
    for index, secret in enumerate(settings.EVENT_WEBHOOK_SECRETS, start=1):
        problem = secret_problem(secret)
        if problem:
            problems.append(
                Error(
                    f"EVENT_WEBHOOK_SECRETS: secret {index} is {problem}.",
                    hint='Generate one with: python -c "import base64, secrets; '
                    "print('whsec_' + base64.b64encode(secrets.token_bytes(32)).decode())\"",
                    id="compliance.E003",
                )
            )
    return problems
