"""The table of ``/work/``: the deadline first, red once it has passed."""

from __future__ import annotations

from functools import cache, cached_property

from django.utils import timezone
from django.utils.safestring import SafeString
from django_tables2 import Column

from backoffice.markup import escape, url_maker
from backoffice.tables import EMPTY, BackofficeTable, badge, format_value

from .choices import COLOURS
from .models import WorkItem


@cache
def _item_url():
    return url_maker("work-item")


@cache
def _profile_url():
    return url_maker("customer-profile")  # reversed once, after the URLs are loaded


class WorkItemTable(BackofficeTable):
    required_columns = ("due_at", "title")

    due_at = Column(verbose_name="Due", attrs={"td": {"class": "text-nowrap"}})
    kind = Column(verbose_name="Kind")
    title = Column(verbose_name="What", orderable=False, attrs={"td": {"class": "cell-wrap"}})
    customer = Column(verbose_name="Customer", orderable=False, attrs={"td": {"class": "cell-wrap"}})
    assignee = Column(verbose_name="Assigned to", orderable=False)
    status = Column(verbose_name="Status")
    created_at = Column(verbose_name="Opened", visible=False, attrs={"td": {"class": "text-nowrap"}})

    class Meta(BackofficeTable.Meta):
        model = WorkItem
        fields = ("due_at", "kind", "title", "customer", "assignee", "status", "created_at")
        order_by = ("due_at",)

    def render_due_at(self, record, value):
        shown = escape(format_value(value))
        if record.is_overdue(self.now):
            return SafeString(f'<span class="text-danger fw-semibold">{shown}</span> {badge("Overdue", "danger")}')
        return SafeString(shown)

    def render_kind(self, record, value):
        """The kind links to the item's own page (take it, snooze it, give it to a colleague)."""
        return SafeString(f'<a href="{_item_url()(record.pk)}">{escape(value)}</a>')

    def value_kind(self, record, value):
        return value

    def render_title(self, record, value):
        url = record.url
        return SafeString(f'<a href="{escape(url)}">{escape(value)}</a>') if url else escape(value)

    def render_customer(self, record, value):
        if record.customer_id is None:
            return EMPTY
        return SafeString(f'<a href="{_profile_url()(record.customer_id)}">{escape(str(value))}</a>')

    def render_assignee(self, value):
        return escape(value.get_full_name() or value.get_username())

    def render_status(self, record, value):
        shown = badge(record.get_status_display(), COLOURS[record.status])
        if record.snoozed_until:
            shown = SafeString(f"{shown} <span class='small'>until {escape(format_value(record.snoozed_until))}</span>")
        return shown

    def value_title(self, record, value):
        return value

    @cached_property
    def now(self):
        """One moment for every row: a row is not overdue by the clock's tick since the one above."""
        return timezone.now()
