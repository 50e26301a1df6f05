"""The table of ``/screening/``: the strongest hits first."""

from __future__ import annotations

from functools import cache

from django.utils.safestring import SafeString
from django_tables2 import Column

from backoffice.markup import escape, url_maker
from backoffice.tables import BackofficeTable, badge, format_value

from .models import HitStatus, ScreeningHit

COLOURS = {HitStatus.OPEN: "warning", HitStatus.CLEARED: "secondary", HitStatus.CONFIRMED: "danger"}


@cache
def _hit_url():
    return url_maker("screening-hit")


@cache
def _profile_url():
    return url_maker("customer-profile")


class HitTable(BackofficeTable):
    required_columns = ("score", "listed")

    score = Column(verbose_name="Score", attrs={"td": {"class": "text-end"}})
    customer = Column(verbose_name="Customer", orderable=False, attrs={"td": {"class": "cell-wrap"}})
    listed = Column(verbose_name="May be", accessor="entity", orderable=False, attrs={"td": {"class": "cell-wrap"}})
    source = Column(verbose_name="List", accessor="entity__source", orderable=False)
    status = Column(verbose_name="Status")
    found_at = Column(verbose_name="Found", attrs={"td": {"class": "text-nowrap"}})

    class Meta(BackofficeTable.Meta):
        model = ScreeningHit
        fields = ("score", "customer", "listed", "source", "status", "found_at")
        order_by = ("-score",)

    def render_score(self, record, value):
        return SafeString(f'<a href="{_hit_url()(record.pk)}">{round(value * 100)} %</a>')

    def value_score(self, record, value):
        return round(value, 3)

    def render_customer(self, record, value):
        return SafeString(f'<a href="{_profile_url()(record.customer_id)}">{escape(str(value))}</a>')

    def render_listed(self, record, value):
        link = f'<a href="{_hit_url()(record.pk)}">{escape(value.caption)}</a>'
        if value.removed_in_id is not None:  # delisted since: the hit may be cleared for that reason
            link += " " + badge("Delisted", "secondary")
        return SafeString(link)

    def value_listed(self, record, value):
        return value.caption + (" (delisted)" if value.removed_in_id is not None else "")

    def render_source(self, record, value):
        return f"{record.entity.source.upper()} {record.entity.source_id}"

    def value_source(self, record, value):
        return self.render_source(record, value)

    def render_status(self, record, value):
        return badge(record.get_status_display(), COLOURS[record.status])

    def render_found_at(self, value):
        return format_value(value)
