"""Four-eyes requests (``/approvals/``): what awaits me, what I asked, and every request for those
who read the audit log; one request's page with its decision forms."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from ..access import ANY_STAFF, AccessMixin, signed_in_staff
from ..commands import Command, commands
from ..errors import DomainError
from ..forms import password_field
from ..models import ApprovalStatus
from ..selectors import approvals_awaiting, approvals_visible_to
from ..services import approvals
from .auth import wrong_password
from .generic import ServiceFormView

VIEWS = {
    "awaiting": "Awaiting my decision",
    "mine": "Asked by me",
    "all": "All requests",
}
LIST_SIZE = 100


class ApprovalListView(AccessMixin, TemplateView):
    help_page = "approvals"
    permission_required = ANY_STAFF
    template_name = "backoffice/approvals/list.html"

    def get_context_data(self, **kwargs):
        user = signed_in_staff(self.request)
        views = (
            dict(VIEWS)
            if user.has_perm("backoffice.view_audit_log")
            else {k: v for k, v in VIEWS.items() if k != "all"}
        )
        shown = self.request.GET.get("show", "awaiting")
        shown = shown if shown in views else "awaiting"
        if shown == "awaiting":
            rows = approvals_awaiting(user)
        elif shown == "mine":
            rows = approvals_visible_to(user).filter(maker=user)
        else:
            rows = approvals_visible_to(user)
        status = self.request.GET.get("status", "")
        now = timezone.now()
        if status == ApprovalStatus.PENDING:  # as the badges say: waiting, and not past its expiry
            rows = rows.filter(status=status, expires_at__gt=now)
        elif status == ApprovalStatus.EXPIRED:  # expired, or past its expiry before the sweep marked it
            rows = rows.filter(Q(status=status) | Q(status=ApprovalStatus.PENDING, expires_at__lte=now))
        elif status in ApprovalStatus.values:
            rows = rows.filter(status=status)
        command = self.request.GET.get("command", "")
        sees_confidential = user.has_perm("backoffice.view_confidential")
        known = {
            c.name: c.label
            for c in commands.all()
            if c.may_wait and not c.emergency and (sees_confidential or not c.confidential)  # the others never wait
        }
        if command in known:
            rows = rows.filter(command=command)
        shown_rows = list(rows.order_by("-created_at", "-id")[:LIST_SIZE])
        return super().get_context_data(
            title="Approvals",
            views=views,
            shown=shown,
            rows=[(row, known.get(row.command, row.command)) for row in shown_rows],
            statuses=ApprovalStatus.choices,
            status=status,
            command_choices=sorted(known.items(), key=lambda item: item[1]),
            command=command,
            now=now,
            limit=LIST_SIZE,
            **kwargs,
        )


class ApprovalMixin(AccessMixin):
    """One request the viewer may see (404 otherwise)."""

    permission_required = ANY_STAFF

    def load_objects(self):
        self.approval = get_object_or_404(approvals_visible_to(signed_in_staff(self.request)), pk=self.kwargs["pk"])
        self.command: Command | None
        try:
            self.command = commands.get(self.approval.command)
        except KeyError:  # no app declares it any more: it can be rejected, not run
            self.command = None

    def detail_url(self) -> str:
        return reverse("approval-detail", args=[self.approval.pk])


class ApprovalDetailView(ApprovalMixin, TemplateView):
    help_page = "approvals"
    template_name = "backoffice/approvals/detail.html"

    def get_context_data(self, **kwargs):
        approval, user, command = self.approval, self.request.user, self.command
        pending = approval.is_pending
        changed, not_yours, target_link = [], None, ""
        target = None
        creates = not approval.target_id  # a command that creates its target (a new limit pack)
        if command is not None and not creates:
            target = command.model.objects.filter(pk=approval.target_id).first()
            # A customer's tab opens for every checker; another page (a staff account, a pack) for
            # those who may make the change, not a checker who approves through a fixed role.
            reachable = bool(command.tab) or user.has_perm(command.permission)
            target_link = command.url_of(target) if target is not None and reachable else ""
        if pending and command is not None:
            if target is None and not creates:
                changed = ["it no longer exists"]
            else:
                changed = approvals.changes_since(approval, target, command)
                not_yours = command.refused_to_checker(target, user, approval.parameters)
        mine = user.pk == approval.maker_id
        may_reject = pending and not mine and not not_yours and approvals.may_reject(user, approval, command)
        return super().get_context_data(
            title=f"Request #{approval.pk}: {command.label if command else approval.command}",
            effect=(command.effect_on(target) if target is not None else command.effect) if command else "",
            approval=approval,
            command=command,
            parameters=self.parameters(),
            pending=pending,
            may_approve=may_reject and command is not None and not changed,
            not_yours=not_yours,
            target_link=target_link,
            may_reject=may_reject,
            may_withdraw=pending and mine,
            changed=changed,
            approve_form=ApproveForm(password=bool(command and command.password)),
            reject_form=DecisionForm(label="Why it is rejected", required=True),
            **kwargs,
        )

    def parameters(self) -> list[tuple[str, object]]:
        """The maker's values under their form's labels (a tick box as yes / no), or as the
        command describes them (lines of a table)."""
        described = self.command.described(self.approval.parameters, self.approval.snapshot) if self.command else None
        if described is not None:
            return described
        fields = getattr(self.command.form_class, "base_fields", {}) if self.command else {}  # no instance needed
        shown = []
        for name, value in self.approval.parameters.items():
            field = fields.get(name)
            label = (field.label if field is not None else None) or name.replace("_", " ").capitalize()
            if isinstance(value, bool):
                value = "Yes" if value else "No"
            elif field is not None and isinstance(value, (str, int)) and getattr(field, "choices", None):
                value = _choice_label(field, value)
            elif isinstance(value, list):
                value = ", ".join(f"#{item}" if isinstance(item, int) else str(item) for item in value)
            shown.append((label, value if value not in ("", None) else "—"))
        if self.command is not None and not self.command.reason_field:  # asked on the page, not a parameter
            shown.append(("Why", self.approval.reason))
        return shown


def _choice_label(field, value):
    """A choice as its label ("Mr", "Spain"), as the maker picked it on the form."""
    for key, label in field.choices:
        if not isinstance(label, (list, tuple)) and str(key) == str(value):
            return label
    return value


class DecisionForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, label="Comment", required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].required = required


class ApproveForm(DecisionForm):
    """The checker's comment and, for a command that asks it, their password."""

    def __init__(self, *args, password=False, **kwargs):
        super().__init__(*args, label="Comment", required=True, **kwargs)
        self.fields["text"].help_text = "What you checked: kept with the approval in the audit log."
        if password:
            self.fields["password"] = password_field()


