"""``manage.py load_watchlist`` (issue 20): each load is a version with its checksum and what it
added, changed and removed; the same file twice is refused; a malformed file loads nothing and
says why; a version that lists a subject no more marks it removed."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from backoffice.models import AuditEntry
from screening.models import EntityKey, ListedEntity, ListVersion, LoadStatus
from screening.services.lists import checksum_of

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def load(source, name) -> str:
    out = StringIO()
    call_command("load_watchlist", "--format", source, str(FIXTURES / name), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("eu-fsf", "eu_fsf_1_1.xml"),
        ("un", "un_consolidated.xml"),
        ("ofac-sdn", "ofac_sdn.xml"),
        ("ftm", "ftm_entities.ftm.json"),
    ],
)
def test_each_format_loads_as_a_version_once(source, name):
    said = load(source, name)
    version = ListVersion.objects.get()
    assert version.status == LoadStatus.LOADED and version.checksum == checksum_of(FIXTURES / name)
    assert version.total == version.added == ListedEntity.objects.count() > 0
    assert f"{version.total} subjects ({version.added} added" in said
    assert EntityKey.objects.exists(), "looked up by key"
    assert AuditEntry.objects.filter(action="screening.list.loaded").count() == 1
    with pytest.raises(CommandError, match="This file was loaded already"):
        load(source, name)


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("eu-fsf", "eu_fsf_malformed.xml"),
        ("un", "un_malformed.xml"),
        ("ofac-sdn", "ofac_sdn_malformed.xml"),
        ("ftm", "ftm_malformed.ftm.json"),
    ],
)
def test_a_malformed_file_loads_nothing_and_says_why(source, name):
    with pytest.raises(CommandError, match="Nothing loaded: "):
        load(source, name)
    version = ListVersion.objects.get()
    assert version.status == LoadStatus.FAILED and version.error
    assert not ListedEntity.objects.exists() and not EntityKey.objects.exists(), "nothing half loaded"


def test_the_wrong_format_is_said(tmp_path):
    with pytest.raises(CommandError, match="Nothing loaded: "):
        load("un", "eu_fsf_1_1.xml")


def test_a_new_version_adds_changes_and_removes(tmp_path):
    load("eu-fsf", "eu_fsf_1_1.xml")
    first = ListVersion.objects.get()
    text = (FIXTURES / "eu_fsf_1_1.xml").read_text()
    start = text.index("<sanctionEntity", text.index("</sanctionEntity>"))
    end = text.index("</sanctionEntity>", start) + len("</sanctionEntity>")
    changed = text[:start] + text[end:]  # the second subject is delisted
    changed = changed.replace('wholeName="Ivan Petrovich SIDOROV"', 'wholeName="Ivan Petrovitch SIDOROV"')
    path = tmp_path / "eu.xml"
    path.write_text(changed)
    call_command("load_watchlist", "--format", "eu-fsf", str(path), stdout=StringIO())
    second = ListVersion.objects.exclude(pk=first.pk).get()
    assert (second.added, second.changed, second.removed) == (0, 1, 1)
    assert ListedEntity.objects.filter(removed_in=second).count() == 1
    assert ListedEntity.objects.get(changed_in=second, removed_in__isnull=True).caption == "Ivan Petrovitch SIDOROV"
