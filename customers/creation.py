"""Sections other apps add to the create forms (C "Add new", in its order: … settings, limit,
custom threshold limits, security, tags): a registry filled from each app's ``AppConfig.ready``,
as the profile tabs are, so ``customers`` never imports the apps above it.

A section offers its fields to those who hold its permission. Once the customer is created, in
the same transaction, its ``apply`` asks for the change through the section's own commands
(``backoffice.services.approvals.ask_or_run``): a command that waits for a second person by rule
waits here too, and a refusal undoes the whole creation and shows next to its field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class CreationSection:
    key: str
    order: int  # C's order: settings 40, limits 50, security 70, tags 90
    permission: str
    # Dotted paths: ``fields(applies_to) -> dict[name, Field]``, ``layout(form) -> crispy object``,
    # ``clean(form)`` (errors between its fields, added to the form), ``apply(*, actor, customer,
    # data) -> list[str]`` (what it says after: what waits for a second person).
    fields: str
    layout: str
    clean: str
    apply: str

    def fields_for(self, applies_to: str) -> dict[str, Any]:
        return import_string(self.fields)(applies_to)

    def layout_of(self, form):
        return import_string(self.layout)(form)

    def clean_form(self, form) -> None:
        import_string(self.clean)(form)

    def apply_to(self, *, actor, customer, data: dict[str, Any]) -> list[str]:
        return import_string(self.apply)(actor=actor, customer=customer, data=data)


@dataclass
class CreationSections:
    _sections: dict[str, CreationSection] = field(default_factory=dict)

    def register(self, section: CreationSection) -> None:
        self._sections[section.key] = section

    def for_user(self, user) -> list[CreationSection]:
        return sorted(
            (section for section in self._sections.values() if user.has_perm(section.permission)),
            key=lambda section: section.order,
        )


creation_sections = CreationSections()
