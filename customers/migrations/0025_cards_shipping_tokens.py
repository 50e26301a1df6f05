"""Cards around the customer (issue 21): a card's public token (T ``publicToken``), a physical
card's shipping status, method and date (S card fulfilment, "expedite shipment"), and top-up cards
linked and unlinked by hand (S "manually link an external card").

Existing cards get a random, unique token each (drawn in Python by batches, never one query per
card) and a physical card a shipping state read from what is known of it: one activated has
reached the customer (delivered, shipped the day it was issued); one never activated and issued in
the last three days is still ordered; an older one is shipped. The column becomes unique and
mandatory once every row has its token."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import TruncDate
from django.utils import timezone

import customers.models.holdings

BATCH = 10_000
RECENT = timedelta(days=3)


def _tokens(count: int, taken: set[str]) -> list[str]:
    drawn: list[str] = []
    while len(drawn) < count:
        token = str(100_000_000 + secrets.randbelow(900_000_000))
        if token not in taken:
            taken.add(token)
            drawn.append(token)
    return drawn


def backfill(apps, schema_editor):
    Card = apps.get_model("customers", "Card")
    cards = Card.objects.using(schema_editor.connection.alias)
    taken: set[str] = set()
    last = 0
    while ids := list(
        cards.filter(pk__gt=last, public_token__isnull=True).order_by("pk").values_list("pk", flat=True)[:BATCH]
    ):
        rows = [Card(pk=pk, public_token=token) for pk, token in zip(ids, _tokens(len(ids), taken), strict=True)]
        cards.bulk_update(rows, ["public_token"], batch_size=1000)
        last = ids[-1]
    physical = cards.filter(kind="physical", shipping_status="")
    physical.filter(activated_at__isnull=False).update(
        shipping_status="delivered", shipping_method="standard", shipped_at=TruncDate("issued_at")
    )
    not_activated = physical.filter(activated_at__isnull=True)
    not_activated.filter(issued_at__gte=timezone.now() - RECENT).update(
        shipping_status="ordered", shipping_method="standard"
    )
    not_activated.update(shipping_status="shipped", shipping_method="standard", shipped_at=TruncDate("issued_at"))
    if schema_editor.connection.vendor == "postgresql":
        # The updates queued the foreign keys' deferred checks: run them now, or PostgreSQL refuses
        # the ALTER TABLE that follows in this transaction ("pending trigger events").
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0024_dossiers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="card",
            name="public_token",
            field=models.CharField(max_length=9, null=True, verbose_name="Public token"),
        ),
        migrations.AddField(
            model_name="card",
            name="shipped_at",
            field=models.DateField(blank=True, null=True, verbose_name="Shipped on"),
        ),
        migrations.AddField(
            model_name="card",
            name="shipping_method",
            field=models.CharField(
                blank=True,
                choices=[("standard", "Standard"), ("expedited", "Expedited")],
                default="",
                max_length=10,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="card",
            name="shipping_status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("ordered", "Ordered"),
                    ("shipped", "Shipped"),
                    ("delivered", "Delivered"),
                    ("returned", "Returned"),
                ],
                default="",
                max_length=10,
                verbose_name="Shipping",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="card",
            name="public_token",
            field=models.CharField(
                default=customers.models.holdings.random_public_token,
                help_text="The 9 digits printed on the card carrier, to identify the card without its number.",
                max_length=9,
                verbose_name="Public token",
            ),
        ),
        migrations.AddConstraint(
            model_name="card",
            constraint=models.UniqueConstraint(fields=("public_token",), name="card_public_token_unique"),
        ),
        migrations.AddIndex(
            model_name="card",
            index=models.Index(
                condition=models.Q(("shipping_status", ""), _negated=True),
                fields=["shipping_status", "issued_at", "id"],
                name="card_shipping",
            ),
        ),
        migrations.AddConstraint(
            model_name="card",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("kind", "virtual"),
                        ("shipped_at__isnull", True),
                        ("shipping_method", ""),
                        ("shipping_status", ""),
                    ),
                    models.Q(
                        ("kind", "physical"),
                        models.Q(("shipping_status", ""), _negated=True),
                        models.Q(("shipping_method", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="card_shipping_physical_only",
            ),
        ),
        migrations.AddField(
            model_name="topupcard",
            name="linked_by",
            field=models.ForeignKey(
                blank=True,
                help_text="The staff member who linked it by hand; empty when the customer saved it.",
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="topupcard",
            name="unlinked_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="topupcard",
            name="unlinked_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="topupcard",
            name="masked_pan",
            field=models.CharField(
                help_text="First six and last four digits only.", max_length=19, verbose_name="Card number"
            ),
        ),
    ]
