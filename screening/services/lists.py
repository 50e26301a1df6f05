"""Loading a watchlist file (issue 20): each load is a list version, streamed from the file
(constant memory: records in batches, never the whole file), all or nothing (a malformed file
loads nothing and the failed version says why), compared with the source's previous version:
what it adds, changes and removes. A file already loaded is not loaded twice."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from backoffice import audit
from backoffice.errors import DomainError
from backoffice.models import StaffUser

from ..loaders import FORMATS, publication_date
from ..models import EntityKey, ListedEntity, ListSource, ListVersion, LoadStatus
from ..names import name_keys
from ..records import PERSON, ListedRecord, MalformedList

BATCH = 2000


def checksum_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_watchlist(
    *, actor, source: str, path: Path, file_name: str = "", accept_removals: bool = False
) -> ListVersion:
    """Load ``path`` as a version of ``source`` (a ``ListSource``), here and now (the command).
    Raises ``DomainError`` for a file loaded already; a malformed file leaves a failed version,
    its reason, and nothing else."""
    version = start_load(actor=actor, source=source, path=path, file_name=file_name)
    return run_load(version.pk, path, actor=actor, accept_removals=accept_removals)


def start_load(*, actor, source: str, path: Path, file_name: str = "") -> ListVersion:
    """The version a file will be, while it loads (``run_load``, here or in a worker)."""
    if source not in ListSource.values:
        raise DomainError(f"Unknown list format {source!r}: one of {', '.join(ListSource.values)}.", field="source")
    checksum = checksum_of(path)
    loaded = ListVersion.objects.filter(source=source, checksum=checksum, status=LoadStatus.LOADED).first()
    if loaded is not None:
        raise DomainError(f"This file was loaded already: {loaded} (version #{loaded.pk}).", field="file")
    return ListVersion.objects.create(
        source=source,
        file_name=(file_name or path.name)[:200],
        checksum=checksum,
        loaded_by=actor if isinstance(actor, StaffUser) else None,
    )


def run_load(version_id: int, path: Path, *, actor=None, accept_removals: bool = False) -> ListVersion:
    """Parse and store the file of a loading version, all or nothing; then every customer is
    screened against it (after commit)."""
    version = ListVersion.objects.get(pk=version_id)
    if version.status != LoadStatus.LOADING:
        return version  # loaded or failed already (a task delivered twice)
    actor = actor or version.loaded_by or LOADER
    source = version.source
    try:
        version.published_on = _published_on(source, path)
        _check_not_older(version)
        with transaction.atomic(), path.open("rb") as stream:
            _load(version, FORMATS[source](stream), accept_removals=accept_removals)
            if not ListVersion.objects.select_for_update().filter(pk=version.pk, status=LoadStatus.LOADING).exists():
                raise MalformedList(LOST_LOAD)  # given up for lost meanwhile (``give_up_lost_loads``)
            version.status = LoadStatus.LOADED
            version.save()
            audit.record(
                action="screening.list.loaded",
                actor=actor,
                target=version,
                changes={
                    "added": [None, version.added],
                    "changed": [None, version.changed],
                    "removed": [None, version.removed],
                    "total": [None, version.total],
                },
                confidential=True,
            )
            transaction.on_commit(lambda: _after_load(version_id))
    except IntegrityError:  # the same file, uploaded twice at once: the other load stands
        _fail(version.pk, "The same file was loaded meanwhile: this load is left out.", actor)
    except (MalformedList, OSError) as error:
        _fail(version.pk, str(error)[:2000], actor)
    except (DatabaseError, ValueError) as error:  # a value the database refuses (a NUL byte…): never left "Loading"
        name = error.__class__.__name__
        _fail(version.pk, f"The file could not be stored ({name}: {str(error)[:300]}): nothing was loaded.", actor)
    version.refresh_from_db()
    return version


def _fail(version_id: int, message: str, actor) -> None:
    """The version failed, with why; audited (a refused file is part of the trail too)."""
    with transaction.atomic():
        version = ListVersion.objects.select_for_update().get(pk=version_id)
        version.status, version.error = LoadStatus.FAILED, message
        version.save(update_fields=["status", "error"])
        audit.record(
            action="screening.list.failed",
            actor=actor,
            target=version,
            changes={"file": [None, version.file_name], "error": [None, message]},
            confidential=True,
        )


# Past the broker's redelivery of a task whose worker died (an hour), and longer than a list of
# millions takes to load (1,250 subjects/s, tests/perf/screening.py): its task was lost.
STALE_LOAD = timedelta(hours=6)
LOST_LOAD = "The worker loading this file stopped and its task was lost: nothing was loaded. Load the file again."
SWEEPER = audit.SystemActor("celery:watchlist-sweep")


def give_up_lost_loads() -> int:
    """Versions still "Loading" long after any worker could be on them fail (saying to load the
    file again), and uploaded files no load will read are deleted. How many versions."""
    cutoff = timezone.now() - STALE_LOAD
    lost = list(
        ListVersion.objects.filter(status=LoadStatus.LOADING, loaded_at__lt=cutoff).values_list("pk", flat=True)
    )
    for version_id in lost:
        _fail(version_id, LOST_LOAD, SWEEPER)
    folder = Path(settings.WATCHLISTS_DIR)
    if folder.is_dir():
        for path in folder.glob("*.upload"):
            if path.stat().st_mtime < cutoff.timestamp():
                path.unlink(missing_ok=True)
    return len(lost)


MAX_REMOVED_SHARE = 0.2  # more of the list delisted at once: most likely a partial file


def _published_on(source: str, path: Path) -> date | None:
    """The file's publication date, if it says a whole one ("2026" or a wrong day: none)."""
    published = publication_date(source, path)
    try:
        return date.fromisoformat(published) if published else None
    except ValueError:
        return None


