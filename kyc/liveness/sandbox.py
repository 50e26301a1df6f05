"""The sandbox provider: what a real liveness provider does on its side, played by this project
for the demo and the tests (``settings.LIVENESS_SANDBOX_ENABLED``; never in production).

Its page (``sandbox_views``) lets whoever holds the link pass or fail the check; it then sends
the provider's webhooks as real signed HTTP POSTs, as Treezor would: ``kycliveness.create`` and
``kycliveness.update`` (processed, score 1 or 0). In seed 002's order, the documents come later:
once the back office requests the KYC review on the strength of the passed check, it asks the
provider for them (``SandboxProvider.request_documents``) and the sandbox sends one
``document.create`` per document, which join the pending review. The documents are PNG images
drawn on demand, the same for the same session reference.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import unicodedata
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from customers.choices import AddressKind
from customers.models import Address, Customer

from ..choices import DocumentType
from ..models import LivenessSession
from . import webhooks
from .providers import FetchedDocument, UnknownDocument

INK, PAPER, MUTED = (33, 37, 41), (250, 248, 240), (108, 117, 125)


FONTS = {False: ("DejaVuSans.ttf", "LiberationSans-Regular.ttf"), True: ("DejaVuSansMono.ttf",)}
ASCII_STAND_INS = str.maketrans({"€": "EUR", "×": "x", "·": "-", "—": "-"})


@functools.cache
def _font(size: int, mono: bool = False) -> tuple[ImageFont.FreeTypeFont, bool]:
    """A system font with accents if the machine has one, else Pillow's own (ASCII only)."""
    for name in FONTS[mono]:
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    return ImageFont.load_default(size=size), False


def _write(draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, size: int, fill, mono: bool = False) -> None:
    font, accents = _font(size, mono)
    if not accents:
        text = unicodedata.normalize("NFKD", text.translate(ASCII_STAND_INS)).encode("ascii", "ignore").decode()
    draw.text(xy, text, font=font, fill=fill)


def _digits(reference: str, salt: str, count: int) -> str:
    """``count`` digits that depend only on the reference (stable documents per session)."""
    number = int.from_bytes(hashlib.sha256(f"{salt}:{reference}".encode()).digest(), "big")
    return str(number)[-count:]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()


