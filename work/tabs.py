"""The profile's Work tab and its toolbar counter (``backoffice.tabs`` registries): what is
pending about the customer, whoever has it; confidential items only for those who see
confidential data (the counter and the tab count the same items)."""

from backoffice.tabs import ProfileCounter, ProfileTab, profile_counters, profile_tabs

BROWSE = "customers.browse_customers"
CONFIDENTIAL = "backoffice.view_confidential"


def pending_about_customers(user):
    """The pending items about any customer that ``user`` may know are pending."""
    from .choices import PENDING_STATUSES
    from .models import WorkItem

    items = WorkItem.objects.filter(status__in=PENDING_STATUSES)
    return items if user.has_perm(CONFIDENTIAL) else items.filter(confidential=False)


def _open_items(user):
    from customers.selectors.holdings import CountOf

    return CountOf(pending_about_customers(user))


def register_tabs() -> None:
    profile_tabs.register(
        ProfileTab(key="work", label="Work", view="work.views.CustomerWorkTab", permission=BROWSE, order=85)
    )
    profile_counters.register(
        ProfileCounter("work", "Open work", "inbox", "work", _open_items, BROWSE, 90, varies_with=CONFIDENTIAL)
    )
