"""The default KYC forms (DOMAIN.md: a person's identity and address; a company's registration,
statutes and the identity of its group), and the new permissions granted to the roles: live
verification for the first line, verification levels 3–5 for compliance officers (the issue) and
administrators (DESIGN.md)."""

from django.db import migrations

from backoffice.roles import ADMINISTRATOR, COMPLIANCE_OFFICER, SUPPORT_AGENT, migration_granting

IDENTITY = [9, 17, 15, 16]
PERSON = [
    ("Identity document (identity card, passport, residence permit or driving licence)", IDENTITY, "customer"),
    ("Proof of address (less than three months old)", [12, 13, 14], "customer"),
]
COMPANY = [
    ("Company registration (Kbis or official extract)", [4, 19], "customer"),
    ("Statutes (business legal status)", [23], "customer"),
    ("Identity document", IDENTITY, "group_member"),
]
GRANTS = {
    SUPPORT_AGENT: ["start_liveness"],
    COMPLIANCE_OFFICER: ["start_liveness", "set_verification_level"],
    ADMINISTRATOR: ["set_verification_level"],
}


def default_forms(apps, schema_editor):
    KycForm = apps.get_model("kyc", "KycForm")
    Requirement = apps.get_model("kyc", "KycFormRequirement")
    for kind in (1, 2, 3, 4):
        form, created = KycForm.objects.get_or_create(kind=kind, country="")
        if created:
            for order, (label, types, applicant) in enumerate(PERSON if kind == 1 else COMPANY):
                Requirement.objects.create(
                    form=form, label=label, document_types=types, applicant=applicant, order=order
                )


class Migration(migrations.Migration):
    dependencies = [("kyc", "0005_reviews_forms_liveness")]

    operations = [
        migrations.RunPython(default_forms, migrations.RunPython.noop),
        migrations.RunPython(
            migration_granting(app_label="kyc", model_name="KycPermissions", grants=GRANTS),
            migrations.RunPython.noop,
        ),
    ]