def _mrz_name(customer: Customer) -> str:
    names = f"{_ascii(customer.last_name)}<<{_ascii(customer.first_name).replace(' ', '<')}"
    return "".join(c if c.isalnum() or c == "<" else "<" for c in names)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def draw_passport(reference: str, customer: Customer) -> bytes:
    """A passport's data page: photo, printed fields and the two machine-readable lines."""
    image = Image.new("RGB", (640, 420), (214, 226, 236))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((8, 8, 631, 411), radius=18, fill=(232, 240, 246), outline=(120, 144, 170), width=2)
    _write(draw, (28, 22), "PASSPORT  ·  PASSEPORT", 22, (28, 56, 96))
    country = customer.nationality.code if customer.nationality else "FR"
    code = customer.nationality.alpha3 if customer.nationality else "FRA"
    _write(draw, (430, 28), f"{country}  ·  {code}", 16, (28, 56, 96))
    draw.rectangle((28, 70, 178, 260), fill=(190, 200, 212), outline=(120, 144, 170))
    draw.ellipse((73, 100, 133, 172), fill=(150, 160, 175))  # head
    draw.chord((48, 175, 158, 300), 180, 360, fill=(150, 160, 175))  # shoulders
    number = f"{_digits(reference, 'letters', 2)}SB{_digits(reference, 'number', 5)}"
    issued = date(2019, 1, 1) + timedelta(days=int(_digits(reference, "issued", 4)) % 1500)
    expires = issued + timedelta(days=3652)  # ten years
    born = customer.birth_date or date(1980, 1, 1) + timedelta(days=int(_digits(reference, "born", 4)))
    fields = [
        ("Type / Code", f"P   {code}"),
        ("Passport No.", number),
        ("Surname", customer.last_name.upper() or "—"),
        ("Given names", customer.first_name or "—"),
        ("Nationality", customer.nationality.name if customer.nationality else "France"),
        ("Date of birth", born.strftime("%d %b %Y")),
        ("Date of issue", issued.strftime("%d %b %Y")),
        ("Date of expiry", expires.strftime("%d %b %Y")),
    ]
    for index, (name, text) in enumerate(fields):
        x, y = 200 + (index % 2) * 215, 72 + (index // 2) * 46
        _write(draw, (x, y), name.upper(), 11, MUTED)
        _write(draw, (x, y + 14), text, 15, INK)
    draw.rectangle((8, 300, 631, 411), fill=(244, 246, 248))
    line1 = f"P<{code}{_mrz_name(customer)}".ljust(44, "<")[:44]
    line2 = f"{number}<{code}{born:%y%m%d}<{expires:%y%m%d}".ljust(44, "<")[:44]
    _write(draw, (24, 320), line1, 20, INK, mono=True)
    _write(draw, (24, 360), line2, 20, INK, mono=True)
    return _png(image)


def draw_proof_of_address(reference: str, customer: Customer) -> bytes:
    """An electricity bill addressed to the customer's legal address."""
    address = Address.objects.filter(customer=customer, kind=AddressKind.LEGAL).first()
    lines = [customer.display_name]
    if address is not None:
        lines += [address.line1, f"{address.postcode} {address.city}".strip(), address.country.name]
    image = Image.new("RGB", (500, 680), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 499, 70), fill=(13, 110, 80))
    _write(draw, (24, 20), "Sandbox Énergie", 26, (255, 255, 255))
    _write(draw, (330, 28), "Electricity bill", 15, (255, 255, 255))
    for index, text in enumerate(line for line in lines if line):
        _write(draw, (260, 100 + index * 22), text, 15, INK)
    issued = date(2024, 1, 1) + timedelta(days=int(_digits(reference, "bill", 3)) % 300)
    _write(draw, (24, 100), f"Invoice no. SE-{_digits(reference, 'invoice', 8)}", 13, MUTED)
    _write(draw, (24, 122), f"Date: {issued:%d %B %Y}", 13, MUTED)
    _write(draw, (24, 144), f"Customer no. {_digits(reference, 'customer', 10)}", 13, MUTED)
    draw.line((24, 220, 476, 220), fill=(200, 200, 200), width=1)
    kwh = 180 + int(_digits(reference, "kwh", 3)) % 400
    cent = Decimal("0.01")
    rows = [
        ("Subscription (1 month)", Decimal("12.44")),
        (f"Consumption {kwh} kWh × 0.2516", (kwh * Decimal("0.2516")).quantize(cent)),
        ("Taxes and contributions", (kwh * Decimal("0.0421")).quantize(cent)),
    ]
    for index, (text, amount) in enumerate(rows):
        _write(draw, (24, 236 + index * 28), text, 14, INK)
        _write(draw, (400, 236 + index * 28), f"{amount} €", 14, INK)
    total = sum(amount for _, amount in rows)
    draw.line((24, 330, 476, 330), fill=(200, 200, 200), width=1)
    _write(draw, (24, 342), "Total to pay", 17, INK)
    _write(draw, (390, 342), f"{total} €", 17, INK)
    _write(draw, (24, 620), "Sandbox Énergie SA · 1 rue du Test, 75000 Paris", 11, MUTED)
    return _png(image)


@dataclass(frozen=True)
class SandboxDocument:
    kind: str
    document_type: int
    draw: Callable[[str, Customer], bytes]

    @property
    def file_name(self) -> str:
        return f"{self.kind}.png"

    @property
    def label(self) -> str:
        return DocumentType(self.document_type).label


SANDBOX_DOCUMENTS = (
    SandboxDocument("passport", DocumentType.PASSPORT, draw_passport),
    SandboxDocument("proof-of-address", DocumentType.PROOF_OF_ADDRESS, draw_proof_of_address),
)


def document_ref(reference: str, document: SandboxDocument) -> str:
    return f"{reference}-{document.kind}"


