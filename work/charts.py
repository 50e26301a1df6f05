"""The geometry of the work metrics' chart (``templates/work/_metrics.html``), drawn by the server
as inline SVG (no script, no CDN): per week, a bar of the items opened beside a bar of those
closed, and a line of the share closed within target on its own 0–100 % scale. The template
only places what is computed here; the figures stay readable in the table under the chart."""

from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil, log10

from .metrics import WeekFigures

WIDTH, HEIGHT = 760, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 56, 30, 44
# Colours with at least 3:1 against white (WCAG 1.4.11), told apart by place and shape too.
OPENED, CLOSED, SHARE = "#0b5ed7", "#146c43", "#b45309"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label_y: float
    title: str

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class WeekSlot:
    x: float  # the centre of the week's group
    label: str
    opened: Bar
    closed: Bar
    share: tuple[float, float] | None  # the share's point, when anything closed
    share_label: str
    share_title: str


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    slots: list[WeekSlot] = field(default_factory=list)
    count_ticks: list[Tick] = field(default_factory=list)
    share_ticks: list[Tick] = field(default_factory=list)
    share_paths: list[str] = field(default_factory=list)  # "x,y x,y …" a run of weeks each
    show_values: bool = True
    description: str = ""
    colours: dict[str, str] = field(default_factory=lambda: {"opened": OPENED, "closed": CLOSED, "share": SHARE})


def _nice_step(top: int, ticks: int = 4) -> int:
    """A step of 1, 2 or 5 × 10ⁿ giving at most ``ticks`` intervals up to ``top``."""
    if top <= ticks:
        return 1
    raw = top / ticks
    magnitude = 10 ** int(log10(raw))
    return next(step * magnitude for step in (1, 2, 5, 10) if step * magnitude >= raw)


def weekly_chart(rows: list[WeekFigures], what: str) -> Chart:
    """The chart of ``rows`` (one a week, oldest first), about ``what`` ("all kinds")."""
    chart = Chart()
    plot_height = chart.bottom - chart.top
    peak = max([row.opened for row in rows] + [row.closed for row in rows] + [1])
    step = _nice_step(peak)
    scale_top = step * ceil(peak / step)

    def y_of(count: float) -> float:
        return round(chart.bottom - plot_height * count / scale_top, 1)

    def share_y(share: float) -> float:
        return round(chart.bottom - plot_height * share, 1)

    chart.count_ticks = [Tick(y_of(value), str(value)) for value in range(0, scale_top + 1, step)]
    chart.share_ticks = [Tick(share_y(percent / 100), f"{percent} %") for percent in (0, 25, 50, 75, 100)]
    group = (chart.right - chart.left) / max(len(rows), 1)
    bar = round(min(group * 0.34, 30), 1)
    chart.show_values = len(rows) <= 13
    every = 1 if len(rows) <= 13 else 2
    run: list[str] = []
    for index, row in enumerate(rows):
        centre = round(chart.left + group * (index + 0.5), 1)
        week = f"{row.week.day} {row.week:%b}"
        share = row.share_within

        def bar_of(x: float, value: int, noun: str, week=week) -> Bar:
            top = y_of(value)
            return Bar(x, top, bar, round(chart.bottom - top, 1), value, top - 4, f"Week of {week}: {value} {noun}")

        point = (centre, share_y(share)) if share is not None else None
        if point is None:
            if len(run) > 1:
                chart.share_paths.append(" ".join(run))
            run = []
        else:
            run.append(f"{point[0]},{point[1]}")
        chart.slots.append(
            WeekSlot(
                x=centre,
                label=week if (len(rows) - 1 - index) % every == 0 else "",  # the latest week always
                opened=bar_of(round(centre - bar - 1, 1), row.opened, "opened"),
                closed=bar_of(round(centre + 1, 1), row.closed, "closed"),
                share=point,
                share_label=f"{share * 100:.0f} %" if share is not None else "",
                share_title=(
                    f"Week of {week}: {share * 100:.0f} % of {row.closed} closed within target"
                    if share is not None
                    else f"Week of {week}: nothing closed"
                ),
            )
        )
    if len(run) > 1:
        chart.share_paths.append(" ".join(run))
    opened, closed = sum(row.opened for row in rows), sum(row.closed for row in rows)
    within = sum(row.within_target for row in rows)
    share_text = f"{within * 100 / closed:.0f} % of them within target" if closed else "nothing closed"
    first, last = rows[0].week, rows[-1].week
    chart.description = (
        f"{what}, weeks of {first.day} {first:%b %Y} to {last.day} {last:%b %Y}: {opened} opened and {closed} closed, "
        f"{share_text}. Bars: items opened and closed each week; line: share closed within target. "
        "The table below gives every figure."
    )
    return chart
