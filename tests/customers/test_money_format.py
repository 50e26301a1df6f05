"""One money format across the panel: ``19,805.17 EUR`` (thousands separated, two decimals, the
currency code after), never ``19805.17 EUR``. Exports keep raw numbers."""

import html
import re
from decimal import Decimal
from pathlib import Path

from django.urls import reverse

from compliance.models import Fee, LimitPack, Threshold
from customers.models import Customer, PriceList
from tests.customers.factories import make_company, make_person
from tests.customers.holdings import add_transactions, make_account
from tests.customers.pages import TAB_KEYS

RAW_MONEY = re.compile(r"\d{4,}\.\d\d [A-Z]{3}")
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# An amount printed then its currency without the money filter: ``{{ x.amount }} {{ x.currency }}``.
UNFORMATTED = re.compile(r"\{\{\s*[\w.]+\s*\}\}\s*\{\{\s*[\w.]*currency\s*\}\}")


def visible_text(response) -> str:
    assert response.status_code == 200, response.status_code
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_no_template_prints_an_amount_and_its_currency_without_the_money_filter():
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in UNFORMATTED.finditer(path.read_text())
    ]
    assert offenders == []


def test_every_page_showing_large_amounts_uses_the_one_money_format(signed_in, administrator):
    price_list = PriceList.objects.create(name="Premium", currency="EUR")
    Fee.objects.create(price_list=price_list, operation="check_cashing", fixed=Decimal("1250.00"))
    pack = LimitPack.objects.create(name="Level 2", verification_level=2, currency="EUR")
    Threshold.objects.create(pack=pack, operation="card_transaction", period="day", max_amount=Decimal("30000.00"))
    person = make_person("Anna", "Martin")
    Customer.objects.filter(pk=person.pk).update(price_list=price_list, verification_level=2)
    account = make_account(person, balance="19805.17")
    add_transactions(account, 4)
    account.transactions.update(amount=Decimal("3000.00"))
    company = make_company(representative=make_person("Marc", "Lefèvre"), share_capital=Decimal("125000.00"))
    client = signed_in(administrator)

    pages = {
        "profile": reverse("customer-profile", args=[person.pk]),
        "company profile": reverse("customer-profile", args=[company.pk]),
        "account": reverse("customer-account", args=[person.pk, account.pk]),
        "price lists": reverse("compliance-price-lists"),
        "limit packs": reverse("compliance-limit-packs"),
        **{tab: reverse("customer-tab", args=[person.pk, tab]) for tab in (*TAB_KEYS, "compliance", "kyc")},
    }
    seen = ""
    for name, url in pages.items():
        text = visible_text(client.get(url))
        assert not RAW_MONEY.findall(text), f"{name}: {RAW_MONEY.findall(text)}"
        seen += text
    for amount in ("19,805.17 EUR", "3,000.00 EUR", "125,000.00 EUR", "1,250.00 EUR", "30,000.00 EUR"):
        assert amount in seen, amount
