"""The candidate search (issue 20): the listed subjects worth comparing with a customer, found
by the blocking keys they share in the keys' index (never a scan of the lists).

A key's weight is its rarity (an inverse document frequency: "ali" is shared by thousands of
listed names, a surname by a few). The rarest keys are looked up first, until ``ROW_BUDGET``
index rows: a listed subject sharing only a name's commonest keys ("ali", the sound "AL") with a
customer whose rarer keys it misses cannot be a hit (``matching.compare`` wants most words of a
name), and counting those rows was most of a screening's time (tests/perf/screening.py speed).
The keys' counts are kept per process for as long as no list version loads (``_Generation``)."""

from __future__ import annotations

import math

from django.db.models import Case, Count, FloatField, Max, Sum, Value, When

from customers.models import Customer

from ..models import EntityKey, ListedEntity, ListVersion, LoadStatus
from ..names import name_keys
from ..subjects import customer_subject

CANDIDATES = 100  # the entities sharing the rarest keys with the customer's names, compared one by one
ROW_BUDGET = 3000  # index rows the rarest keys may cost; the rarest key is always looked up
KEPT_COUNTS = 200_000  # keys whose counts a process keeps at most (about 20 MiB)


def customer_keys(customer: Customer) -> set[str]:
    """The blocking keys of every name of the customer (``names.name_keys``, as the index's)."""
    names = [name for name, _weak in customer_subject(customer).names]
    return name_keys(names, organisation=not customer.is_person)


def candidates_of(customer: Customer) -> list[ListedEntity]:
    """The listed subjects (still listed) sharing the rarest blocking keys with the customer's
    names, the rarest weighing most. The index holds the keys of subjects in force only
    (``lists._load`` drops a delisted subject's keys)."""
    keys = customer_keys(customer)
    if not keys:
        return []
    counts, total = _counts(keys)
    ranked_keys = sorted((count, key) for key, count in counts.items() if count)
    chosen, rows = [], 0
    for count, key in ranked_keys:
        if chosen and rows + count > ROW_BUDGET:
            break
        chosen.append((key, count))
        rows += count
    if not chosen:
        return []
    weight = Case(
        *[When(key=key, then=Value(math.log(1 + total / count))) for key, count in chosen],
        output_field=FloatField(),
    )
    shared = EntityKey.objects.filter(key__in=[key for key, _count in chosen])
    ranked = shared.values("entity_id").annotate(rank=Sum(weight)).order_by("-rank", "entity_id")
    return list(ListedEntity.objects.filter(pk__in=ranked.values("entity_id")[:CANDIDATES]))


class _Generation:
    """What a process knows of the keys' index: each key's count and the subjects in force, valid
    while the set of loaded versions is the same (a load is all or nothing: nothing else changes
    the index)."""

    stamp: tuple | None = None
    counts: dict[str, int] = {}
    total = 0


def _counts(keys: set[str]) -> tuple[dict[str, int], int]:
    """Each key's count in the index (0 when absent) and the subjects in force: one small query
    when the process knows them all."""
    loaded = ListVersion.objects.filter(status=LoadStatus.LOADED)
    stamp = tuple(loaded.aggregate(Count("pk"), Max("pk"), Max("loaded_at")).values())
    if stamp != _Generation.stamp or len(_Generation.counts) > KEPT_COUNTS:
        _Generation.stamp, _Generation.counts = stamp, {}
        _Generation.total = max(ListedEntity.objects.filter(removed_in__isnull=True).count(), 1)
    known = _Generation.counts
    missing = [key for key in keys if key not in known]
    if missing:
        found = dict(EntityKey.objects.filter(key__in=missing).values_list("key").annotate(n=Count("pk")).order_by())
        known.update({key: found.get(key, 0) for key in missing})
    return {key: known[key] for key in keys}, _Generation.total
