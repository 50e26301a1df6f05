"""Deploy checks of live verification: the sandbox provider and the demo's webhook secret never
reach production, and a missing secret is said before the first webhook is refused."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from backoffice.signing import secret_problem


@register(Tags.security, deploy=True)
def check_liveness_settings(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    problems = []
    if settings.LIVENESS_SANDBOX_ENABLED:
        problems.append(
            Error(
                "LIVENESS_SANDBOX_ENABLED is on without DEBUG: anyone could pass a live verification.",
                hint="Unset LIVENESS_SANDBOX_ENABLED in production.",
                id="kyc.E001",
            )
        )
    if settings.LIVENESS_WEBHOOK_SECRET == settings.LIVENESS_DEMO_SECRET:
        problems.append(
            Error(
                "LIVENESS_WEBHOOK_SECRET is the demo's, which is public.",
                hint="Set LIVENESS_WEBHOOK_SECRET to the secret shared with the provider.",
                id="kyc.E002",
            )
        )
    elif settings.LIVENESS_WEBHOOK_SECRET and secret_problem(settings.LIVENESS_WEBHOOK_SECRET):
        problems.append(
            Error(
                f"LIVENESS_WEBHOOK_SECRET is {secret_problem(settings.LIVENESS_WEBHOOK_SECRET)}: "
                "the provider's Standard Webhooks signatures cannot be checked.",
                hint="Set LIVENESS_WEBHOOK_SECRET to the provider's whsec_… secret.",
                id="kyc.E003",
            )
        )
    elif not settings.LIVENESS_WEBHOOK_SECRET:
        problems.append(
            Warning(
                "LIVENESS_WEBHOOK_SECRET is not set: every live verification webhook will be refused (503).",
                hint="Set LIVENESS_WEBHOOK_SECRET to the secret shared with the provider.",
                id="kyc.W001",
            )
        )
    return problems
