"""The panel's help (issue 21, Crassula's "Help: access the current page right from the Admin
Panel"): a page per screen in docs/help, rendered in the panel with raw HTML off, read by every
staff role; every list and every section of the menu links to its own. A new list or menu section
without a help page fails here."""

import pytest
from django.test import override_settings
from django.urls import get_resolver, resolve, reverse

from backoffice import help as panel_help
from backoffice.navigation import navigation_for
from backoffice.views.generic import FilteredListView
from tests.customers.factories import make_person
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

# The menu's sections that are no screen to explain: where one starts, and the help itself.
WITHOUT_HELP = {"dashboard", "help-index"}


def every_subclass(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from every_subclass(sub)


def routed_views():
    def walk(resolver):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern)
            elif isinstance(getattr(pattern.callback, "view_class", None), type):
                yield pattern.name, pattern.callback.view_class

    return list(walk(get_resolver()))


def test_every_list_of_the_panel_has_a_help_page():
    """Every FilteredListView, whether its URL is routed or not yet, names an existing page."""
    lists = {view for _, view in routed_views() if issubclass(view, FilteredListView)}
    # Every concrete list (a table to show), routed or not yet; not the tests' own.
    lists |= {
        view
        for view in every_subclass(FilteredListView)
        if view.table_class is not None and view.__module__.split(".")[0] != "tests"
    }
    assert len(lists) >= 13
    missing = sorted(
        f"{view.__module__}.{view.__qualname__} ({getattr(view, 'help_page', '') or 'no help_page'})"
        for view in lists
        if panel_help.help_page(getattr(view, "help_page", "")) is None
    )
    assert missing == []


def test_every_section_of_the_menu_has_a_help_page(administrator):
    """The administrator's menu holds every section but those of other roles' work, which the
    URL policy's lists above cover."""
    missing = []
    for item in navigation_for(administrator):
        if item.url_name in WITHOUT_HELP:
            continue
        view = getattr(resolve(reverse(item.url_name)).func, "view_class", None)
        if panel_help.help_page(getattr(view, "help_page", "")) is None:
            missing.append(item.url_name)
    assert missing == []


def test_the_profile_and_the_queues_name_their_pages():
    named = {name: getattr(view, "help_page", "") for name, view in routed_views()}
    assert named["customer-profile"] == named["customer-tab"] == "profile"
    assert named["kyc-prereview-queue"] == "kyc-prereview" and named["kyc-review-queue"] == "kyc-reviews"
    assert named["panel-settings"] == "panel-settings"


def test_every_page_says_who_may_use_it_and_is_listed_for_those_who_open_its_screens(
    support_agent, compliance_officer, administrator
):
    pages = panel_help.help_pages()
    assert len(pages) >= 25
    for slug, page in pages.items():
        assert page.title and page.summary, slug
        assert "Who may use it:" in page.html, slug
    readers = (support_agent, compliance_officer, administrator)
    listed = {page.slug for user in readers for _, section in panel_help.sections(user) for page in section}
    assert listed == set(pages)


@pytest.mark.parametrize(
    ("role", "reads", "not_found"),
    [
        ("support_agent", ("persons", "kyc-prereview", "approvals"), ("restricted-customers", "audit-log", "staff")),
        ("compliance_officer", ("kyc-reviews", "restricted-customers", "audit-log"), ("panel-settings",)),
        ("administrator", ("persons", "panel-settings", "staff"), ("kyc-reviews",)),
        ("outsider", ("approvals",), ("persons", "work")),
    ],
)
def test_each_role_reads_the_pages_of_the_screens_it_opens(request, signed_in, role, reads, not_found):
    client = signed_in(request.getfixturevalue(role))
    index = page_text(client.get(reverse("help-index")))
    for slug in reads:
        assert f'href="/help/{slug}/"' in index, slug
        page = client.get(reverse("help-page", args=[slug]))
        assert page.status_code == 200 and "<h1" in page_text(page), slug
    for slug in not_found:
        assert f'href="/help/{slug}/"' not in index, slug
        assert client.get(reverse("help-page", args=[slug])).status_code == 404, slug


def test_a_support_agent_reads_nothing_about_freezes(signed_in, support_agent):
    """The tipping-off rule (tests/compliance/test_tipping_off.py) holds in the help too."""
    client = signed_in(support_agent)
    readable = [page.slug for _, section in panel_help.sections(support_agent) for page in section]
    for slug in ["", *readable]:
        url = reverse("help-page", args=[slug]) if slug else reverse("help-index")
        text = page_text(client.get(url)).lower()
        assert "freez" not in text and "frozen" not in text, slug


def test_an_unknown_page_is_not_found(signed_in, support_agent):
    client = signed_in(support_agent)
    assert client.get("/help/no-such-page/").status_code == 404
    assert client.get("/help/..%2Fsettings/").status_code == 404


def test_a_list_and_a_page_header_show_the_help_link(signed_in, support_agent, administrator):
    client = signed_in(support_agent)
    persons = page_text(client.get(reverse("customer-persons")))
    assert 'href="/help/persons/"' in persons and 'Help<span class="visually-hidden"> with this page</span>' in persons
    assert 'href="/help/kyc-prereview/"' in page_text(client.get(reverse("kyc-prereview-queue")))
    admin = signed_in(administrator)
    assert 'href="/help/panel-settings/"' in page_text(admin.get(reverse("panel-settings")))
    # A page without a help page of its own shows no link.
    assert 'class="btn btn-outline-secondary btn-sm help-link"' not in page_text(admin.get(reverse("dashboard")))


def test_the_profile_toolbar_links_to_the_profile_help(signed_in, support_agent):
    person = make_person("Helped", "Customer")
    page = page_text(signed_in(support_agent).get(reverse("customer-profile", args=[person.pk])))
    toolbar = page[page.index('aria-label="What this customer has"') :]
    assert 'href="/help/profile/"' in toolbar[: toolbar.index("</nav>")]


def test_raw_html_in_a_page_is_shown_as_text_and_script_links_are_dropped(tmp_path):
    (tmp_path / "hostile.md").write_text(
        "# Hostile\n\nA <script>alert(1)</script> and <img src=x onerror=alert(1)>.\n\n"
        "[click](javascript:alert(1)) [fine](/customers/)\n\n<div onclick='x()'>block</div>\n\n"
        "## Section {#tab-key}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        encoding="utf-8",
    )
    panel_help.help_pages.cache_clear()
    try:
        with override_settings(HELP_DIR=tmp_path):
            page = panel_help.help_page("hostile")
            assert page is not None and page.title == "Hostile"
            assert "<script" not in page.html and "&lt;script&gt;" in page.html
            assert "<img" not in page.html and "<div" not in page.html
            assert 'href="javascript' not in page.html and '<a href="/customers/">fine</a>' in page.html
            assert '<h2 id="tab-key">Section</h2>' in page.html
            assert '<table class="table table-sm align-top">' in page.html
            assert panel_help.help_page("../hostile") is None and panel_help.help_page("Hostile") is None
    finally:
        panel_help.help_pages.cache_clear()
