"""Bulk actions on lists (issue 21, "for the people who do this every day"): the rows ticked on a
list, or every row matching its filters, given one command each.

An app declares its bulk actions here from ``AppConfig.ready`` (as its commands and tabs): the
per-row command (``backoffice.commands``) that does the change, so each row goes through the
existing service with its own audit entry and refusals; the form of the parameters asked once
for the whole selection (``parameters(cleaned_data)`` turns them into the command's); and the
lists offering it (by URL name). ``backoffice`` imports no domain app: forms and converters are
dotted paths, lists are URL names, resolved when used.

A list's view (``FilteredListView``) resolves the selection: the ids ticked, re-read within the
requester's scope (the list's own queryset), or the filters' query string, filtered with the
requester's permissions by the job that runs it (``backoffice.services.bulk``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.urls import resolve, reverse
from django.utils.module_loading import import_string

from .commands import Command, commands

if TYPE_CHECKING:
    from .views.generic import FilteredListView

# A selection of more rows runs as a background job; at most so many rows in one selection.
INLINE_ROWS = 100
MAX_ROWS = 10_000
# The export of a selection is no command: a file for the staff member who asked (audited).
EXPORT = "export"


@dataclass(frozen=True)
class BulkAction:
    slug: str  # "tag": its URL (/bulk/tag/) and the button's value
    label: str  # "Add a tag"
    command: str  # the per-row command's name: "customers.tags.add"
    form: str  # dotted path of the parameters' form, asked once for the whole selection
    lists: tuple[str, ...]  # the URL names of the lists offering it
    effect: str  # what the page says happens to each row
    # Dotted path of ``parameters(cleaned_data) -> dict``: the command's parameters (the form's
    # cleaned data, but ``reason``, when absent).
    parameters: str = ""
    icon: str = "lightning"

    @cached_property
    def declared(self) -> Command:
        return commands.get(self.command)

    @property
    def permission(self) -> str:
        return self.declared.permission

    @cached_property
    def form_class(self) -> type:
        return import_string(self.form)

    def parameters_of(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        if self.parameters:
            return import_string(self.parameters)(cleaned)
        return {name: value for name, value in cleaned.items() if name != "reason"}

    def url(self) -> str:
        return reverse(f"bulk-{self.slug}")


@dataclass
class BulkRegistry:
    _actions: dict[str, BulkAction] = field(default_factory=dict)

    def register(self, *actions: BulkAction) -> None:
        for action in actions:
            known = self._actions.get(action.slug)
            if known is not None and known != action:
                raise ValueError(f"A bulk action {action.slug!r} is already registered.")
            if action.slug == EXPORT:
                raise ValueError("'export' is every list's own bulk action.")
            self._actions[action.slug] = action

    def get(self, slug: str) -> BulkAction:
        return self._actions[slug]

    def all(self) -> list[BulkAction]:
        return sorted(self._actions.values(), key=lambda action: action.slug)

    def listed(self) -> set[str]:
        """The lists whose rows have a tick box: those offering a bulk action."""
        return {name for action in self._actions.values() for name in action.lists}

    def of_list(self, list_name: str, user) -> list[BulkAction]:
        """The actions ``list_name`` offers that ``user`` may run (their permission)."""
        return [
            action
            for action in self._actions.values()
            if list_name in action.lists and user.has_perm(action.permission)
        ]


bulk_actions = BulkRegistry()


def list_view_of(list_name: str) -> type[FilteredListView]:
    """The list view class of the list named ``list_name`` (its URL name); ``ValueError`` when it
    names no list that offers bulk actions."""
    from .views.generic import FilteredListView

    try:
        view_class = getattr(resolve(reverse(list_name)).func, "view_class", None)
    except Exception as error:  # NoReverseMatch, Resolver404: no such list
        raise ValueError(f"No list named {list_name!r}.") from error
    if view_class is None or not issubclass(view_class, FilteredListView):
        raise ValueError(f"{list_name!r} is not a list.")
    return view_class
