"""Work metrics (issue 19): per kind and per week, items opened and closed, the median and 90th
percentile time to close and the share closed within target, over what the viewer may see; on
``/work/metrics/`` as a chart and a table, and as CSV. Figures checked on a hand-built history."""

import csv
import io
import itertools
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.helpers import count_queries, page_text
from work import charts, metrics
from work.choices import WorkKind, WorkStatus
from work.models import WorkItem

pytestmark = pytest.mark.django_db

PRE_REVIEW = "kyc.prereview_documents"  # support agents and compliance officers do these
DECIDE = "kyc.decide_kyc_review"
RISK = "compliance.set_risk_level"
_subjects = itertools.count(1)


def monday(weeks_back: int = 0) -> date:
    today = timezone.localdate()
    return today - timedelta(days=today.weekday(), weeks=weeks_back)


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def item(kind, opened, *, closed=None, target=timedelta(hours=4), permission=PRE_REVIEW, confidential=False):
    return WorkItem.objects.create(
        kind=kind,
        subject_model="tests.thing",
        subject_id=str(next(_subjects)),
        title="Something to do",
        permission=permission,
        confidential=confidential,
        created_at=opened,
        due_at=opened + target,
        status=WorkStatus.DONE if closed else WorkStatus.OPEN,
        closed_at=closed,
    )


def pre_reviews(week: date, hours_taken=(1, 2, 3, 10), still_open: int = 1) -> None:
    """Opened on the week's Tuesday at 10:00, due 4 hours later; closed after ``hours_taken``."""
    opened = at(week + timedelta(days=1))
    for hours in hours_taken:
        item(WorkKind.PRE_REVIEW, opened, closed=opened + timedelta(hours=hours))
    for _ in range(still_open):
        item(WorkKind.PRE_REVIEW, opened)


@pytest.fixture
def history():
    """Last week: 5 pre-reviews opened, 4 closed in 1, 2, 3 and 10 hours (3 by their 4-hour
    deadline); a KYC review opened three weeks ago and closed last week, late; a confidential
    risk review closed last week in time; one pre-review opened this week; and an item opened
    and closed before the window."""
    pre_reviews(monday(1))
    item(
        WorkKind.KYC_REVIEW,
        at(monday(3) + timedelta(days=1)),
        closed=at(monday(1) + timedelta(days=2), 16),
        target=timedelta(hours=24),
        permission=DECIDE,
    )
    item(
        WorkKind.RISK_REVIEW,
        at(monday(1)),
        closed=at(monday(1), 12),
        target=timedelta(days=30),
        permission=RISK,
        confidential=True,
    )
    item(WorkKind.PRE_REVIEW, timezone.now() - timedelta(minutes=1))
    item(WorkKind.PRE_REVIEW, at(monday(10)), closed=at(monday(9)))


def week_of(rows, day: date):
    (row,) = [row for row in rows if row.week == day]
    return row


def test_percentile_interpolates_as_postgresql_percentile_cont():
    assert metrics.percentile([1.0, 2.0, 3.0, 10.0], 0.5) == 2.5
    assert metrics.percentile([1.0, 2.0, 3.0, 10.0], 0.9) == pytest.approx(7.9)
    assert metrics.percentile([5.0], 0.9) == 5.0
    assert metrics.percentile([], 0.5) is None


def test_the_figures_per_kind_and_week(history, compliance_officer):
    figures = metrics.weekly_metrics(compliance_officer)
    assert figures.weeks == [monday(back) for back in range(7, -1, -1)]
    assert set(figures.by_kind) == {WorkKind.PRE_REVIEW, WorkKind.KYC_REVIEW, WorkKind.RISK_REVIEW}
    pre = week_of(figures.by_kind[WorkKind.PRE_REVIEW], monday(1))
    assert (pre.opened, pre.closed, pre.within_target) == (5, 4, 3)
    assert pre.share_within == 0.75 and pre.share_text == "75 %"
    assert pre.median_hours == pytest.approx(2.5) and pre.p90_hours == pytest.approx(7.9)
    assert (pre.median_text, pre.p90_text) == ("2.5 h", "7.9 h")
    assert week_of(figures.by_kind[WorkKind.PRE_REVIEW], monday(0)).opened == 1
    review = figures.by_kind[WorkKind.KYC_REVIEW]
    assert week_of(review, monday(3)).opened == 1 and week_of(review, monday(3)).closed == 0
    late = week_of(review, monday(1))
    assert (late.opened, late.closed, late.within_target) == (0, 1, 0)
    took = (at(monday(1) + timedelta(days=2), 16) - at(monday(3) + timedelta(days=1))).total_seconds() / 3600
    assert (
        late.median_hours == pytest.approx(took) == late.p90_hours
        and late.median_text == f"{took:.1f} h ({took / 24:.1f} days)"
    )
    assert sum(row.opened for rows in figures.by_kind.values() for row in rows) == 8, "not the item of 10 weeks ago"
    total = week_of(figures.totals, monday(1))
    assert (total.opened, total.closed, total.within_target) == (6, 6, 4)
    assert WorkKind.FAILED_EMAIL.label in figures.quiet_kinds


def test_the_figures_count_only_what_the_viewer_may_see(history, support_agent):
    """A support agent sees pre-reviews, not the KYC decisions nor a confidential risk review."""
    figures = metrics.weekly_metrics(support_agent)
    assert set(figures.by_kind) == {WorkKind.PRE_REVIEW}
    assert week_of(figures.totals, monday(1)).closed == 4


