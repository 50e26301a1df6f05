"""What a watchlist says about one listed subject, whatever the format it came in: the loaders
(``screening.loaders``) turn each published format into these, and the load stores them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

PERSON, ORGANISATION, VESSEL = "person", "organisation", "vessel"


@dataclass(frozen=True)
class ListedName:
    name: str
    weak: bool = False  # a low-quality alias (OFAC "weak", UN "Low", EU strong="false")


@dataclass
class ListedRecord:
    """One subject of a list. Dates are ISO text, whole ("1965-03-12") or partial ("1965",
    "1965-03"); countries ISO 3166 alpha-2 codes, upper case."""

    source_id: str  # the list's own id (EU reference number, UN reference number, OFAC uid, FtM id)
    kind: str  # PERSON, ORGANISATION or VESSEL
    names: list[ListedName] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    reason: str = ""
    listed_on: str = ""

    @property
    def caption(self) -> str:
        strong = [name.name for name in self.names if not name.weak]
        return (strong or [name.name for name in self.names] or [self.source_id])[0]

    def fingerprint(self) -> str:
        """SHA-256 of what the record says: a later version changed the subject when it differs."""
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class MalformedList(Exception):
    """The file is not the format it was said to be, or is broken: nothing of it is loaded."""
