"""The search columns of customers with text outside printable ASCII are worked out again with
``search.fold`` as it is now a normal form (case-folded, decomposed before and after: a final ς
is σ, ǿ is o, a pasted 𝐌 is m), else a Greek name written with ς would no longer be found by its
own spelling. Only rows whose columns change are written, 2,000 at a time, picked by one scan of
the names, the user tag and the emails; plain ASCII text folds as before."""

from django.db import migrations
from django.db.models import Q

from customers import search

NOT_PRINTABLE_ASCII = r"[^ -~]"
TEXTS = ("first_name", "middle_names", "last_name", "legal_name", "user_tag")
NAMES = ("first_name", "middle_names", "last_name", "legal_name")
PERSON = 1
BATCH = 2000


def refold_search_columns(apps, schema_editor):
    Customer = apps.get_model("customers", "Customer")
    ContactEmail = apps.get_model("customers", "ContactEmail")
    ContactPhone = apps.get_model("customers", "ContactPhone")
    beyond_ascii = Q(pk__in=ContactEmail.objects.filter(email__regex=NOT_PRINTABLE_ASCII).values("customer_id"))
    for name in TEXTS:
        beyond_ascii |= Q(**{f"{name}__regex": NOT_PRINTABLE_ASCII})
    affected = Customer.objects.filter(beyond_ascii).order_by("pk")
    columns = ("pk", "kind", "public_id", *TEXTS, "name_key", "search_document")
    last = 0
    while True:
        batch = list(affected.filter(pk__gt=last).only(*columns)[:BATCH])
        if not batch:
            return
        last = batch[-1].pk
        ids = [customer.pk for customer in batch]
        emails, phones = {}, {}
        for owner, email in (
            ContactEmail.objects.filter(customer_id__in=ids)
            .order_by("customer_id", "-is_primary", "email")
            .values_list("customer_id", "email")
        ):
            emails.setdefault(owner, []).append(email)
        for owner, number in (
            ContactPhone.objects.filter(customer_id__in=ids)
            .order_by("customer_id", "-is_primary", "number")
            .values_list("customer_id", "number")
        ):
            phones.setdefault(owner, []).append(str(number))
        changed = []
        for customer in batch:
            name_key = search.name_key(
                kind_is_person=customer.kind == PERSON,
                first_name=customer.first_name,
                last_name=customer.last_name,
                legal_name=customer.legal_name,
            )
            document = search.document(
                public_id=customer.public_id,
                user_tag=customer.user_tag,
                names=[getattr(customer, name) for name in NAMES],
                emails=emails.get(customer.pk, []),
                phones=phones.get(customer.pk, []),
            )
            if (name_key, document) != (customer.name_key, customer.search_document):
                customer.name_key, customer.search_document = name_key, document
                changed.append(customer)
        Customer.objects.bulk_update(changed, ["name_key", "search_document"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("customers", "0015_status_deactivated_label")]

    operations = [
        migrations.RunPython(refold_search_columns, migrations.RunPython.noop, elidable=True),
    ]
