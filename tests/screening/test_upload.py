"""Loading a watchlist from the browser (issue 20, "the same from an administrator's upload
page"): the file is kept under a random name, loaded by a worker, then deleted; the versions
page follows it; the same file twice and a malformed file are said."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from screening.models import ListedEntity, ListVersion, LoadStatus
from tests.helpers import page_text

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def upload(client, name, source="eu-fsf"):
    content = (FIXTURES / name).read_bytes()
    return client.post(reverse("screening-list-load"), {"source": source, "upload": SimpleUploadedFile(name, content)})


def test_an_administrator_loads_a_list_from_the_browser(
    signed_in, administrator, settings, django_capture_on_commit_callbacks
):
    client = signed_in(administrator)
    assert "Load a watchlist" in page_text(client.get(reverse("screening-lists")))
    response = client.post(reverse("screening-list-load"), {"source": ""})
    assert response.status_code == 200 and "This field is required." in page_text(response)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "eu_fsf_1_1.xml")
    assert response.status_code == 302 and response.url == reverse("screening-lists")
    version = ListVersion.objects.get()
    assert (
        version.status == LoadStatus.LOADED
        and version.file_name == "eu_fsf_1_1.xml"
        and version.loaded_by == administrator
    )
    assert ListedEntity.objects.count() == version.total > 0
    assert list(Path(settings.WATCHLISTS_DIR).iterdir()) == [], "the uploaded file is gone once loaded"
    page = page_text(client.get(reverse("screening-lists")))
    assert "eu_fsf_1_1.xml" in page and f">{version.total}<" in page
    again = upload(client, "eu_fsf_1_1.xml")
    assert again.status_code == 200 and "This file was loaded already" in page_text(again)


def test_a_malformed_upload_fails_and_says_why(signed_in, compliance_officer, django_capture_on_commit_callbacks):
    client = signed_in(compliance_officer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "eu_fsf_malformed.xml")
    version = ListVersion.objects.get()
    assert version.status == LoadStatus.FAILED and not ListedEntity.objects.exists()
    assert version.error in page_text(client.get(reverse("screening-lists")))
