"""Forms of screening: validation only; the services decide."""

from django import forms

from backoffice.forms import CommandForm

from .models import ListSource


class DecisionForm(CommandForm):
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What told them apart, or what proves it is them. Kept with the hit and in the audit log.",
    )


MAX_LIST_BYTES = 2 * 1024**3  # OpenSanctions' whole FtM export is about 1 GB
_COMPRESSED = {b"PK\x03\x04": "a zip archive", b"\x1f\x8b": "a gzip file", b"BZh": "a bzip2 file"}


def _first_byte(upload) -> bytes:
    """The first byte of the file that is not a byte-order mark or white space."""
    upload.seek(0)
    head = upload.read(4096).removeprefix(b"\xef\xbb\xbf")
    upload.seek(0)
    for magic, what in _COMPRESSED.items():
        if head.startswith(magic):
            raise forms.ValidationError(f"This file is {what}, not a list: unpack it and load the list's own file.")
    if head.startswith(b"%PDF"):
        raise forms.ValidationError("This file is a PDF, not a list: load the list's XML or JSON file as published.")
    return head.lstrip()[:1]


class UploadListForm(CommandForm):
    source = forms.ChoiceField(label="Format", choices=[("", "—"), *ListSource.choices])
    upload = forms.FileField(
        label="File",
        help_text="As its publisher publishes it (docs/operations.md says where): the EU's XML 1.1, the UN's "
        "consolidated XML, OFAC's classic SDN.XML, or OpenSanctions' FollowTheMoney JSON lines.",
    )

    def clean(self):
        data = super().clean()
        upload, source = data.get("upload"), data.get("source")
        if upload is None:
            return data
        if upload.size > MAX_LIST_BYTES:
            self.add_error(
                "upload",
                f"This file is larger than {MAX_LIST_BYTES // 1024**3} GB: load it with manage.py "
                "load_watchlist on the server (docs/operations.md).",
            )
            return data
        try:
            first = _first_byte(upload)
        except forms.ValidationError as error:
            self.add_error("upload", error)
            return data
        if not first:
            self.add_error("upload", "This file is empty.")
        elif source == ListSource.FTM and first != b"{":
            self.add_error(
                "upload", "This is not FollowTheMoney JSON lines (one JSON object per line): is the format right?"
            )
        elif source and source != ListSource.FTM and first != b"<":
            self.add_error("upload", "This is not an XML file: the EU, UN and OFAC lists are XML. Is the format right?")
        return data
