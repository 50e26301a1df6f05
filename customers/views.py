"""Customer pages: the lists, the omnibox, the profile and its tabs, creating and editing.

Views stay thin: reads go through ``customers.selectors``, writes through ``customers.services``.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.generic import TemplateView

from backoffice.access import AccessMixin
from backoffice.errors import DomainError
from backoffice.selectors import audit_entries_visible_to, readable_changes, readable_reason
from backoffice.tabs import profile_tabs
from backoffice.views.generic import FilteredListView, ServiceFormView

from . import selectors, services
from .choices import COMPANY_KINDS, COMPANY_RELATIONSHIPS, Kind, RelationshipKind
from .filtersets import CompanyFilterSet, CustomerFilterSet, OnboardingFilterSet, PersonFilterSet
from .forms import (
    AddressesForm,
    CompanyCreateForm,
    CompanyIdentityForm,
    ContactsForm,
    PersonCreateForm,
    PersonIdentityForm,
    RelationshipForm,
    SettingsForm,
    TagsForm,
)
from .masking import masked_birth_date, masked_last4, sees_full_pii
from .models import Relationship
from .tables import CustomerTable

BROWSE = "customers.browse_customers"
CREATE = "customers.create_customers"
EDIT_PROFILE = "customers.edit_customer_profile"
EDIT_CONTACTS = "customers.edit_contact_details"
EDIT_SETTINGS = "customers.edit_customer_settings"


# --- lists -----------------------------------------------------------------------------------

CUSTOMER_LISTS = (
    ("customer-list", "All customers"),
    ("customer-persons", "Persons"),
    ("customer-companies", "Companies"),
    ("customer-onboarding", "Onboarding"),
)


class CustomerListView(FilteredListView):
    """T "All Users": type, date range and status."""

    permission_required = BROWSE
    template_name = "customers/list.html"
    title = "All customers"
    table_class = CustomerTable
    filterset_class = CustomerFilterSet
    export_stem = "customers"
    export_action = "customers.exported"
    kinds = None
    create = None  # (url name, label)
    hidden_columns = ()

    def get_queryset(self):
        return selectors.customer_rows(self.request.user, kinds=self.kinds)

    def get_table_kwargs(self):
        return {"viewer": self.request.user, "exclude": self.hidden_columns}

    def get_context_data(self, **kwargs):
        context = {"customer_lists": CUSTOMER_LISTS}
        if self.create and self.request.user.has_perm(CREATE):
            context |= {"create_url": reverse(self.create[0]), "create_label": self.create[1]}
        return super().get_context_data(**context, **kwargs)


class PersonListView(CustomerListView):
    title = "Persons"
    filterset_class = PersonFilterSet
    export_stem = "persons"
    kinds = (Kind.PERSON,)
    create = ("customer-person-create", "New person")
    hidden_columns = ("kind", "status")  # C's columns; the lifecycle is on All customers


class CompanyListView(CustomerListView):
    title = "Companies"
    filterset_class = CompanyFilterSet
    export_stem = "companies"
    kinds = COMPANY_KINDS
    create = ("customer-company-create", "New company")
    hidden_columns = ("status",)


class OnboardingListView(CustomerListView):
    """T "Onboarding Users": those who did not click the activation link, or did."""

    title = "Onboarding"
    filterset_class = OnboardingFilterSet
    export_stem = "onboarding"


# --- omnibox ---------------------------------------------------------------------------------


class SearchView(AccessMixin, TemplateView):
    """One field for id, public id, user tag, email, phone and names; exactly one match opens it."""

    permission_required = BROWSE
    template_name = "customers/search.html"

    def get(self, request, *args, **kwargs):
        query = request.GET.get("q", "").strip()[:200]
        results = selectors.find_customers(request.user, query) if query else None
        if results is not None and results.only is not None:
            return redirect("customer-profile", pk=results.only.pk)
        return self.render_to_response(self.get_context_data(query=query, results=results, title="Find a customer"))


class PersonLookupView(AccessMixin, TemplateView):
    """Suggestions for a customer field (``<datalist>`` options), from the omnibox's search."""

    permission_required = BROWSE
    template_name = "customers/_lookup_options.html"

    def get_context_data(self, **kwargs):
        query = (self.request.GET.get("representative") or self.request.GET.get("related") or "").strip()[:100]
        found = selectors.find_customers(self.request.user, query, limit=10) if len(query) >= 2 else None
        customers = [result.customer for _, group in (found.groups if found else []) for result in group]
        if not self.request.GET.get("any"):
            customers = [customer for customer in customers if customer.is_person]
        return super().get_context_data(customers=customers, **kwargs)