def sandbox_document(reference: str, ref: str) -> FetchedDocument:
    """The file behind the provider's document reference ``ref`` of session ``reference``."""
    found = next((d for d in SANDBOX_DOCUMENTS if document_ref(reference, d) == ref), None)
    session = LivenessSession.objects.select_related("customer").filter(reference=reference).first()
    if found is None or session is None:
        raise UnknownDocument(f"the sandbox has no document {ref[:80]!r} for this session")
    content = found.draw(reference, session.customer)
    return FetchedDocument(file_name=found.file_name, content=content, document_type=int(found.document_type))


def _events(reference: str, steps: list[tuple[str, dict, str]], now: datetime | None) -> list[dict]:
    """The steps as webhook bodies, in order, a millisecond apart, the last one now."""
    now = now or timezone.now()
    return [
        {
            "eventId": event_id,
            "eventType": event_type,
            "occurredAt": (now - timedelta(milliseconds=len(steps) - 1 - index)).isoformat(),
            "object": {"identification-id": reference, **obj},
        }
        for index, (event_type, obj, event_id) in enumerate(steps)
    ]


def outcome_events(reference: str, *, passed: bool, now: datetime | None = None) -> list[dict]:
    """The webhooks a provider sends once the customer finished (seed 002 steps 5 and 6): the
    check's result, no document yet."""
    steps = [
        (webhooks.KYCLIVENESS_CREATE, {"kyc-status": "processing", "score": -1}, f"evt_{uuid.uuid4().hex}"),
        (
            webhooks.KYCLIVENESS_UPDATE,
            {"kyc-status": "processed", "score": 1 if passed else 0},
            f"evt_{uuid.uuid4().hex}",
        ),
    ]
    return _events(reference, steps, now)


def document_events(reference: str, *, now: datetime | None = None) -> list[dict]:
    """The ``document.create`` webhooks sent once the documents are asked for (seed 002 step 8).
    Their ids are the same each time: sent again (a retry), they are recognised as replays."""
    steps = [
        (
            webhooks.DOCUMENT_CREATE,
            {
                "documentId": document_ref(reference, document),
                "documentTypeId": int(document.document_type),
                "fileName": document.file_name,
            },
            f"evt_{document_ref(reference, document)}"[:64],
        )
        for document in SANDBOX_DOCUMENTS
    ]
    return _events(reference, steps, now)


@dataclass(frozen=True)
class Delivery:
    event_type: str
    status: int | None  # None: no answer at all
    answer: str

    @property
    def accepted(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def deliver(url: str, event: dict, *, timeout: float = 10) -> Delivery:
    """POST one signed event to the webhook ``url``, as the provider would."""
    if not url.startswith(("http://", "https://")):
        raise ValueError("The webhook URL must be http or https.")
    body = json.dumps(event).encode()
    headers = {"Content-Type": "application/json", **webhooks.signed_headers(body)}
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 (scheme checked)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked)
            return Delivery(event["eventType"], response.status, response.read(500).decode(errors="replace"))
    except urllib.error.HTTPError as error:
        return Delivery(event["eventType"], error.code, error.read(500).decode(errors="replace"))
    except (urllib.error.URLError, OSError) as error:
        return Delivery(event["eventType"], None, str(getattr(error, "reason", error)))


def _send_in_order(webhook_url: str, events: list[dict]) -> list[Delivery]:
    """Send the events in order; stop at the first one not accepted."""
    deliveries = []
    for event in events:
        deliveries.append(deliver(webhook_url, event))
        if not deliveries[-1].accepted:
            break
    return deliveries


def send_outcome(reference: str, webhook_url: str, *, passed: bool) -> list[Delivery]:
    """The check's result: ``kycliveness.create`` then ``kycliveness.update``."""
    return _send_in_order(webhook_url, outcome_events(reference, passed=passed))


def send_documents(reference: str, webhook_url: str) -> list[Delivery]:
    """The documents, asked for once the review was requested: one ``document.create`` each."""
    return _send_in_order(webhook_url, document_events(reference))