class DecisionView(ApprovalMixin, ServiceFormView):
    """Approve, reject or withdraw: POST from the request's page."""

    template_name = "generic/form.html"
    http_method_names = ["get", "post"]
    label, required = "Comment", False

    def load_objects(self):
        super().load_objects()
        if not self.allowed():
            raise PermissionDenied

    def allowed(self) -> bool:
        return approvals.may_reject(self.request.user, self.approval, self.command)

    def get_form(self, form_class=None):
        return DecisionForm(**self.get_form_kwargs(), label=self.label, required=self.required)

    def get_title(self):
        return f"{self.submit_label}: request #{self.approval.pk}"

    def get_cancel_url(self):
        return self.detail_url()

    def decided(self, decide, done: str) -> str:
        """Run ``decide()``; back to the request's page with what happened, or with why it was
        refused (the page then offers what is still possible: a stale request, its rejection)."""
        try:
            result = decide()
        except DomainError as error:
            messages.error(self.request, error.message)
            self.success_message = ""
            return self.detail_url()
        if result.status == ApprovalStatus.EXPIRED:
            self.success_message = "This request had expired: nothing changed."
        else:
            self.success_message = done
        return self.detail_url()


class ApproveView(DecisionView):
    submit_label = "Approve and apply"

    def allowed(self) -> bool:
        return self.command is not None and approvals.may_decide(self.request.user, self.approval, self.command)

    @property
    def asks_password(self) -> bool:
        return self.command is not None and self.command.password

    def get_form(self, form_class=None):
        return ApproveForm(**self.get_form_kwargs(), password=self.asks_password)

    def form_valid(self, form):
        return (self.asks_password and wrong_password(self, form)) or super().form_valid(form)

    def perform(self, form):
        staff, text = signed_in_staff(self.request), form.cleaned_data["text"]
        return self.decided(
            lambda: approvals.approve(approval=self.approval, checker=staff, comment=text),
            "Approved: the change is made.",
        )


