"""Forms of ``backoffice``: validation only; the views hand the cleaned data to services."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm

from .commands import APPROVAL_REASON
from .roles import ROLE_DESCRIPTIONS, ROLES

TOTP_HELP = "The 6-digit code your authenticator app shows now. It changes every 30 seconds."


class LoginForm(forms.Form):
    username = forms.CharField(
        max_length=150, widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    password = forms.CharField(strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class TotpCodeForm(forms.Form):
    code = forms.CharField(
        label="Authentication code",
        max_length=6,
        min_length=6,
        help_text=TOTP_HELP,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "pattern": "[0-9]{6}"}
        ),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip().replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError("The code is 6 digits, with no letters.")
        return code


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )


def password_field() -> forms.CharField:
    """The staff member's own password, asked again before a sensitive command."""
    return forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Your own back-office password, to confirm it is you.",
    )


class CommandForm(forms.Form):
    """The parameters of a command (``backoffice.commands``): every cleaned field goes to the
    service but those named in ``not_parameters`` (a tick box that only confirms) and the
    password, which the command page adds when the command asks it."""

    not_parameters: tuple[str, ...] = ()

    def parameters(self) -> dict:
        skipped = {"password", APPROVAL_REASON, *self.not_parameters}
        return {name: value for name, value in self.cleaned_data.items() if name not in skipped}


class CommandRuleForm(CommandForm):
    """One command's four-eyes rule, and why it changes."""

    four_eyes = forms.BooleanField(
        label="Needs a second person", required=False, help_text="Nothing changes until another person approves."
    )
    approver_role = forms.ChoiceField(
        label="Who may approve",
        required=False,
        choices=[("", "Anyone holding the command's permission")] + [(role, f"Also: {role}") for role in ROLES],
        help_text="Besides the holders of the command's permission, the members of this role may approve.",
    )
    reason = forms.CharField(label="Why the rule changes", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(CommandForm):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the audit log.",
        max_length=1000,
    )


class EmptyConfirmForm(CommandForm):
    """A confirmation with nothing to fill in: the button is the decision."""


ROLES_HELP = (
    "Granting the compliance officer or administrator role waits for a holder of that role to approve it; "
    "any other change of roles waits for a second administrator (as the four-eyes rules say)."
)


def role_field(*, required: bool = False) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="Roles",
        choices=[(role, f"{role}: {ROLE_DESCRIPTIONS[role]}") for role in ROLES],
        widget=forms.CheckboxSelectMultiple,
        required=required,
        help_text=ROLES_HELP,
    )


def roles_reason_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the audit log; the person who approves reads it.",
        error_messages={"required": "Say why: the person who approves reads it."},
    )


class StaffCreateForm(forms.Form):
    username = forms.SlugField(max_length=150, help_text="Letters, digits, - and _ only. Used to sign in.")
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(help_text="The invitation to choose a password is sent here.")
    roles = role_field(required=True)
    reason = roles_reason_field("Why they need these roles")


class StaffEditForm(CommandForm):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField()
    reason = forms.CharField(
        label="Why",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "Required for a new email on an administrator's or compliance officer's account: a holder of that "
            "role approves it."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class StaffRolesForm(CommandForm):
    """The command ``backoffice.staff.roles.set``: the roles asked and why (``version``: the page
    the form was filled on, given to the service only when it runs at once)."""

    roles = role_field()
    reason = roles_reason_field("Why the roles change")
    version = forms.IntegerField(widget=forms.HiddenInput)


class NewPasswordForm(SetPasswordForm):
    """Choosing a password (own account, or through an emailed link): validated, not saved here."""

    def save(self, commit=True):  # pragma: no cover - services save passwords
        raise NotImplementedError("Passwords are saved by backoffice.services.")
