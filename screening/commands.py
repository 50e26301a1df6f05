"""The screening app's commands (``backoffice.commands``): deciding a watchlist hit. A false
positive is one compliance officer's call, with its reason (a fixed rule: the administrators who
approve rule changes may not decide hits, so nobody could approve making it wait); a true match
always waits for a second compliance officer (``approver_role_of``), and once
approved proposes freezing the customer's assets. Hits are confidential: every request is too."""

from backoffice.commands import Command, commands
from backoffice.roles import COMPLIANCE_OFFICER

ON_HIT = {
    "permission": "screening.decide_screening_hit",
    "target_model": "screening.screeninghit",
    "target_argument": "hit",
    "target_kwarg": "pk",
    "locate": "screening.selectors.hit_visible_to",
    "target_url": "screening.selectors.hit_url",
    "refusal": "screening.services.hits.decided_refusal",
    "form": "screening.forms.DecisionForm",
    "confidential": True,
    "compared": ("status",),
}

# The URL's last segment (screening/hits/<pk>/<slug>/) → command.
URL_SLUGS = {"clear": "screening.hit.clear", "confirm": "screening.hit.confirm"}


def second_compliance_officer(target, parameters) -> str:
    """A true match is never one person's call."""
    return COMPLIANCE_OFFICER


def register_commands() -> None:
    commands.register(
        Command(
            name="screening.list.load",
            label="Load a watchlist",
            permission="screening.load_watchlist",
            service="screening.services.lists.upload_watchlist",
            form="screening.forms.UploadListForm",
            effect=(
                "The file is loaded as a new version of its list, in the background: what it adds, changes and "
                "removes is counted, then every customer is screened against the additions and changes. A "
                "malformed file loads nothing and the list in force stays."
            ),
            target_model="screening.listversion",
            target_argument="",
            reason_field="",
            may_wait=False,  # a file, kept only while the page is filled in
            danger=False,
            success_message="The file is being loaded.",
            submit_label="Load the file",
        ),
        Command(
            name="screening.hit.clear",
            label="Not the listed subject (false positive)",
            service="screening.services.hits.clear_hit",
            effect=(
                "The hit is closed as a false positive, with your reason. The pair is not a hit again until the "
                "customer's screened details or the listed subject change."
            ),
            fixed_rule="One compliance officer's decision, with its reason (administrators may not decide hits).",
            rule_fixed=True,
            success_message="The hit is cleared as a false positive.",
            submit_label="Clear as a false positive",
            danger=False,
            **ON_HIT,
        ),
        Command(
            name="screening.hit.confirm",
            label="The listed subject (true match)",
            service="screening.services.hits.confirm_hit",
            effect=(
                "A second compliance officer decides it. Once approved, the hit is a true match for good, and the "
                "hit's page proposes freezing the customer's assets."
            ),
            approver_role_of="screening.commands.second_compliance_officer",
            fixed_rule="Always waits for a second compliance officer.",
            rule_fixed=True,
            success_message="The hit is confirmed as a true match.",
            submit_label="Ask a second officer to confirm",
            **ON_HIT,
        ),
    )
