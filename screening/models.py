"""Watchlist screening (issue 20, DESIGN.md "Screening"): list versions as loaded, the subjects
they list with the keys the candidate search looks them up by, the hits a screening found and
their decisions, and the pairs cleared as false positives."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ListSource(models.TextChoices):
    FTM = "ftm", "OpenSanctions (FollowTheMoney JSON lines)"
    EU = "eu-fsf", "EU Financial Sanctions Files (XML 1.1)"
    UN = "un", "UN Security Council consolidated list (XML)"
    OFAC = "ofac-sdn", "OFAC SDN list (XML)"


class LoadStatus(models.TextChoices):
    LOADING = "loading", "Loading"
    LOADED = "loaded", "Loaded"
    FAILED = "failed", "Failed: nothing loaded"


class ListVersion(models.Model):
    """One load of a list's file: what it added, changed and removed against the source's
    previous version. A file loaded before (its checksum) is not loaded twice."""

    source = models.CharField(max_length=10, choices=ListSource)
    file_name = models.CharField(max_length=200)
    checksum = models.CharField("SHA-256", max_length=64)
    published_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=LoadStatus, default=LoadStatus.LOADING)
    error = models.TextField(blank=True)
    loaded_at = models.DateTimeField(default=timezone.now)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    total = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    # The customers screened again against what it added or changed (``rescreen``).
    rescreened = models.PositiveIntegerField(default=0)
    rescreen_after = models.BigIntegerField(default=0)  # the last customer id done: a killed job resumes there
    rescreen_finished_at = models.DateTimeField(null=True, blank=True)
    rescreen_beat_at = models.DateTimeField(null=True, blank=True)  # a worker's claim, renewed per chunk

    class Meta:
        ordering = ["-loaded_at", "-pk"]
        permissions = [
            ("load_watchlist", "Load a watchlist version"),
            ("view_screening", "See screening outcomes and hits"),
            ("decide_screening_hit", "Decide a screening hit (false positive or true match)"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "checksum"], condition=Q(status="loaded"), name="screening_one_load_per_file"
            )
        ]

    def __str__(self):
        return f"{self.get_source_display()} of {self.published_on or self.loaded_at.date()}"


class ListedEntity(models.Model):
    """A subject of a list, as its latest version says; ``removed_in`` once a version no longer
    lists it (its hits stay, with the version that listed it)."""

    source = models.CharField(max_length=10, choices=ListSource)
    source_id = models.CharField(max_length=100)
    kind = models.CharField(max_length=12)  # records.PERSON, ORGANISATION, VESSEL
    caption = models.CharField(max_length=300)
    names = models.JSONField(default=list)  # [[name, weak], …]
    birth_dates = models.JSONField(default=list)
    nationalities = models.JSONField(default=list)
    countries = models.JSONField(default=list)
    programmes = models.JSONField(default=list)
    reason = models.TextField(blank=True)
    listed_on = models.CharField(max_length=10, blank=True)
    fingerprint = models.CharField(max_length=64)
    first_version = models.ForeignKey(ListVersion, on_delete=models.PROTECT, related_name="+")
    last_version = models.ForeignKey(ListVersion, on_delete=models.PROTECT, related_name="+")
    changed_in = models.ForeignKey(ListVersion, on_delete=models.PROTECT, related_name="+")
    removed_in = models.ForeignKey(ListVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "source_id"], name="screening_entity_per_source")]
        indexes = [models.Index(fields=["changed_in"], name="screening_entity_changed_in")]

    def __str__(self):
        return f"{self.caption} ({self.get_source_display()} {self.source_id})"


class EntityKey(models.Model):
    """A blocking key of a listed subject's names (``names.blocking_keys``): the candidate search
    finds a customer's candidates by the keys they share, from this table's index."""

    key = models.CharField(max_length=150)
    entity = models.ForeignKey(ListedEntity, on_delete=models.CASCADE, related_name="keys")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "entity"], name="screening_key_per_entity")]

    def __str__(self):
        return self.key


class HitStatus(models.TextChoices):
    OPEN = "open", "To review"
    CLEARED = "cleared", "False positive"
    CONFIRMED = "confirmed", "True match"


class ScreeningHit(models.Model):
    """A customer who may be a listed subject: the score, the explanation, and the decision.
    Confidential: compliance officers and administrators only."""

    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="+")
    entity = models.ForeignKey(ListedEntity, on_delete=models.PROTECT, related_name="hits")
    version = models.ForeignKey(ListVersion, on_delete=models.PROTECT, related_name="+")
    score = models.FloatField()
    explanation = models.JSONField(default=dict)
    customer_fingerprint = models.CharField(max_length=64)  # the screened fields when found
    entity_fingerprint = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=HitStatus, default=HitStatus.OPEN)
    found_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-score", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "entity"],
                condition=Q(status="open"),
                name="screening_one_open_hit_per_pair",
            )
        ]

    def __str__(self):
        return f"Hit #{self.pk}: {self.explanation.get('customer_name', '')} ~ {self.entity.caption}"


class ClearedPair(models.Model):
    """A customer and a listed subject decided not the same (a false positive): not a hit again
    while neither changes (the fingerprints of what was compared)."""

    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="+")
    entity = models.ForeignKey(ListedEntity, on_delete=models.PROTECT, related_name="+")
    customer_fingerprint = models.CharField(max_length=64)
    entity_fingerprint = models.CharField(max_length=64)
    hit = models.ForeignKey(ScreeningHit, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["customer", "entity"], name="screening_cleared_pair")]

    def __str__(self):
        return f"Customer #{self.customer_id} is not {self.entity_id}"


class CustomerScreening(models.Model):
    """When a customer was last screened, on what (the fingerprint of their screened fields)."""

    customer = models.OneToOneField("customers.Customer", on_delete=models.CASCADE, related_name="+")
    screened_at = models.DateTimeField()
    fingerprint = models.CharField(max_length=64)

    def __str__(self):
        return f"Customer #{self.customer_id} screened {self.screened_at:%Y-%m-%d %H:%M}"
