"""Screening a customer (issue 20): their names' blocking keys find the candidates in the keys'
index (never a scan of the lists), ``matching.compare`` decides each, and a hit is stored once
per customer and listed subject while it waits, unless the pair was cleared as a false positive
and neither side changed since. Each new hit is work (``work``: a watchlist hit)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from backoffice import audit
from customers.choices import Status
from customers.models import Customer

from .. import work_items
from ..matching import compare
from ..models import (
    ClearedPair,
    CustomerScreening,
    EntityKey,
    HitStatus,
    ListedEntity,
    ListVersion,
    LoadStatus,
    ScreeningHit,
)
from ..subjects import customer_fingerprint, customer_subject, entity_subject
from .candidates import CANDIDATES, candidates_of, customer_keys

SCREENING = audit.SystemActor("screening")


def screen_customer(customer: Customer) -> list[ScreeningHit]:
    """Screen ``customer`` against the lists in force: the new hits it found (a list version's
    changes are screened against every customer by ``rescreen_version``)."""
    found = _screen_against(customer, candidates_of(customer))
    _mark_screened([customer])
    return found


def _screen_against(customer: Customer, entities: list[ListedEntity]) -> list[ScreeningHit]:
    """``matching.compare`` on each entity; the matches recorded (``_record_all``)."""
    subject = customer_subject(customer)
    matches = [(entity, compare(subject, entity_subject(entity))) for entity in entities]
    matches = [(entity, match) for entity, match in matches if match is not None]
    if not matches:
        return []
    with transaction.atomic():  # a lapsed clearance, its audit entry and the new hit: all or none
        return _record_all(customer, matches)


def _record_all(customer: Customer, matches: list) -> list[ScreeningHit]:
    """A new hit for each match, unless one waits already for the pair or was confirmed, or the
    pair was cleared and neither side changed since (then the whitelist holds; else the clearance
    lapses, audited). What it reads of the pairs is read at once, the hits and their work items
    stored at once: a screening's queries do not grow with its hits."""
    fingerprint = customer_fingerprint(customer)
    ids = [entity.pk for entity, _match in matches]
    cleared = {pair.entity_id: pair for pair in ClearedPair.objects.filter(customer=customer, entity_id__in=ids)}
    decided = set(
        ScreeningHit.objects.filter(
            customer=customer, entity_id__in=ids, status__in=(HitStatus.OPEN, HitStatus.CONFIRMED)
        ).values_list("entity_id", flat=True)
    )
    new = []
    for entity, match in matches:
        if entity.pk in decided:
            continue
        pair = cleared.get(entity.pk)
        if pair is not None and _clearance_holds(customer, entity, pair, fingerprint):
            continue
        new.append(
            ScreeningHit(
                customer=customer,
                entity=entity,
                version_id=entity.last_version_id,
                score=match.score,
                explanation=match.explanation(),
                customer_fingerprint=fingerprint,
                entity_fingerprint=entity.fingerprint,
            )
        )
    return _store(new)


def _clearance_holds(customer: Customer, entity: ListedEntity, pair: ClearedPair, fingerprint: str) -> bool:
    """Whether the pair's clearance still holds: neither side changed since. Else it lapses."""
    if pair.customer_fingerprint == fingerprint and pair.entity_fingerprint == entity.fingerprint:
        return True
    pair.delete()
    audit.record(
        action="screening.clearance.lapsed",
        actor=SCREENING,
        customer_id=customer.pk,
        target=entity,
        changes={"cleared_by_hit": [pair.hit_id, None]},
        reason="The customer's screened details or the listed subject changed since the hit was cleared.",
        confidential=True,
    )
    return False


def _store(hits: list[ScreeningHit]) -> list[ScreeningHit]:
    """The hits inserted at once with their work items; one at a time when a concurrent screening
    stored one of them meanwhile (one waiting hit per pair: that one stands)."""
    if not hits:
        return []
    try:
        with transaction.atomic():
            ScreeningHit.objects.bulk_create(hits)
    except IntegrityError:
        stored = []
        for hit in hits:
            try:
                with transaction.atomic():
                    hit.save()
                stored.append(hit)
            except IntegrityError:
                continue
        hits = stored
    work_items.hits_found(hits)
    return hits


def _mark_screened(customers: list[Customer]) -> None:
    """The KYC tab's "last screened", in one statement for all."""
    now = timezone.now()
    CustomerScreening.objects.bulk_create(
        [CustomerScreening(customer=c, screened_at=now, fingerprint=customer_fingerprint(c)) for c in customers],
        update_conflicts=True,
        unique_fields=["customer"],
        update_fields=["screened_at", "fingerprint"],
    )


# --- A new list version against every customer ------------------------------------------------

CHUNK = 1000
LEASE = timedelta(minutes=2)


def rescreen_version(version_id: int) -> int | None:
    """Screen every customer against what ``version`` added or changed, in chunks of customers by
    id: the chunk's progress is kept on the version, so a killed worker's job resumes after the
    last chunk done (a hit found twice is stored once). The delta's keys are held in memory (a
    list update is small) and each customer's looked up there: no query per customer. Returns the
    customers screened, or None when another worker holds the job."""
    now = timezone.now()
    claimed = ListVersion.objects.filter(pk=version_id, status=LoadStatus.LOADED, rescreen_finished_at__isnull=True)
    claimed = claimed.filter(Q(rescreen_beat_at__isnull=True) | Q(rescreen_beat_at__lt=now - LEASE))
    if not claimed.update(rescreen_beat_at=now):
        return None
    version = ListVersion.objects.get(pk=version_id)
    delta = {entity.pk: entity for entity in ListedEntity.objects.filter(changed_in=version, removed_in__isnull=True)}
    index: dict[str, set[int]] = defaultdict(set)
    for key, entity_id in EntityKey.objects.filter(entity_id__in=list(delta)).values_list("key", "entity_id"):
        index[key].add(entity_id)
    screened, after = 0, version.rescreen_after
    while index:
        chunk = list(Customer.objects.exclude(status=Status.CANCELED).filter(pk__gt=after).order_by("pk")[:CHUNK])
        if not chunk:
            break
        for customer in chunk:
            shared = _shared_keys(customer, index)
            if shared:
                found = sorted(shared, key=lambda pk: -shared[pk])[:CANDIDATES]
                _screen_against(customer, [delta[pk] for pk in found])
        _mark_screened(chunk)  # the KYC tab's "last screened", a chunk at a time
        after, screened = chunk[-1].pk, screened + len(chunk)
        ListVersion.objects.filter(pk=version_id).update(
            rescreen_after=after, rescreened=F("rescreened") + len(chunk), rescreen_beat_at=timezone.now()
        )
    ListVersion.objects.filter(pk=version_id).update(rescreen_finished_at=timezone.now(), rescreen_beat_at=None)
    return screened


def _shared_keys(customer: Customer, index: dict[str, set[int]]) -> dict[int, int]:
    shared: dict[int, int] = defaultdict(int)
    for key in customer_keys(customer):
        for entity_id in index.get(key, ()):
            shared[entity_id] += 1
    return shared


def unfinished_rescreens() -> list[int]:
    """The versions whose screening of every customer did not finish and no worker holds: the
    sweep queues them again."""
    stale = timezone.now() - LEASE
    versions = ListVersion.objects.filter(status=LoadStatus.LOADED, rescreen_finished_at__isnull=True)
    return list(
        versions.filter(Q(rescreen_beat_at__isnull=True) | Q(rescreen_beat_at__lt=stale)).values_list("pk", flat=True)
    )
