"""The relationship diagram (T "Children Users"): the customer, the companies they belong to
above, their representatives, owners, directors, employees and linked persons below, and the
owners of owning companies one level further (Treezor stops nesting at two levels).

The graph is read in three queries and laid out here in rows; the template draws it as SVG,
each node a link to its profile. The effective ownership multiplies the shares along the
chain: a person owning 50 % of a company that owns 40 % of this one owns 20 % of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .choices import RelationshipKind
from .models import Customer, Relationship

NODE_WIDTH, NODE_HEIGHT = 190, 52
GAP_X, ROW_HEIGHT, MARGIN = 28, 120, 20
BENEFICIAL_OWNER_THRESHOLD = Decimal(25)  # AMLD art. 3(6): more than 25 % makes a beneficial owner


@dataclass
class Node:
    customer: Customer
    row: int
    focus: bool = False
    x: int = 0
    y: int = 0

    @property
    def name(self) -> str:
        name = self.customer.display_name
        return name if len(name) <= 24 else name[:23] + "…"

    @property
    def kind_label(self) -> str:
        return "Person" if self.customer.is_person else "Company"

    @property
    def centre(self) -> int:
        return self.x + NODE_WIDTH // 2


@dataclass
class Edge:
    """One line of the drawing: the links between two customers (a representative who is also
    an owner is one line, "Legal representative · 30 %")."""

    parent: Node
    child: Node
    link: Relationship
    also: list[Relationship] = field(default_factory=list)
    # Where along the curve the label sits (0 at the upper box, 1 at the lower one): near the
    # lower box, unless several lines meet there (then near the upper one, where they part).
    along: float = 0.75

    @staticmethod
    def _label_of(link: Relationship) -> str:
        if link.ownership_percent is not None:
            return f"{link.ownership_percent.normalize():f} %"
        return link.get_kind_display().split(" /")[0]

    @property
    def links(self) -> list[Relationship]:
        return [self.link, *self.also]

    @property
    def label(self) -> str:
        return " · ".join(self._label_of(link) for link in self.links)

    @property
    def label_width(self) -> int:
        return 7 * len(self.label) + 12

    @property
    def label_left(self) -> int:
        return self.label_x - self.label_width // 2

    @property
    def curve_y(self) -> int:
        return (self.parent.y + NODE_HEIGHT + self.child.y) // 2

    def _point(self, start: int, middle: int, end: int) -> int:
        """A coordinate of the cubic curve the template draws (start, middle, middle, end)."""
        t = self.along
        return round((1 - t) ** 3 * start + 3 * (1 - t) ** 2 * t * middle + 3 * (1 - t) * t**2 * middle + t**3 * end)

    @property
    def label_x(self) -> int:
        t = self.along
        weight = 3 * (1 - t) * t**2 + t**3  # x runs from the parent's centre to the child's
        return round((1 - weight) * self.parent.centre + weight * self.child.centre)

    @property
    def label_y(self) -> int:
        return self._point(self.parent.y + NODE_HEIGHT, self.curve_y, self.child.y)


@dataclass
class Ownership:
    owner: Customer
    direct: Decimal = Decimal(0)
    indirect: Decimal = Decimal(0)
    via: list[str] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return self.direct + self.indirect

    @property
    def is_beneficial_owner(self) -> bool:
        return self.owner.is_person and self.total > BENEFICIAL_OWNER_THRESHOLD


@dataclass
class Diagram:
    nodes: list[Node]
    edges: list[Edge]
    width: int
    height: int
    ownership: list[Ownership]

    @property
    def is_empty(self) -> bool:
        return len(self.nodes) <= 1

    @property
    def staff(self) -> list[Edge]:
        """C "Company staff": each customer linked below the company, with all their roles."""
        return [edge for edge in self.edges if edge.parent.focus]

    @property
    def companies(self) -> list[Edge]:
        """C "Companies": each company the person is linked to, with all their roles in it."""
        return [edge for edge in self.edges if edge.child.focus and edge.parent.customer.is_company]


def _percent(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01")).normalize()


def effective_ownership(focus: Customer, children: list[Relationship], grandchildren: list[Relationship]):
    """Direct shares, plus the shares held through an owning company (two levels)."""
    owners: dict[int, Ownership] = {}
    company_shares = {}
    for link in children:
        if link.kind != RelationshipKind.SHAREHOLDER or link.ownership_percent is None:
            continue
        owners.setdefault(link.related_id, Ownership(link.related)).direct += link.ownership_percent
        if link.related.is_company:
            company_shares[link.related_id] = (link.related, link.ownership_percent)
    for link in grandchildren:
        if link.kind != RelationshipKind.SHAREHOLDER or link.ownership_percent is None:
            continue
        if link.customer_id not in company_shares or link.related_id == focus.pk:
            continue
        company, share = company_shares[link.customer_id]
        entry = owners.setdefault(link.related_id, Ownership(link.related))
        entry.indirect += _percent(share * link.ownership_percent / 100)
        entry.via.append(f"{link.ownership_percent.normalize():f} % of {company.display_name}")
    return sorted(owners.values(), key=lambda entry: (-entry.total, entry.owner.display_name))


def _place(rows: dict[int, list[Node]]) -> tuple[int, int]:
    widest = max(len(nodes) for nodes in rows.values())
    width = max(widest * (NODE_WIDTH + GAP_X) - GAP_X + 2 * MARGIN, NODE_WIDTH + 2 * MARGIN)
    for index, row in enumerate(sorted(rows)):
        nodes = rows[row]
        span = len(nodes) * (NODE_WIDTH + GAP_X) - GAP_X
        start = (width - span) // 2
        for position, node in enumerate(nodes):
            node.x, node.y = start + position * (NODE_WIDTH + GAP_X), MARGIN + index * ROW_HEIGHT
    return width, MARGIN * 2 + (len(rows) - 1) * ROW_HEIGHT + NODE_HEIGHT


def relationship_diagram(customer: Customer) -> Diagram:
    """The graph around ``customer`` (3 queries), laid out in rows: parents, it, children, their children."""
    parents = list(Relationship.objects.filter(related=customer).select_related("customer"))
    children = list(Relationship.objects.filter(customer=customer).select_related("related"))
    child_ids = {link.related_id for link in children}
    grandchildren = list(
        Relationship.objects.filter(customer_id__in=child_ids)
        .exclude(related=customer)
        .select_related("related", "customer")
    )
    focus = Node(customer, row=1, focus=True)
    nodes: dict[int, Node] = {customer.pk: focus}
    rows: dict[int, list[Node]] = {1: [focus]}

    def node_for(other: Customer, row: int) -> Node:
        if other.pk not in nodes:
            nodes[other.pk] = Node(other, row=row)
            rows.setdefault(row, []).append(nodes[other.pk])
        return nodes[other.pk]

    lines: dict[tuple[int, int], Edge] = {}

    def draw(parent: Node, child: Node, link: Relationship) -> None:
        key = (parent.customer.pk, child.customer.pk)
        if key in lines:
            lines[key].also.append(link)
        else:
            lines[key] = Edge(parent, child, link)

    for link in parents:
        draw(node_for(link.customer, 0), focus, link)
    for link in children:
        draw(focus, node_for(link.related, 2), link)
    for link in grandchildren:
        draw(nodes[link.customer_id], node_for(link.related, 3), link)
    edges = list(lines.values())
    arriving = {}
    for edge in edges:
        arriving[edge.child.customer.pk] = arriving.get(edge.child.customer.pk, 0) + 1
    for edge in edges:
        if arriving[edge.child.customer.pk] > 1:
            edge.along = 0.25
    width, height = _place(rows)
    return Diagram(
        nodes=list(nodes.values()),
        edges=edges,
        width=width,
        height=height,
        ownership=effective_ownership(customer, children, grandchildren) if customer.is_company else [],
    )