# --- the profile -----------------------------------------------------------------------------


class CustomerMixin(AccessMixin):
    """A page about one customer (404 when out of the viewer's scope)."""

    permission_required = BROWSE

    def load_objects(self):
        self.customer = selectors.customer_for_profile(self.request.user, self.kwargs["pk"])

    def profile_url(self, tab: str = "") -> str:
        if tab:
            return reverse("customer-tab", args=[self.customer.pk, tab])
        return reverse("customer-profile", args=[self.customer.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(customer=self.customer, **kwargs)


class ProfileView(CustomerMixin, TemplateView):
    """The profile with its tabs; the tab is in the path and loads alone for htmx."""

    template_name = "customers/profile.html"

    def load_objects(self):
        super().load_objects()
        self.tab = profile_tabs.visible_tab(self.kwargs.get("tab", "profile"), self.request.user)
        if self.tab is None:
            raise Http404("No such tab.")

    def get(self, request, *args, **kwargs):
        content = self.tab.resolve_view()(request, customer=self.customer)
        content.render()
        if request.htmx and request.htmx.target == "profile-tab":
            self.template_name = "customers/_profile_tab.html"
        context = self.get_context_data(
            title=str(self.customer),
            tabs=[
                (
                    tab,
                    self.profile_url("" if tab.key == "profile" else tab.key),
                    tab.badge_for(self.customer, request.user),
                )
                for tab in profile_tabs.visible_to(request.user)
            ],
            current_tab=self.tab,
            tab_content=content.rendered_content,
        )
        response = self.render_to_response(context)
        patch_vary_headers(response, ("HX-Request", "HX-Target"))
        return response


class ProfileTabView(TemplateView):
    """A tab's content, rendered for ``customer`` (the board checked access already)."""

    def get(self, request, *args, customer, **kwargs):
        self.customer = customer
        return self.render_to_response(self.get_context_data(customer=customer, **kwargs))


class ProfileSummaryTab(ProfileTabView):
    template_name = "customers/tabs/profile.html"

    def get_context_data(self, **kwargs):
        user, customer = self.request.user, self.customer
        details = selectors.profile_details(customer)
        return super().get_context_data(
            details=details,
            birth_date=masked_birth_date(customer.birth_date, user),
            national_id=masked_last4(customer.national_id_last4),
            full_pii=sees_full_pii(user),
            sees_confidential=selectors.sees_confidential(user),
            can_edit_profile=user.has_perm(EDIT_PROFILE),
            can_edit_contacts=user.has_perm(EDIT_CONTACTS),
            can_edit_settings=user.has_perm(EDIT_SETTINGS),
            **kwargs,
        )


class HistoryTab(ProfileTabView):
    """This customer's audit entries, with confidential values masked for those who may not see them."""

    template_name = "customers/tabs/history.html"
    limit = 100

    def get_context_data(self, **kwargs):
        user = self.request.user
        entries = list(
            audit_entries_visible_to(user)
            .filter(customer_id=self.customer.pk)
            .order_by("-occurred_at", "-pk")[: self.limit]
        )
        rows = [(entry, readable_changes(entry, user), readable_reason(entry, user)) for entry in entries]
        return super().get_context_data(rows=rows, limit=self.limit, **kwargs)


# --- creating --------------------------------------------------------------------------------


class PersonCreateView(ServiceFormView):
    permission_required = CREATE
    form_class = PersonCreateForm
    template_name = "customers/form.html"
    title = "New person"
    submit_label = "Create the person"

    def get_cancel_url(self):
        return reverse("customer-persons")

    def perform(self, form):
        data = form.cleaned_data
        customer = services.create_person(
            actor=self.request.user,
            identity=form.identity(),
            contacts=form.contacts(),
            addresses=services.Addresses(legal=form.address_data("legal")),
            customer_type=data.get("customer_type"),
            price_list=data.get("price_list"),
            default_currency=data["default_currency"],
            tags=data.get("tags") or [],
        )
        self.success_message = f"{customer} was created with the public id {customer.public_id}."
        return reverse("customer-profile", args=[customer.pk])


class CompanyCreateView(ServiceFormView):
    permission_required = CREATE
    form_class = CompanyCreateForm
    template_name = "customers/form.html"
    title = "New company"
    submit_label = "Create the company"

    def get_form_kwargs(self):
        user = self.request.user
        return {**super().get_form_kwargs(), "find_person": lambda ref: selectors.person_by_reference(user, ref)}

    def get_cancel_url(self):
        return reverse("customer-companies")

    def perform(self, form):
        try:
            return self._create(form)
        except DomainError as error:
            # The representative's link is checked by the relationship rules ("related").
            field = "representative" if error.field == "related" else error.field
            raise DomainError(error.message, field=field) from error

    def _create(self, form):
        data = form.cleaned_data
        customer = services.create_company(
            actor=self.request.user,
            kind=data["kind"],
            identity=form.identity(),
            contacts=form.contacts(),
            addresses=services.Addresses(legal=form.address_data("legal")),
            representative=data["representative"],
            representative_kind=data["representative_kind"],
            ownership_percent=data.get("ownership_percent"),
            customer_type=data.get("customer_type"),
            price_list=data.get("price_list"),
            default_currency=data["default_currency"],
            tags=data.get("tags") or [],
        )
        self.success_message = f"{customer} was created with the public id {customer.public_id}."
        return reverse("customer-profile", args=[customer.pk])


# --- editing, one section at a time ----------------------------------------------------------


class SectionEditView(CustomerMixin, ServiceFormView):
    """Edit one section of a profile; the form carries the version it was opened at."""

    template_name = "customers/form.html"
    submit_label = "Save changes"
    section = ""

    def get_title(self):
        return f"{self.section} of {self.customer}"

    def get_cancel_url(self):
        return self.profile_url()

    def get_initial(self):
        return {"version": self.customer.version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(back_url=self.profile_url(), back_label=str(self.customer), **kwargs)

    def done(self):
        self.success_message = f"{self.section} saved."
        return self.profile_url()


class IdentityEditView(SectionEditView):
    permission_required = EDIT_PROFILE
    section = "Identity"

    def get_form_class(self):
        return PersonIdentityForm if self.customer.is_person else CompanyIdentityForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.customer.is_company:
            kwargs["country"] = str(self.customer.country or "")
        return kwargs

    def get_initial(self):
        from .services import COMPANY_IDENTITY_FIELDS, PERSON_IDENTITY_FIELDS

        fields = PERSON_IDENTITY_FIELDS if self.customer.is_person else COMPANY_IDENTITY_FIELDS
        initial = {name: getattr(self.customer, name) for name in fields}
        for name in ("birth_country", "nationality", "other_nationality"):
            if name in initial:
                initial[name] = str(initial[name] or "")
        return {**initial, **super().get_initial()}

    def perform(self, form):
        services.update_identity(
            actor=self.request.user, customer=self.customer, version=form.cleaned_data["version"], **form.identity()
        )
        return self.done()


class ContactsEditView(SectionEditView):
    permission_required = EDIT_CONTACTS
    form_class = ContactsForm
    section = "Contacts"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "current_primary_email": self.customer.primary_email,
            "is_person": self.customer.is_person,
        }

    def get_initial(self):
        emails = list(self.customer.emails.order_by("-is_primary", "email").values_list("email", flat=True))
        phones = [
            str(n) for n in self.customer.phones.order_by("-is_primary", "number").values_list("number", flat=True)
        ]
        return {
            **super().get_initial(),
            "primary_email": emails[0] if emails else "",
            "other_emails": "\n".join(emails[1:]),
            "primary_phone": phones[0] if phones else "",
            "other_phones": "\n".join(phones[1:]),
        }

    def perform(self, form):
        services.update_contacts(
            actor=self.request.user,
            customer=self.customer,
            version=form.cleaned_data["version"],
            contacts=form.contacts(),
        )
        return self.done()


class AddressesEditView(SectionEditView):
    permission_required = EDIT_CONTACTS
    form_class = AddressesForm
    section = "Addresses"

    def get_initial(self):
        initial = super().get_initial()
        for address in self.customer.addresses.all():
            if address.kind == "shipping":
                initial["shipping_same_as_legal"] = address.same_as_legal
            for name in ("line1", "line2", "postcode", "city", "region"):
                initial[f"{address.kind}_{name}"] = getattr(address, name)
            initial[f"{address.kind}_country"] = str(address.country or "")
        return initial

    def perform(self, form):
        services.update_addresses(
            actor=self.request.user,
            customer=self.customer,
            version=form.cleaned_data["version"],
            addresses=form.addresses(),
        )
        return self.done()


class SettingsEditView(SectionEditView):
    permission_required = EDIT_SETTINGS
    form_class = SettingsForm
    section = "Settings"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "is_person": self.customer.is_person}

    def get_initial(self):
        customer = self.customer
        return {
            **super().get_initial(),
            **{name: getattr(customer, name) for name in services.SETTINGS_FIELDS if name != "customer_type"},
            "customer_type": customer.customer_type,
            "access_roles": list(customer.access_roles.all()),
            "access_groups": list(customer.access_groups.all()),
        }

    def perform(self, form):
        data = dict(form.cleaned_data)
        version = data.pop("version")
        services.update_settings(actor=self.request.user, customer=self.customer, version=version, **data)
        return self.done()


class TagsEditView(SectionEditView):
    permission_required = EDIT_SETTINGS
    form_class = TagsForm
    section = "Tags"

    def get_initial(self):
        return {**super().get_initial(), "tags": list(self.customer.tags.all())}

    def perform(self, form):
        services.update_tags(
            actor=self.request.user,
            customer=self.customer,
            version=form.cleaned_data["version"],
            tags=form.cleaned_data["tags"],
        )
        return self.done()


class RelationshipAddView(SectionEditView):
    permission_required = EDIT_PROFILE
    form_class = RelationshipForm
    section = "Relationship"
    submit_label = "Add the link"

    def get_title(self):
        return f"Link a customer to {self.customer}"

    def get_form_kwargs(self):
        user = self.request.user
        kinds = (
            COMPANY_RELATIONSHIPS
            if self.customer.is_company
            else (
                RelationshipKind.CUSTODIAN,
                RelationshipKind.BENEFICIARY,
                RelationshipKind.PARTNER,
            )
        )
        kwargs = super().get_form_kwargs()
        kwargs["initial"].pop("version", None)
        return {**kwargs, "kinds": kinds, "find_customer": lambda ref: _customer_by_reference(user, ref)}

    def perform(self, form):
        services.add_relationship(actor=self.request.user, customer=self.customer, **form.cleaned_data)
        self.success_message = "The link was added."
        return self.profile_url()


def _customer_by_reference(user, reference: str):
    reference = reference.strip().lstrip("#").lower()
    queryset = selectors.customers_visible_to(user)
    if reference.isascii() and reference.isdigit() and len(reference) <= 18:
        return queryset.filter(pk=int(reference)).first()
    return queryset.filter(public_id=reference).first() if reference else None


class RelationshipRemoveView(CustomerMixin, ServiceFormView):
    permission_required = EDIT_PROFILE
    template_name = "generic/confirm.html"
    submit_label = "Remove the link"

    def get_form_class(self):
        from backoffice.forms import ReasonForm

        return ReasonForm

    def load_objects(self):
        super().load_objects()
        self.relationship = get_object_or_404(
            Relationship.objects.select_related("related"), pk=self.kwargs["relationship"], customer=self.customer
        )

    def get_title(self):
        return f"Remove a link of {self.customer}"

    def get_cancel_url(self):
        return self.profile_url()

    def get_context_data(self, **kwargs):
        relationship = self.relationship
        effect = (
            f"{relationship.related} will no longer be listed as {relationship.get_kind_display().lower()} of "
            f"{self.customer}. The audit log keeps the link's history."
        )
        return super().get_context_data(effect=effect, danger=True, **kwargs)

    def perform(self, form):
        services.remove_relationship(
            actor=self.request.user, relationship=self.relationship, reason=form.cleaned_data["reason"]
        )
        self.success_message = "The link was removed."
        return self.profile_url()
