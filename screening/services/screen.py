"""Screening a customer (issue 20): their names' blocking keys find the candidates in the keys'
index (never a scan of the lists), ``matching.compare`` decides each, and a hit is stored once
per customer and listed subject while it waits, unless the pair was cleared as a false positive
and neither side changed since. Each new hit is work (``work``: a watchlist hit)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, FloatField, Q, Sum, Value, When
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
from ..names import blocking_keys, tokens_of
from ..subjects import customer_fingerprint, customer_subject, entity_subject

SCREENING = audit.SystemActor("screening")
CANDIDATES = 100  # the entities sharing the rarest keys with the customer's names, compared one by one
# Words of a name that say "son of", "the", "of the": shared by half the names of a region's lists.
PARTICLES = frozenset(
    [
        "al",
        "el",
        "bin",
        "ibn",
        "ben",
        "bint",
        "abu",
        "abd",
        "abdul",
        "de",
        "del",
        "della",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "da",
        "di",
        "dos",
        "das",
        "du",
        "y",
    ]
)


def candidates_of(customer: Customer, among: Iterable[int] | None = None) -> list[ListedEntity]:
    """The listed subjects (still listed) sharing blocking keys with the customer's names, the
    rarest keys weighing most (an inverse document frequency: "al" or "mohammed" are shared by
    thousands, a surname by a few); only ``among`` when given (a list version's additions).
    Name particles give no key of their own (tests/perf/screening.py: with them, every Arabic
    name reached the cap of candidates and its screening took 300 ms)."""
    subject = customer_subject(customer)
    organisation = not customer.is_person
    keys: set[str] = set()
    for name, _weak in subject.names:
        tokens = tokens_of(name, organisation=organisation)
        keys |= blocking_keys([token for token in tokens if token not in PARTICLES] or tokens)
    if not keys:
        return []
    shared = EntityKey.objects.filter(key__in=keys, entity__removed_in__isnull=True)
    if among is not None:
        shared = shared.filter(entity_id__in=list(among))
    frequency = dict(EntityKey.objects.filter(key__in=keys).values_list("key").annotate(n=Count("pk")).order_by())
    if not frequency:
        return []
    total = max(ListedEntity.objects.filter(removed_in__isnull=True).count(), 1)
    weight = Case(
        *[When(key=key, then=Value(math.log(1 + total / count))) for key, count in frequency.items()],
        output_field=FloatField(),
    )
    ranked = shared.values("entity_id").annotate(rank=Sum(weight)).order_by("-rank", "entity_id")
    ids = [row["entity_id"] for row in ranked[:CANDIDATES]]
    return list(ListedEntity.objects.filter(pk__in=ids))


def screen_customer(customer: Customer, *, among: Iterable[int] | None = None) -> list[ScreeningHit]:
    """Screen ``customer`` against the lists in force (or only the subjects ``among``): the new
    hits it found."""
    subject = customer_subject(customer)
    fingerprint = customer_fingerprint(customer)
    matches = [(entity, compare(subject, entity_subject(entity))) for entity in candidates_of(customer, among)]
    found = _record_all(customer, [(entity, match) for entity, match in matches if match is not None], fingerprint)
    CustomerScreening.objects.update_or_create(
        customer=customer, defaults={"screened_at": timezone.now(), "fingerprint": fingerprint}
    )
    return found


def _record_all(customer: Customer, matches: list, fingerprint: str) -> list[ScreeningHit]:
    """``_record`` for each match, what it reads of the pairs read at once (two queries for all)."""
    if not matches:
        return []
    ids = [entity.pk for entity, _match in matches]
    cleared = {pair.entity_id: pair for pair in ClearedPair.objects.filter(customer=customer, entity_id__in=ids)}
    decided = set(
        ScreeningHit.objects.filter(
            customer=customer, entity_id__in=ids, status__in=(HitStatus.OPEN, HitStatus.CONFIRMED)
        ).values_list("entity_id", flat=True)
    )
    found = []
    for entity, match in matches:
        if entity.pk in decided:
            continue
        hit = _record(customer, entity, match, fingerprint, cleared=cleared.get(entity.pk), known=True)
        if hit is not None:
            found.append(hit)
    return found


def _record(
    customer: Customer,
    entity: ListedEntity,
    match,
    fingerprint: str,
    *,
    cleared: ClearedPair | None = None,
    known: bool = False,
) -> ScreeningHit | None:
    """A new hit, unless one waits already for this pair, or the pair was cleared and neither
    side changed since (then the whitelist holds). ``known``: the caller read the pair's
    clearance (``cleared``) and found no waiting or confirmed hit."""
    if not known:
        cleared = ClearedPair.objects.filter(customer=customer, entity=entity).first()
    if cleared is not None:
        if cleared.customer_fingerprint == fingerprint and cleared.entity_fingerprint == entity.fingerprint:
            return None
        cleared.delete()  # either side changed: the clearance no longer holds
        audit.record(
            action="screening.clearance.lapsed",
            actor=SCREENING,
            customer_id=customer.pk,
            target=entity,
            changes={"cleared_by_hit": [cleared.hit_id, None]},
            reason="The customer's screened details or the listed subject changed since the hit was cleared.",
            confidential=True,
        )
    # One waiting hit per pair; a true match is decided for good.
    if (
        not known
        and ScreeningHit.objects.filter(
            customer=customer, entity=entity, status__in=(HitStatus.OPEN, HitStatus.CONFIRMED)
        ).exists()
    ):
        return None
    hit = ScreeningHit(
        customer=customer,
        entity=entity,
        version_id=entity.last_version_id,
        score=match.score,
        explanation=match.explanation(),
        customer_fingerprint=fingerprint,
        entity_fingerprint=entity.fingerprint,
    )
    try:
        with transaction.atomic():
            hit.save()
    except IntegrityError:  # a concurrent screening stored it meanwhile
        return None
    work_items.hit_found(hit)
    return hit


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
        now = timezone.now()
        CustomerScreening.objects.bulk_create(  # the KYC tab's "last screened", a chunk at a time
            [CustomerScreening(customer=c, screened_at=now, fingerprint=customer_fingerprint(c)) for c in chunk],
            update_conflicts=True,
            unique_fields=["customer"],
            update_fields=["screened_at", "fingerprint"],
        )
        after, screened = chunk[-1].pk, screened + len(chunk)
        ListVersion.objects.filter(pk=version_id).update(
            rescreen_after=after, rescreened=F("rescreened") + len(chunk), rescreen_beat_at=timezone.now()
        )
    ListVersion.objects.filter(pk=version_id).update(rescreen_finished_at=timezone.now(), rescreen_beat_at=None)
    return screened


def _shared_keys(customer: Customer, index: dict[str, set[int]]) -> dict[int, int]:
    organisation = not customer.is_person
    keys: set[str] = set()
    for name, _weak in customer_subject(customer).names:
        keys |= blocking_keys(tokens_of(name, organisation=organisation))
    shared: dict[int, int] = defaultdict(int)
    for key in keys:
        for entity_id in index.get(key, ()):
            shared[entity_id] += 1
    return shared


def _screen_against(customer: Customer, entities: list[ListedEntity]) -> None:
    subject, fingerprint = customer_subject(customer), customer_fingerprint(customer)
    for entity in entities:
        match = compare(subject, entity_subject(entity))
        if match is not None:
            _record(customer, entity, match, fingerprint)


def unfinished_rescreens() -> list[int]:
    """The versions whose screening of every customer did not finish and no worker holds: the
    sweep queues them again."""
    stale = timezone.now() - LEASE
    versions = ListVersion.objects.filter(status=LoadStatus.LOADED, rescreen_finished_at__isnull=True)
    return list(
        versions.filter(Q(rescreen_beat_at__isnull=True) | Q(rescreen_beat_at__lt=stale)).values_list("pk", flat=True)
    )
