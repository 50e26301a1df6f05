"""The dossier's sections: a registry every app fills from its ``AppConfig.ready``, as profile
tabs are (``backoffice.tabs``). ``customers`` never imports the apps above it; ``kyc``,
``compliance`` and ``screening`` register theirs here.

A section is a title, an order and a ``build(requester, customer)`` (a dotted path, imported
when the dossier is built) returning blocks the PDF draws: label/value pairs (``Fields``), a
table (``Table``) or a sentence (``Text``). Every value is already as the requester may see it
(masked personal data, confidential values hidden): the section reads through its app's
selectors with the requester, as the matching profile tab does. A section with a ``permission``
the requester lacks is not built at all: the PDF says it is withheld for their role, the same
sentence whether or not there is anything in it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.module_loading import import_string

WITHHELD = "Withheld: the requester's role may not see this section (this says nothing about what it holds)."


@dataclass(frozen=True)
class Fields:
    """Label / value pairs, one a line."""

    rows: Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Table:
    """A table: ``columns`` are (heading, relative width); every cell a string."""

    columns: Sequence[tuple[str, float]]
    rows: Sequence[Sequence[str]]
    empty: str = "None."


@dataclass(frozen=True)
class Text:
    text: str
    subtitle: bool = False  # a heading inside the section


Block = Fields | Table | Text


@dataclass(frozen=True)
class DossierSection:
    key: str
    title: str
    order: int
    build: str  # dotted path of build(requester, customer) -> list[Block]
    permission: str = ""  # the requester needs it, else the section is withheld

    def visible_to(self, user) -> bool:
        return not self.permission or bool(user.has_perm(self.permission))

    @cached_property
    def builder(self) -> Callable[[object, object], list[Block]]:
        return import_string(self.build)

    def blocks(self, user, customer) -> list[Block] | None:
        """What the section says to ``user``, or None when it is withheld (never read)."""
        if not self.visible_to(user):
            return None
        return list(self.builder(user, customer))


@dataclass
class SectionRegistry:
    _sections: dict[str, DossierSection] = field(default_factory=dict)

    def register(self, *sections: DossierSection) -> None:
        for section in sections:
            known = self._sections.get(section.key)
            if known is not None and known != section:
                raise ValueError(f"A dossier section with the key {section.key!r} is already registered.")
            self._sections[section.key] = section

    def all(self) -> list[DossierSection]:
        return sorted(self._sections.values(), key=lambda section: (section.order, section.key))


dossier_sections = SectionRegistry()