def _check_not_older(version: ListVersion) -> None:
    """An older publication than the list in force does not replace it (an old file by mistake)."""
    if version.published_on is None:
        return
    newer = (
        ListVersion.objects.filter(
            source=version.source, status=LoadStatus.LOADED, published_on__gt=version.published_on
        )
        .order_by("-published_on")
        .first()
    )
    if newer is not None:
        raise MalformedList(
            f"This file was published on {version.published_on:%Y-%m-%d}, before the list in force "
            f"({newer.published_on:%Y-%m-%d}): nothing was loaded."
        )


# --- From the upload page: the file kept while a worker loads it --------------------------------

LOADER = audit.SystemActor("celery:load-watchlist")


def upload_watchlist(*, actor, source: str, upload) -> ListVersion:
    """The upload page's command: the file is kept under ``WATCHLISTS_DIR`` (a random name, never
    the client's) and loaded by a worker; the version says "Loading" meanwhile."""
    folder = Path(settings.WATCHLISTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{secrets.token_hex(16)}.upload"
    with path.open("wb") as stored:
        for chunk in upload.chunks():
            stored.write(chunk)
    try:
        version = start_load(actor=actor, source=source, path=path, file_name=upload.name)
    except DomainError:
        path.unlink(missing_ok=True)
        raise
    version_id = version.pk
    transaction.on_commit(lambda: _queue_load(version_id, str(path)))
    return version


def _queue_load(version_id: int, path: str) -> None:
    from backoffice import jobs

    from ..tasks import load_list

    jobs.enqueue(load_list, version_id, path, what=f"Watchlist version {version_id}")


def _after_load(version_id: int) -> None:
    """Every customer is screened against what the version added or changed (a chunked job)."""
    from backoffice import jobs

    from ..hooks import LISTS_LOADED
    from ..tasks import rescreen_version

    cache.set(LISTS_LOADED, True, 60)
    jobs.enqueue(rescreen_version, version_id, what=f"Screening against list version {version_id}")


def _load(version: ListVersion, records: Iterator[ListedRecord], *, accept_removals: bool = False) -> None:
    for batch in _batches(records, BATCH):
        _store(version, batch)
    if not version.total:  # a truncated download, most likely: never empties the list in force
        raise MalformedList("The file lists nobody: nothing was loaded, and the list in force stays.")
    listed = ListedEntity.objects.filter(source=version.source, removed_in__isnull=True)
    gone = listed.exclude(last_version=version)
    removed, before = gone.count(), listed.exclude(first_version=version).count()  # in force before this file
    if not accept_removals and removed > max(10, MAX_REMOVED_SHARE * before):
        raise MalformedList(
            f"This file would delist {removed} of the {before} subjects in force: a partial file? Nothing was "
            "loaded. If the list really shrank so, load it with manage.py load_watchlist --accept-removals."
        )
    EntityKey.objects.filter(entity__in=gone).delete()  # the index holds the subjects in force only
    version.removed = gone.update(removed_in=version, changed_in=version)


def _batches(records: Iterable[ListedRecord], size: int) -> Iterator[list[ListedRecord]]:
    batch: list[ListedRecord] = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _store(version: ListVersion, records: list[ListedRecord]) -> None:
    """One batch: new subjects created, changed ones updated (their keys again), the others
    only marked as still listed by this version."""
    records = list({record.source_id: record for record in records}.values())  # a list repeating an id: the last
    existing = {
        entity.source_id: entity
        for entity in ListedEntity.objects.filter(source=version.source, source_id__in=[r.source_id for r in records])
    }
    created, changed, unchanged = [], [], []
    for record in records:
        values = _values(record)
        entity = existing.get(record.source_id)
        if entity is None:
            created.append(
                ListedEntity(
                    source=version.source,
                    source_id=record.source_id,
                    **values,
                    first_version=version,
                    last_version=version,
                    changed_in=version,
                )
            )
        elif entity.fingerprint != values["fingerprint"] or entity.removed_in_id is not None:
            for name, value in values.items():
                setattr(entity, name, value)
            entity.last_version, entity.changed_in, entity.removed_in = version, version, None
            changed.append(entity)
        else:
            unchanged.append(entity.pk)
    ListedEntity.objects.bulk_create(created)
    fields = [*_values(records[0]), "last_version", "changed_in", "removed_in"]
    ListedEntity.objects.bulk_update(changed, fields)
    ListedEntity.objects.filter(pk__in=unchanged).update(last_version=version)
    EntityKey.objects.filter(entity__in=changed).delete()
    EntityKey.objects.bulk_create(
        [EntityKey(key=key, entity=entity) for entity in [*created, *changed] for key in keys_of(entity)]
    )
    version.total += len(records)
    version.added += len(created)
    version.changed += len(changed)


def _values(record: ListedRecord) -> dict:
    return {
        "kind": record.kind,
        "caption": record.caption[:300],
        "names": [[name.name, name.weak] for name in record.names],
        "birth_dates": record.birth_dates,
        "nationalities": record.nationalities,
        "countries": record.countries,
        "programmes": record.programmes,
        "reason": record.reason,
        "listed_on": record.listed_on[:10],
        "fingerprint": record.fingerprint(),
    }


def keys_of(entity: ListedEntity) -> set[str]:
    """The listed subject's index rows (``names.name_keys``, as a customer's lookup)."""
    return name_keys([name for name, _weak in entity.names], organisation=entity.kind != PERSON)