class RejectView(DecisionView):
    submit_label = "Reject"
    label, required = "Why it is rejected", True

    def perform(self, form):
        staff, text = signed_in_staff(self.request), form.cleaned_data["text"]
        return self.decided(
            lambda: approvals.reject(approval=self.approval, checker=staff, reason=text),
            "Rejected: nothing changes.",
        )


class WithdrawView(DecisionView):
    submit_label = "Withdraw my request"
    label = "Why (optional)"

    def allowed(self) -> bool:
        return self.request.user.pk == self.approval.maker_id

    def perform(self, form):
        staff, text = signed_in_staff(self.request), form.cleaned_data["text"]
        return self.decided(
            lambda: approvals.withdraw(approval=self.approval, actor=staff, reason=text),
            "Withdrawn: nothing changes.",
        )


CONFIGURE = "backoffice.configure_four_eyes"


class CommandRulesView(AccessMixin, TemplateView):
    """Every command and who must agree to it: one person, or a second person (and which role
    may approve); administrators ask to change a rule, another administrator approves."""

    help_page = "four-eyes-rules"
    permission_required = CONFIGURE
    template_name = "backoffice/approvals/rules.html"

    def get_context_data(self, **kwargs):
        rows, rules = [], approvals.stored_rules()
        for command in commands.all():
            four_eyes, role = approvals.rule_of(command, rules)
            fixed = approvals.is_fixed(command)
            rows.append((command, four_eyes, role, fixed))
        return super().get_context_data(title="Four-eyes rules", rows=rows, **kwargs)


class CommandRuleEditView(ServiceFormView):
    permission_required = CONFIGURE
    declared_commands = (approvals.RULE_CHANGE,)
    submit_label = "Ask for approval"
    template_name = "generic/confirm.html"

    def load_objects(self):
        try:
            self.command = commands.get(self.kwargs["command"])
        except KeyError:
            raise Http404("No such command.") from None
        if approvals.is_fixed(self.command):
            raise Http404("This rule is fixed.")

    def get_form_class(self):
        return commands.get(approvals.RULE_CHANGE).form_class

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["password"] = password_field()
        return form

    def form_valid(self, form):
        return wrong_password(self, form) or super().form_valid(form)

    def get_initial(self):
        four_eyes, role = approvals.rule_of(self.command)
        return {"four_eyes": four_eyes, "approver_role": role}

    def get_title(self):
        return f"Four-eyes rule — {self.command.label}"

    def get_cancel_url(self):
        return reverse("command-rules")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            effect=commands.get(approvals.RULE_CHANGE).effect,
            danger=False,
            four_eyes=True,
            approval_ttl_hours=int(settings.APPROVAL_REQUEST_TTL.total_seconds() // 3600),
            back_url=reverse("command-rules"),
            back_label="Four-eyes rules",
            **kwargs,
        )

    def perform(self, form):
        staff = signed_in_staff(self.request)
        approval = approvals.request_rule_change(actor=staff, command=self.command, **form.parameters())
        self.success_message = f"Your request #{approval.pk} waits for another administrator's approval."
        return reverse("command-rules")
