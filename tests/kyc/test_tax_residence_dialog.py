"""T "Add Tax Residence" (issue 21): a button on the KYC tab opens a dialog (htmx) for one new
residence, saved with those on file as one list; bad input is said in the dialog next to its
field; without JavaScript it is a page of its own; the editor no longer shows a blank line."""

import html
import re

import pytest
from django.urls import reverse

from backoffice.models import AuditEntry
from kyc.models import TaxResidence
from kyc.services import Residence, update_tax_residences
from tests.customers.factories import ROBOT, make_person
from tests.helpers import count_queries, page_text

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_kyc_tab_offers_the_dialog_to_those_who_declare_residences(signed_in, support_agent, administrator):
    person = make_person()
    tab = reverse("customer-tab", args=[person.pk, "kyc"])
    page = page_text(signed_in(support_agent).get(tab))
    add = reverse("kyc-tax-residence-add", args=[person.pk])
    assert f'hx-get="{add}"' in page and 'id="tax-dialog"' in page and "Add tax residence" in page
    assert "Edit tax residences" not in page  # nothing on file to edit yet
    assert "Add tax residence" not in page_text(signed_in(administrator).get(tab))


def test_a_residence_is_added_in_the_dialog_keeping_those_on_file(signed_in, support_agent):
    person = make_person()
    update_tax_residences(actor=ROBOT, customer=person, residences=[Residence("FR", "3023217600053")])
    client = signed_in(support_agent)
    url = reverse("kyc-tax-residence-add", args=[person.pk])
    dialog = client.get(url, **HTMX)
    text = page_text(dialog)
    assert "<html" not in text and 'hx-post="' in text and "3023217600053" not in text  # a fragment, no TIN
    version = dialog.context["version"]
    response = client.post(url, {"version": version, "new-country": "US", "new-tin": ""}, **HTMX)
    assert response.status_code == 200 and "A United States tax residence needs its TIN" in page_text(response)
    assert 'id="id_new-tin_error"' in page_text(response), "said next to the TIN"
    response = client.post(url, {"version": version, "new-country": "FR", "new-tin": ""}, **HTMX)
    assert "France is listed twice" in page_text(response)
    response = client.post(
        url, {"version": version, "new-country": "DE", "new-tin": "", "new-tin_waiver": "on"}, **HTMX
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("customer-tab", args=[person.pk, "kyc"])
    on_file = TaxResidence.objects.filter(customer=person, deleted_at__isnull=True).order_by("country")
    assert [(r.country.code, r.tin, r.tin_waiver) for r in on_file] == [
        ("DE", "", True),
        ("FR", "3023217600053", False),
    ]
    entry = AuditEntry.objects.filter(action="kyc.tax_residences.updated").latest("pk")
    assert entry.changes == {"tax_residences": [["FR: 3023217600053"], ["DE: waiver", "FR: 3023217600053"]]}
    assert "Tax residences saved." in page_text(client.get(reverse("customer-profile", args=[person.pk])))


def test_without_javascript_the_dialog_is_a_page(signed_in, compliance_officer):
    person = make_person()
    client = signed_in(compliance_officer)
    url = reverse("kyc-tax-residence-add", args=[person.pk])
    page = page_text(client.get(url))
    assert "Add a tax residence for Zoë Dupont" in page and "<html" in page
    response = client.post(url, {"new-country": ""})
    assert "Choose the country where the customer pays tax." in page_text(response)
    response = client.post(url, {"new-country": "IT", "new-tin": "rccmnl83s18d969h"})
    assert response.status_code == 302 and TaxResidence.objects.get().tin == "RCCMNL83S18D969H"


def test_a_colleagues_change_meanwhile_is_refused(signed_in, support_agent):
    person = make_person()
    client = signed_in(support_agent)
    url = reverse("kyc-tax-residence-add", args=[person.pk])
    version = client.get(url, **HTMX).context["version"]
    update_tax_residences(actor=ROBOT, customer=person, residences=[Residence("FR", "3023217600053")])
    response = client.post(url, {"version": version, "new-country": "DE", "new-tin": "36574261809"}, **HTMX)
    assert "Someone else changed these tax residences meanwhile" in page_text(response)
    assert TaxResidence.objects.filter(customer=person).count() == 1


def test_the_dialog_reads_little(signed_in, support_agent):
    person = make_person()
    update_tax_residences(
        actor=ROBOT, customer=person, residences=[Residence("FR", "3023217600053"), Residence("DE", "36574261809")]
    )
    url = reverse("kyc-tax-residence-add", args=[person.pk])
    assert count_queries(signed_in(support_agent), url, **HTMX) <= 12


def first_option_typed(page: str, select: str, typed: str) -> tuple[str, str]:
    """The option a browser's menu lands on when ``typed`` is typed in it: the first whose name
    starts with it."""
    menu = re.search(rf'<select name="{select}".*?</select>', page, re.S)
    assert menu, f"no menu {select!r}"
    options = re.findall(r'<option value="([A-Z]*)"[^>]*>([^<]*)</option>', menu.group(0))
    return next((code, html.unescape(name)) for code, name in options if name.lower().startswith(typed.lower()))


def test_typing_united_states_lands_on_the_united_states(signed_in, support_agent):
    """Review 21c L4: not on the Minor Outlying Islands, saved with no TIN past the US rule."""
    person = make_person()
    update_tax_residences(actor=ROBOT, customer=person, residences=[Residence("FR", "3023217600053")])
    client = signed_in(support_agent)
    dialog = page_text(client.get(reverse("kyc-tax-residence-add", args=[person.pk]), **HTMX))
    assert first_option_typed(dialog, "new-country", "United States") == ("US", "United States of America")
    assert first_option_typed(dialog, "new-country", "U.S.") == ("UM", "U.S. Minor Outlying Islands")
    editor = page_text(client.get(reverse("kyc-tax-residences", args=[person.pk])))
    assert first_option_typed(editor, "form-0-country", "United States")[0] == "US"
    codes = re.findall(r'<option value="([A-Z]+)"', editor)
    assert codes.index("UM") + 1 == codes.index("UG"), "the islands sort by their name, before Uganda"


def test_the_dialog_says_what_it_does_in_plain_words(signed_in, support_agent):
    """Review 21c L6: the button adds (it does not "save changes"); the waiver's help has no API name."""
    person = make_person()
    dialog = page_text(signed_in(support_agent).get(reverse("kyc-tax-residence-add", args=[person.pk]), **HTMX))
    assert '<button type="submit" class="btn btn-primary">Add the tax residence</button>' in dialog
    assert "Save changes" not in dialog and "liabilityWaiver" not in dialog
    assert "Tick it when the customer signed a waiver because they have no TIN." in dialog


def test_a_waiver_ticked_with_a_tin_is_refused_next_to_the_waiver(signed_in, compliance_officer):
    """Review 21c L6: said, not dropped."""
    person = make_person()
    client = signed_in(compliance_officer)
    url = reverse("kyc-tax-residence-add", args=[person.pk])
    version = client.get(url, **HTMX).context["version"]
    data = {"version": version, "new-country": "DE", "new-tin": "36574261809", "new-tin_waiver": "on"}
    response = client.post(url, data, **HTMX)
    assert response.status_code == 200
    error = re.search(r'<div class="invalid-feedback" id="id_new-tin_waiver_error">([^<]*)</div>', page_text(response))
    assert error and error.group(1) == "A waiver stands only for a missing TIN: untick it or empty the TIN."
    assert 'aria-invalid="true" aria-describedby="id_new-tin_waiver_error' in page_text(response)
    assert not TaxResidence.objects.filter(customer=person).exists()

    update_tax_residences(actor=ROBOT, customer=person, residences=[Residence("DE", "36574261809")])
    residence = TaxResidence.objects.get(customer=person)
    editor = reverse("kyc-tax-residences", args=[person.pk])
    version = client.get(editor).context["version"]
    management = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "version": version}
    line = {"form-0-pk": residence.pk, "form-0-country": "DE", "form-0-tin": "36574261809", "form-0-tin_waiver": "on"}
    response = client.post(editor, {**management, **line})
    assert response.status_code == 200
    assert 'id="id_form-0-tin_waiver_error">A waiver stands only for a missing TIN' in page_text(response)
    residence.refresh_from_db()
    assert (residence.tin, residence.tin_waiver) == ("36574261809", False)
