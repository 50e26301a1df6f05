"""Staff accounts, managed by administrators in the panel."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from .. import services
from ..access import AccessMixin, signed_in_staff
from ..commands import commands
from ..filtersets import StaffFilterSet
from ..forms import EmptyConfirmForm, ReasonForm, StaffCreateForm, StaffEditForm, StaffRolesForm
from ..models import StaffUser
from ..roles import roles_beyond
from ..selectors import (
    audit_entries_visible_to,
    lockout_ends_at,
    staff_members_visible_to,
    staff_members_whose_credentials_user_may_reset,
)
from ..services import approvals
from ..tables import StaffTable
from .generic import ConfirmView, FilteredListView, ServiceFormView

if TYPE_CHECKING:
    from ..selectors import StaffMember

MANAGE_STAFF = "backoffice.manage_staff"


class StaffListView(FilteredListView):
    permission_required = MANAGE_STAFF
    title = "Staff"
    table_class = StaffTable
    filterset_class = StaffFilterSet
    export_stem = "staff"
    export_action = "staff.exported"

    def get_queryset(self):
        return staff_members_visible_to(signed_in_staff(self.request))

    def get_context_data(self, **kwargs):
        return super().get_context_data(create_url=reverse("staff-create"), create_label="New staff member", **kwargs)


class StaffMemberMixin(AccessMixin):
    """A view about one staff member; accounts out of the viewer's scope answer 404."""

    permission_required = MANAGE_STAFF
    scope = staticmethod(staff_members_visible_to)
    staff: StaffMember
    extra_context: Mapping[str, Any] | None

    def load_objects(self):
        self.staff = get_object_or_404(self.scope(signed_in_staff(self.request)), pk=self.kwargs["pk"])
        self.extra_context = {"staff": self.staff}  # the page's context (ContextMixin adds it)

    def get_cancel_url(self):
        return reverse("staff-detail", args=[self.staff.pk])


class StaffCreateView(ServiceFormView):
    permission_required = MANAGE_STAFF
    form_class = StaffCreateForm
    title = "New staff member"
    submit_label = "Create and send the invitation"

    def get_cancel_url(self):
        return reverse("staff-list")

    def perform(self, form):
        staff, approval = services.create_staff_member(actor=signed_in_staff(self.request), **form.cleaned_data)
        self.success_message = f"{staff.username} was created. An email invites them to choose a password."
        if approval is not None:
            self.success_message += (
                f" Their roles wait for approval (request #{approval.pk}): until then they hold none."
            )
        return reverse("staff-detail", args=[staff.pk])


class StaffDetailView(StaffMemberMixin, TemplateView):
    template_name = "backoffice/staff/detail.html"

    def get_context_data(self, **kwargs):
        viewer = signed_in_staff(self.request)
        return super().get_context_data(
            title=str(self.staff),
            locked_until=lockout_ends_at(self.staff.username) if self.staff.is_locked_out else None,
            is_self=self.staff == viewer,
            may_reset_credentials=not roles_beyond(viewer, self.staff),
            roles_request=approvals.waiting_request(commands.get(services.ROLES_COMMAND), self.staff),
            recent_entries=audit_entries_visible_to(viewer).filter(actor=self.staff)[:10],
            **kwargs,
        )


class StaffEditView(StaffMemberMixin, ServiceFormView):
    requires_recent_password = True  # the email is where password links go
    form_class = StaffEditForm
    submit_label = "Save changes"
    success_message = "The staff member was saved."

    def get_initial(self):
        staff = self.staff
        return {
            "first_name": staff.first_name,
            "last_name": staff.last_name,
            "email": staff.email,
            "version": staff.version,
        }

    def get_title(self):
        return f"Edit {self.staff.username}"

    def perform(self, form):
        services.update_staff_member(actor=signed_in_staff(self.request), staff=self.staff, **form.cleaned_data)
        return reverse("staff-detail", args=[self.staff.pk])


