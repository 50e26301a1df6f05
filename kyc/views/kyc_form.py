"""The "KYC form" pages administrators keep (T): the forms by customer kind, a form's edit page (the
vigilance flag and every line at once), a country's own form and its deletion. Validation is in
``kyc.kyc_form_forms``, the rules in ``kyc.services.kyc_form``."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from backoffice.access import AccessMixin
from backoffice.errors import DomainError
from backoffice.forms import EmptyConfirmForm
from backoffice.views.generic import ConfirmView, ServiceFormView
from customers.choices import Kind

from ..kyc_form_forms import KycFormCreateForm, KycFormSettingsForm, RequirementFormSet
from ..models import KycForm
from ..services import kyc_form as service

MANAGE = "kyc.manage_kyc_requirements"


@dataclass
class KindForms:
    """A customer kind's default form and the forms of the countries that have their own."""

    kind: Kind
    default: KycForm | None = None
    countries: list[KycForm] = field(default_factory=list)


def forms_by_kind() -> list[KindForms]:
    """Every form with its lines, by kind: two queries whatever their number."""
    groups = {kind.value: KindForms(kind) for kind in Kind}
    for form in KycForm.objects.select_related("updated_by").prefetch_related("requirements"):
        group = groups[form.kind]
        if form.country:
            group.countries.append(form)
        else:
            group.default = form
    for group in groups.values():
        group.countries.sort(key=lambda form: form.country.name)
    return list(groups.values())


def list_url(form: KycForm | None = None) -> str:
    return reverse("kyc-forms") + (f"#kyc-form-{form.pk}" if form is not None else "")


class KycFormListView(AccessMixin, TemplateView):
    help_page = "kyc-forms"
    permission_required = MANAGE
    template_name = "kyc/kyc_form/list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="KYC form", groups=forms_by_kind(), **kwargs)


class KycFormEditView(AccessMixin, TemplateView):
    """The vigilance flag and every line of one form, saved at once (or not at all)."""

    permission_required = MANAGE
    template_name = "kyc/kyc_form/edit.html"

    def load_objects(self):
        self.kyc_form = get_object_or_404(KycForm.objects.prefetch_related("requirements"), pk=self.kwargs["pk"])

    def bound_forms(self, data=None):
        form = self.kyc_form
        settings = KycFormSettingsForm(
            data,
            initial={
                "vigilance_payin_required": form.vigilance_payin_required,
                "opened_at": form.updated_at.isoformat(),
            },
        )
        lines = RequirementFormSet(
            data,
            prefix="lines",
            form_kwargs={"kind": form.kind},
            initial=[
                {
                    "pk": requirement.pk,
                    "label": requirement.label,
                    "document_types": list(requirement.document_types),
                    "applicant": requirement.applicant,
                    "order": position,
                }
                for position, requirement in enumerate(form.requirements.all(), start=1)
            ],
        )
        return settings, lines

    def get(self, request, *args, **kwargs):
        settings, lines = self.bound_forms()
        return self.render_to_response(self.get_context_data(settings_form=settings, formset=lines))

    def post(self, request, *args, **kwargs):
        settings, lines = self.bound_forms(request.POST)
        if settings.is_valid() and lines.is_valid():
            kept = lines.kept_forms()
            requirement_lines = [
                service.RequirementLine(
                    label=line.cleaned_data["label"],
                    document_types=tuple(line.cleaned_data["document_types"]),
                    applicant=line.cleaned_data["applicant"],
                    order=line.cleaned_data["order"],
                    pk=line.cleaned_data["pk"],
                )
                for line in kept
            ]
            try:
                service.save_kyc_form(
                    actor=request.user,
                    form=self.kyc_form,
                    vigilance_payin_required=settings.cleaned_data["vigilance_payin_required"],
                    lines=requirement_lines,
                    opened_at=settings.cleaned_data["opened_at"],
                )
            except service.RequirementLineError as error:
                line = kept[error.line]
                line.add_error(error.field if error.field in line.fields else None, error.message)
            except DomainError as error:
                settings.add_error(error.field if error.field in settings.fields else None, error.message)
            else:
                messages.success(request, f"The KYC form “{self.kyc_form}” was saved.")
                return redirect(list_url(self.kyc_form))
        return self.render_to_response(self.get_context_data(settings_form=settings, formset=lines))

    def get_context_data(self, **kwargs):
        form = self.kyc_form
        where = form.country.name if form.country else "every country without a form of its own"
        return super().get_context_data(
            title=f"KYC form: {form.get_kind_display().lower()}, {where}",
            kyc_form=form,
            back_url=list_url(form),
            back_label="KYC form",
            **kwargs,
        )


class KycFormCreateView(ServiceFormView):
    """A country's own form for a kind, starting as a copy of the kind's default."""

    permission_required = MANAGE
    form_class = KycFormCreateForm
    template_name = "kyc/kyc_form/create.html"
    title = "Add a country's own KYC form"
    submit_label = "Add the form"

    def get_initial(self):
        kind = self.request.GET.get("kind", "")
        return {"kind": int(kind)} if kind.isdigit() and int(kind) in Kind.values else {}

    def get_cancel_url(self):
        return list_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(back_url=list_url(), back_label="KYC form", **kwargs)

    def perform(self, form):
        created = service.create_country_form(
            actor=self.request.user, kind=form.cleaned_data["kind"], country=form.cleaned_data["country"]
        )
        self.success_message = (
            f"The form “{created}” was added as a copy of the kind's default: change what differs, then save."
        )
        return reverse("kyc-form-edit", args=[created.pk])


class KycFormDeleteView(ConfirmView):
    """Delete a country's own form; a kind's default has no such page (404)."""

    permission_required = MANAGE
    form_class = EmptyConfirmForm
    template_name = "kyc/kyc_form/delete.html"
    submit_label = "Delete this form"

    def load_objects(self):
        self.kyc_form = get_object_or_404(
            KycForm.objects.exclude(country="").prefetch_related("requirements"), pk=self.kwargs["pk"]
        )

    def get_title(self):
        return f"Delete the KYC form “{self.kyc_form}”"

    def get_effect(self):
        form = self.kyc_form
        return (
            f"{form.get_kind_display()} customers whose legal address is in {form.country.name} will follow the "
            "default form of their kind again, at once (their KYC tab and whether a review can be requested). "
            "The lines below are deleted; the audit log keeps them."
        )

    def get_cancel_url(self):
        return list_url(self.kyc_form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kyc_form=self.kyc_form, back_url=list_url(self.kyc_form), back_label="KYC form", **kwargs
        )

    def perform(self, form):
        name = str(self.kyc_form)
        service.delete_country_form(actor=self.request.user, form=self.kyc_form)
        self.success_message = f"The form “{name}” was deleted: its customers follow the kind's default again."
        return list_url()
