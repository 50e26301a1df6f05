"""Four-eyes requests (``/approvals/``): what awaits me, what I asked, and every request for those
who read the audit log; one request's page with its decision forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from ..access import ANY_STAFF, AccessMixin
from ..commands import commands
from ..models import ApprovalRequest, ApprovalStatus
from ..selectors import approvals_awaiting, approvals_visible_to
from ..services import approvals
from .generic import ServiceFormView

VIEWS = {
    "awaiting": "Awaiting my decision",
    "mine": "Asked by me",
    "all": "All requests",
}
LIST_SIZE = 100


class ApprovalListView(AccessMixin, TemplateView):
    permission_required = ANY_STAFF
    template_name = "backoffice/approvals/list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
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
        if status in ApprovalStatus.values:
            rows = rows.filter(status=status)
        command = self.request.GET.get("command", "")
        sees_confidential = user.has_perm("backoffice.view_confidential")
        known = {c.name: c.label for c in commands.all() if sees_confidential or not c.confidential}
        if command in known:
            rows = rows.filter(command=command)
        rows = list(rows.order_by("-created_at", "-id")[:LIST_SIZE])
        return super().get_context_data(
            title="Approvals",
            views=views,
            shown=shown,
            rows=[(row, known.get(row.command, row.command)) for row in rows],
            statuses=ApprovalStatus.choices,
            status=status,
            command_choices=sorted(known.items(), key=lambda item: item[1]),
            command=command,
            now=timezone.now(),
            limit=LIST_SIZE,
            **kwargs,
        )


class ApprovalMixin(AccessMixin):
    """One request the viewer may see (404 otherwise)."""

    permission_required = ANY_STAFF

    def load_objects(self):
        self.approval = get_object_or_404(approvals_visible_to(self.request.user), pk=self.kwargs["pk"])
        self.command = commands.get(self.approval.command)

    def detail_url(self) -> str:
        return reverse("approval-detail", args=[self.approval.pk])


class ApprovalDetailView(ApprovalMixin, TemplateView):
    template_name = "backoffice/approvals/detail.html"

    def get_context_data(self, **kwargs):
        approval, user, command = self.approval, self.request.user, self.command
        pending = approval.is_pending
        may_decide = pending and user.pk != approval.maker_id and approvals.may_approve(user, command)
        form = command.form_class()
        parameters = [
            (form.fields[name].label if name in form.fields else name, value)
            for name, value in approval.parameters.items()
        ]
        changed = []
        if pending:
            target = command.model.objects.filter(pk=approval.target_id).first()
            changed = approvals.changes_since(approval, target) if target is not None else ["deleted"]
        return super().get_context_data(
            title=f"Request #{approval.pk}: {command.label}",
            approval=approval,
            command=command,
            parameters=parameters,
            pending=pending,
            may_decide=may_decide,
            may_withdraw=pending and user.pk == approval.maker_id,
            changed=changed,
            approve_form=DecisionForm(label="Comment", required=False),
            reject_form=DecisionForm(label="Why it is rejected", required=True),
            **kwargs,
        )


class DecisionForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, label="Comment", required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].required = required


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
        return approvals.may_approve(self.request.user, self.command)

    def get_form(self, form_class=None):
        return DecisionForm(**self.get_form_kwargs(), label=self.label, required=self.required)

    def get_title(self):
        return f"{self.submit_label}: request #{self.approval.pk}"

    def get_cancel_url(self):
        return self.detail_url()

    def decided(self, result: ApprovalRequest, done: str) -> str:
        if result.status == ApprovalStatus.EXPIRED:
            self.success_message = "This request had expired: nothing changed."
        else:
            self.success_message = done
        return self.detail_url()


class ApproveView(DecisionView):
    submit_label = "Approve and apply"

    def perform(self, form):
        result = approvals.approve(approval=self.approval, checker=self.request.user, comment=form.cleaned_data["text"])
        return self.decided(result, "Approved: the change is made.")


class RejectView(DecisionView):
    submit_label = "Reject"
    label, required = "Why it is rejected", True

    def perform(self, form):
        result = approvals.reject(approval=self.approval, checker=self.request.user, reason=form.cleaned_data["text"])
        return self.decided(result, "Rejected: nothing changes.")


class WithdrawView(DecisionView):
    submit_label = "Withdraw my request"
    label = "Why (optional)"

    def allowed(self) -> bool:
        return self.request.user.pk == self.approval.maker_id

    def perform(self, form):
        result = approvals.withdraw(approval=self.approval, actor=self.request.user, reason=form.cleaned_data["text"])
        return self.decided(result, "Withdrawn: nothing changes.")