class StaffRolesView(StaffMemberMixin, ServiceFormView):
    """The staff member's roles: the command ``backoffice.staff.roles.set``, made at once or
    asked for approval (``services.approvals.ask_or_run``)."""

    requires_recent_password = True
    form_class = StaffRolesForm
    template_name = "generic/confirm.html"

    def get(self, request, *args, **kwargs):
        return self._already_asked() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._already_asked() or super().post(request, *args, **kwargs)

    def _already_asked(self):
        waiting = approvals.waiting_request(self.declared, self.staff)
        if waiting is None:
            return None
        messages.error(self.request, approvals.already_waits(waiting))
        return redirect("staff-detail", self.staff.pk)

    @property
    def declared(self):
        return commands.get(services.ROLES_COMMAND)

    @cached_property
    def four_eyes(self) -> bool:
        return approvals.needs_second_person(self.declared)

    @property
    def submit_label(self) -> str:  # type: ignore[override]
        return "Ask for approval" if self.four_eyes else "Save roles"

    def get_initial(self):
        return {"roles": self.staff.role_names, "version": self.staff.version}

    def get_title(self):
        return f"Roles of {self.staff.username}"

    def perform(self, form):
        approval, _ = approvals.ask_or_run(
            command=self.declared,
            actor=signed_in_staff(self.request),
            target=self.staff,
            parameters=form.parameters(),
            now_only={"version": form.cleaned_data["version"]},
        )
        declared = self.declared
        self.success_message = declared.success_message if approval is None else approvals.waiting_message(approval)
        return reverse("staff-detail", args=[self.staff.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            effect=self.declared.effect,
            danger=False,
            four_eyes=self.four_eyes,
            approval_ttl_hours=int(settings.APPROVAL_REQUEST_TTL.total_seconds() // 3600),
            **kwargs,
        )


class StaffConfirmView(StaffMemberMixin, ConfirmView):
    """A confirmed action on a staff member: ``action`` is the service, called with the form's data."""

    action: Callable[..., StaffUser]

    def perform(self, form):
        self.action(actor=signed_in_staff(self.request), staff=self.staff, **form.cleaned_data)
        return reverse("staff-detail", args=[self.staff.pk])

    def get_title(self):
        return f"{self.title} {self.staff.username}"


class StaffDeactivateView(StaffConfirmView):
    requires_recent_password = True
    form_class = ReasonForm
    title = "Deactivate"
    submit_label = "Deactivate the account"
    success_message = "The account is deactivated."
    action = staticmethod(services.deactivate_staff_member)

    def get_effect(self):
        return (
            f"{self.staff.username} will no longer be able to sign in, and their open sessions end now. "
            "Their history stays."
        )


class StaffReactivateView(StaffConfirmView):
    requires_recent_password = True
    form_class = ReasonForm
    title = "Reactivate"
    submit_label = "Reactivate the account"
    success_message = "The account is active again."
    danger = False
    action = staticmethod(services.reactivate_staff_member)

    def get_effect(self):
        return f"{self.staff.username} will be able to sign in again with their password and second factor."


class StaffResetSecondFactorView(StaffConfirmView):
    requires_recent_password = True
    scope = staticmethod(staff_members_whose_credentials_user_may_reset)
    form_class = ReasonForm
    title = "Reset the second factor of"
    submit_label = "Reset the second factor"
    success_message = "The second factor was reset. They enrol a new authenticator app at their next sign-in."
    action = staticmethod(services.reset_staff_mfa)

    def get_effect(self):
        return (
            f"{self.staff.username}'s authenticator app stops working and their open sessions end. At their next "
            "sign-in, after their password, they add a new authenticator app. Do this only after checking who asks."
        )


class StaffUnlockView(StaffConfirmView):
    form_class = EmptyConfirmForm
    title = "Unlock"
    submit_label = "Unlock the account"
    success_message = "The account is unlocked."
    danger = False
    action = staticmethod(services.unlock_staff_member)

    def get_effect(self):
        return f"{self.staff.username} can try to sign in again now instead of waiting for the lock to end."


class StaffSendPasswordLinkView(StaffConfirmView):
    scope = staticmethod(staff_members_whose_credentials_user_may_reset)
    form_class = EmptyConfirmForm
    title = "Send a password link to"
    submit_label = "Send the link"
    success_message = "The email is on its way."
    danger = False
    action = staticmethod(services.send_staff_password_link)

    def get_effect(self):
        return (
            f"An email goes to {self.staff.email} with a single-use link to choose a new password. "
            "Their current password keeps working until they use it."
        )