def test_one_kind_and_a_shorter_window(history, compliance_officer):
    figures = metrics.weekly_metrics(compliance_officer, kind=WorkKind.KYC_REVIEW, weeks=2)
    assert figures.weeks == [monday(1), monday(0)] and set(figures.by_kind) == {WorkKind.KYC_REVIEW}
    assert [row.closed for row in figures.totals] == [1, 0] and figures.totals[0].opened == 0


def test_the_page_shows_the_chart_and_the_table(history, signed_in, compliance_officer):
    response = signed_in(compliance_officer).get(reverse("work-metrics"))
    text = page_text(response)
    assert '<svg viewBox="0 0 760 280" width="100%" role="img" aria-labelledby="metrics-chart-title' in text
    assert "<title>Week of" in text and "6 opened</title>" in text
    assert "All kinds, weeks of" in text and "8 opened and 6 closed, 67 % of them within target" in text
    table = text.split('id="work-metrics"')[1]
    assert "Document pre-review" in table and "KYC review decision" in table
    assert '3 <span class="text-body-secondary">(75 %)</span>' in table and "2.5 h" in table and "7.9 h" in table
    assert "Email or statement not delivered" in text.split("Nothing opened or closed in these weeks:")[1]


def test_the_kind_filter(history, signed_in, compliance_officer):
    text = page_text(signed_in(compliance_officer).get(reverse("work-metrics"), {"kind": WorkKind.KYC_REVIEW}))
    table = text.split('id="work-metrics"')[1]
    assert "KYC review decision" in table and "Document pre-review" not in table
    assert '<option value="kyc_review" selected>' in text
    nonsense = signed_in(compliance_officer).get(reverse("work-metrics"), {"kind": "x" * 5000, "weeks": "9" * 5000})
    assert nonsense.status_code == 200 and "Last 8 weeks</option>" in page_text(nonsense)


def test_the_csv_has_the_tables_figures(history, signed_in, compliance_officer):
    response = signed_in(compliance_officer).get(reverse("work-metrics"), {"format": "csv", "weeks": "4"})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="work-metrics-all-4w-')
    content = b"".join(response.streaming_content).decode()
    assert content.startswith("\ufeff"), "written by the panel's CSV writer (formulas neutralised)"
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows[0] == metrics.CSV_HEADER
    assert len(rows) == 1 + 3 * 4, "a row per week for each kind with activity"
    assert [
        "Document pre-review",
        "pre_review",
        monday(1).isoformat(),
        "5",
        "4",
        "3",
        "75.0",
        "2.50",
        "7.90",
    ] in rows
    assert ["Document pre-review", "pre_review", monday(2).isoformat(), "0", "0", "0", "", "", ""] in rows


def test_the_page_makes_the_same_queries_whatever_the_number_of_items(signed_in, compliance_officer):
    client = signed_in(compliance_officer)
    pre_reviews(monday(1))
    few = count_queries(client, reverse("work-metrics"))
    for back in range(8):
        pre_reviews(monday(back), hours_taken=(1, 5, 8, 20, 30), still_open=3)
    item(WorkKind.KYC_REVIEW, at(monday(2)), closed=at(monday(1)), permission=DECIDE)
    assert count_queries(client, reverse("work-metrics")) == few
    assert count_queries(client, reverse("work-metrics"), data={"kind": WorkKind.PRE_REVIEW}) == few


@pytest.mark.parametrize("role", ["support_agent", "outsider"])
def test_metrics_are_for_compliance_and_administrators(signed_in, request, role):
    client = signed_in(request.getfixturevalue(role))
    assert client.get(reverse("work-metrics")).status_code == 403
    assert client.get(reverse("work-metrics"), {"format": "csv"}).status_code == 403


def test_the_work_list_links_the_pages_each_role_may_open(signed_in, support_agent, compliance_officer, administrator):
    def links(user) -> tuple[bool, bool]:
        text = page_text(signed_in(user).get(reverse("work-list")))
        return reverse("work-metrics") in text, reverse("work-targets") in text

    assert links(support_agent) == (False, False)
    assert links(compliance_officer) == (True, False)
    assert links(administrator) == (True, True)


def test_the_chart_scales_its_bars_and_its_line():
    rows = [
        metrics.WeekFigures("", monday(2), opened=10, closed=4, within_target=1),
        metrics.WeekFigures("", monday(1), opened=0, closed=0),
        metrics.WeekFigures("", monday(0), opened=5, closed=10, within_target=10),
    ]
    chart = charts.weekly_chart(rows, "All kinds")
    first, empty, last = chart.slots
    assert first.opened.height == last.closed.height == chart.bottom - chart.top, "10 is the top of the scale"
    assert last.opened.height == pytest.approx(first.opened.height / 2, abs=0.1)
    assert empty.opened.height == 0 and empty.share is None and "nothing closed" in empty.share_title
    assert first.share[1] == pytest.approx(chart.bottom - (chart.bottom - chart.top) * 0.25, abs=0.1)
    assert last.share[1] == chart.top
    assert chart.share_paths == [], "no line across a week where nothing closed"
    assert [tick.label for tick in chart.count_ticks] == ["0", "5", "10"]
    assert "15 opened and 14 closed, 79 % of them within target" in chart.description
