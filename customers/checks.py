"""Deploy checks of what reaches customers: the password-reset link must open the customer-facing
interface over HTTPS (the token travels in it), and the emails must go through a mail server,
not the console (where every live token would land in the logs)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

CONSOLE = "django.core.mail.backends.console.EmailBackend"


@register(Tags.security, deploy=True)
def check_customer_emails(app_configs, **kwargs):
    problems = []
    if not settings.CUSTOMER_PASSWORD_RESET_URL.startswith("https://"):
        problems.append(
            Error(
                f"CUSTOMER_PASSWORD_RESET_URL is {settings.CUSTOMER_PASSWORD_RESET_URL!r}: the reset links would "
                "not open the customer-facing interface over HTTPS.",
                hint="Set CUSTOMER_PASSWORD_RESET_URL to the HTTPS address of the customer app's reset page.",
                id="customers.E001",
            )
        )
    backends = {mailer.get("BACKEND") for mailer in settings.MAILERS.values()}
    if CONSOLE in backends:
        problems.append(
            Error(
                "Emails go to the console: customers would receive nothing, and their reset tokens would be logged.",
                hint="Set EMAIL_URL (or EMAIL_HOST and the other EMAIL_* variables).",
                id="customers.E002",
            )
        )
    return problems
