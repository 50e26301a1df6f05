"""The dictionaries administrators edit: person and company types, price lists, tags, access
roles and groups, the verification levels' names. Entries are retired ("In use" off), never
deleted: customers point at them."""

from dataclasses import dataclass

from django.forms import modelform_factory
from django.http import Http404
from django.urls import reverse
from django.views.generic import TemplateView

from backoffice.access import AccessMixin
from backoffice.views.generic import ServiceFormView

from .. import services
from ..forms import DictionaryEntryForm
from ..models import AccessGroup, AccessRole, CustomerType, PriceList, Tag, VerificationLevelName

MANAGE = "customers.manage_customer_dictionaries"


@dataclass(frozen=True)
class DictionaryKind:
    slug: str
    title: str
    model: type
    fields: tuple[str, ...]
    description: str

    def entries(self):
        queryset = self.model.objects.order_by("-is_active", *self.model._meta.ordering)
        if self.model is PriceList:
            queryset = queryset.select_related("customer_type")
        return queryset


DICTIONARIES = {
    kind.slug: kind
    for kind in (
        DictionaryKind(
            "customer-types",
            "Person and company types",
            CustomerType,
            ("name", "applies_to", "is_active"),
            "The group a customer belongs to; it selects the price lists and limit packs on offer.",
        ),
        DictionaryKind(
            "price-lists",
            "Price lists",
            PriceList,
            ("name", "customer_type", "currency", "is_active"),
            "Offered only to customers of their type (fees are edited with the compliance module).",
        ),
        DictionaryKind("tags", "Tags", Tag, ("name", "is_active"), "Labels to filter customers by."),
        DictionaryKind(
            "access-roles",
            "Access roles",
            AccessRole,
            ("name", "is_active"),
            "What the customer may do in the end-user interface.",
        ),
        DictionaryKind(
            "access-groups", "Access groups", AccessGroup, ("name", "is_active"), "Groups of customers sharing access."
        ),
        DictionaryKind(
            "verification-levels",
            "Verification levels' names",
            VerificationLevelName,
            ("level", "name", "is_active"),
            "How the panel names each verification level (levels 3 to 5 are your own extra checks).",
        ),
    )
}


class DictionaryListView(AccessMixin, TemplateView):
    help_page = "dictionaries"
    permission_required = MANAGE
    template_name = "customers/dictionaries.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Dictionaries",
            dictionaries=[(kind, list(kind.entries())) for kind in DICTIONARIES.values()],
            **kwargs,
        )


class DictionaryEntryView(ServiceFormView):
    """Create (no ``entry`` in the URL) or edit an entry."""

    permission_required = MANAGE

    def load_objects(self):
        self.dictionary = DICTIONARIES.get(self.kwargs["dictionary"])
        if self.dictionary is None:
            raise Http404("No such dictionary.")
        model = self.dictionary.model
        entry_pk = self.kwargs.get("entry")
        self.entry = model() if entry_pk is None else model.objects.filter(pk=entry_pk).first()
        if self.entry is None:
            raise Http404("No such entry.")

    def get_form_class(self):
        return modelform_factory(self.dictionary.model, form=DictionaryEntryForm, fields=self.dictionary.fields)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.entry}

    def get_title(self):
        if self.entry.pk is None:
            return f"New entry in {self.dictionary.title.lower()}"
        return f"Edit “{self.entry}” ({self.dictionary.title.lower()})"

    def get_cancel_url(self):
        return reverse("customer-dictionaries")

    def perform(self, form):
        # The form validated; the service saves and audits (the instance is not saved by the form).
        values = {name: form.cleaned_data[name] for name in self.dictionary.fields}
        entry = self.dictionary.model.objects.get(pk=self.entry.pk) if self.entry.pk else self.dictionary.model()
        services.save_dictionary_entry(actor=self.request.user, entry=entry, values=values)
        self.success_message = f"“{values['name']}” was saved."
        return reverse("customer-dictionaries")
