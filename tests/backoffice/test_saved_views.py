"""Saved views (issue 21): a staff member saves a list's filters, sort and columns under a name,
shares it with their role, and opens it from "Saved views" in the navigation; audited; only its
owner deletes it; a view of another list or of another role is not theirs to open."""

import pytest
from django.urls import reverse

from backoffice.models import AuditEntry, SavedView
from backoffice.roles import COMPLIANCE_OFFICER, SUPPORT_AGENT
from tests.customers.factories import make_person
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def table_of(response, marker="<table") -> str:
    """The page's table (the messages and the Columns menu left out)."""
    page = page_text(response)
    start = page.index(marker)
    return page[start : page.index("</table>", start)]


def save(client, url_name, query, name, share_with=""):
    return client.post(
        f"{reverse(url_name)}?{query}", {"saved_view_action": "save", "name": name, "share_with": share_with}
    )


def test_an_agent_saves_a_filtered_list_with_its_columns_and_opens_it_again(signed_in, support_agent):
    make_person("Zoé", "Dupont")
    make_person("Anna", "Martin")
    client = signed_in(support_agent)
    client.post(reverse("customer-persons"), {"columns_action": "save", "columns": ["name", "phones"]})
    response = save(client, "customer-persons", "last_name=dupont&page=3", "  The   Duponts ")
    assert response.status_code == 302
    view = SavedView.objects.get()
    assert (view.name, view.table, view.query) == ("The Duponts", "customer-persons", "last_name=dupont")
    assert view.columns == ["name", "phones"] and view.shared_role == ""
    assert AuditEntry.objects.filter(action="staff.view.saved", actor_label=support_agent.username).exists()
    client.post(reverse("customer-persons"), {"columns_action": "reset"})  # their own columns change since
    listing = page_text(client.get(reverse("saved-views")))
    opened = f"{reverse('customer-persons')}?last_name=dupont&amp;view={view.pk}"
    assert "The Duponts" in listing and opened in listing and "Persons" in listing
    response = client.get(f"{reverse('customer-persons')}?last_name=dupont&view={view.pk}")
    assert "Zoé Dupont" in page_text(response) and "Anna Martin" not in page_text(response)
    head = table_of(response, "<thead")
    assert ">Phones" in head and ">Emails" not in head, "the view's columns, not the agent's own"


def test_a_view_shared_with_a_role_is_theirs_to_open_not_to_delete(signed_in, support_agent, make_staff):
    colleague = make_staff("sam2", SUPPORT_AGENT)
    officer = make_staff("chloe", COMPLIANCE_OFFICER)
    save(signed_in(support_agent), "customer-list", "status=PENDING", "Pending", share_with=SUPPORT_AGENT)
    save(signed_in(support_agent), "customer-list", "status=CANCELED", "Mine only")
    view = SavedView.objects.get(name="Pending")
    listing = table_of(
        signed_in(colleague).get(reverse("saved-views")), '<table class="table table-sm align-middle" id="saved-views"'
    )
    assert "Pending" in listing and "Mine only" not in listing and "Every support agent" in listing
    assert "Delete" not in listing
    assert signed_in(colleague).post(reverse("saved-view-delete", args=[view.pk])).status_code == 302
    assert SavedView.objects.filter(pk=view.pk).exists(), "only its owner deletes it"
    assert "Pending" not in table_of(signed_in(officer).get(reverse("saved-views")), 'id="saved-views"')
    hidden = SavedView.objects.get(name="Mine only")
    page = signed_in(colleague).get(f"{reverse('customer-list')}?view={hidden.pk}")
    assert page.status_code == 200, "someone else's private view opens the plain list"
    signed_in(support_agent).post(reverse("saved-view-delete", args=[view.pk]))
    assert not SavedView.objects.filter(pk=view.pk).exists()
    assert AuditEntry.objects.filter(action="staff.view.deleted").exists()


def test_a_view_needs_a_name_and_shares_only_with_ones_own_role(signed_in, support_agent):
    client = signed_in(support_agent)
    response = save(client, "customer-list", "", "   ")
    assert "Name the view." in page_text(client.get(response.url))
    response = save(client, "customer-list", "", "Boss view", share_with=COMPLIANCE_OFFICER)
    assert "A view is shared only with a role you hold." in page_text(client.get(response.url))
    assert not SavedView.objects.exists()


def test_saving_the_same_name_again_replaces_it(signed_in, support_agent):
    client = signed_in(support_agent)
    save(client, "customer-list", "status=PENDING", "Queue")
    save(client, "customer-list", "status=VALIDATED", "Queue")
    assert list(SavedView.objects.values_list("query", flat=True)) == ["status=VALIDATED"]


def test_one_objects_list_is_no_saved_view(signed_in, support_agent):
    """An account's transactions are that account's: no "Save view" there, and a POST is refused."""
    from tests.customers.holdings import make_account

    account = make_account(make_person("Zoé", "Dupont"))
    client = signed_in(support_agent)
    url = reverse("customer-account", args=[account.customer_id, account.pk])
    assert "Save view" not in page_text(client.get(url))
    response = client.post(url, {"saved_view_action": "save", "name": "Theirs"})
    assert response.status_code == 400 and not SavedView.objects.exists()
    assert "Save view" in page_text(client.get(reverse("account-list")))
