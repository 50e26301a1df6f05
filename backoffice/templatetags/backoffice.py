"""Template helpers of the shell."""

from urllib.parse import urlencode

from django import template

register = template.Library()


@register.simple_tag
def query_with(query: dict, **changes) -> str:
    """The list's query string with some parameters replaced: ``?{% query_with query page=2 %}``."""
    merged = {key: list(values) for key, values in query.items()}
    for key, value in changes.items():
        merged[key] = [value]
    return urlencode(merged, doseq=True)


ACRONYMS = {"kyc": "KYC", "tin": "TIN", "iban": "IBAN", "bic": "BIC", "pin": "PIN", "sca": "SCA", "url": "URL"}


@register.filter
def field_label(name: str) -> str:
    """``first_name`` → ``First name``, ``kyc_level`` → ``KYC level``, for audit change lists."""
    words = name.replace("_", " ").capitalize().split(" ")
    return " ".join(ACRONYMS.get(word.lower(), word) for word in words)
