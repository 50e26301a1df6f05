"""The watchlist loaders (screening.loaders): every field of every record of each format's
fixtures (the research brief's exact examples, plus an edge file each), the publication dates,
and a MalformedList with its message for each way a file can be broken."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import pytest

from screening.loaders import FORMATS, publication_date
from screening.loaders._common import country_codes, iso_prefix, year_range
from screening.loaders.ofac_sdn import birth_dates
from screening.models import ListSource
from screening.records import ORGANISATION, PERSON, VESSEL, ListedName, ListedRecord, MalformedList

FIXTURES = Path(__file__).parent / "fixtures"


def load(format_name: str, fixture: str) -> list[ListedRecord]:
    with open(FIXTURES / fixture, "rb") as stream:
        return list(FORMATS[format_name](stream))


def strong(*names: str) -> list[ListedName]:
    return [ListedName(name) for name in names]


def weak(*names: str) -> list[ListedName]:
    return [ListedName(name, weak=True) for name in names]


def test_every_list_source_has_its_loader():
    assert list(FORMATS) == ["ftm", "eu-fsf", "un", "ofac-sdn"] == list(ListSource.values)


# --- OpenSanctions FollowTheMoney JSON lines ---------------------------------------------------


def test_ftm_targets_with_their_sanction():
    assert load("ftm", "ftm_entities.ftm.json") == [
        ListedRecord(
            source_id="NK-test-person-1",
            kind=PERSON,
            names=strong("Ivan Petrovich SIDOROV", "Иван Петрович Сидоров", "Ivan Sidorov", "Iwan Sidorow")
            + weak("Vanya"),
            birth_dates=["1965-03-12", "1966"],
            nationalities=["RU"],
            countries=["RU"],
            programmes=["EU-UKR"],
            reason="2022/332 (OJ L53)",
            listed_on="2022-02-25",
        ),
        ListedRecord(
            source_id="NK-test-company-1",
            kind=ORGANISATION,
            names=strong(
                "Kowalski Budownictwo Sp. z o.o.",
                "KOWALSKI BUDOWNICTWO SPÓŁKA Z OGRANICZONĄ ODPOWIEDZIALNOŚCIĄ",
                "Kowalski Construction LLC",
            ),
            countries=["PL"],
            programmes=["EU-BLR"],
        ),
        ListedRecord(
            source_id="NK-test-org-1",
            kind=ORGANISATION,
            names=strong("Great Eastern Front", "Front der Kämpfer des Großen Ostens", "IBDA-C"),
            countries=["TR"],
        ),
    ]


def test_ftm_sanctions_before_their_target_vessels_and_what_is_skipped():
    """A Sanction line before its target still gives it its programme, reason and date; a
    non-target Person, an Airplane and an Address give nothing; a name is built from its parts;
    "suhh" is "SU", "zz" none, "ua-cri" Ukraine."""
    assert load("ftm", "ftm_edge.ftm.json") == [
        ListedRecord(
            source_id="vessel-1",
            kind=VESSEL,
            names=strong("OCEAN STAR", "SEA STAR"),
            countries=["MT"],
            programmes=["IRAN"],
            reason="Shipping Iranian oil",
            listed_on="2019-09-04",
        ),
        ListedRecord(
            source_id="person-2",
            kind=PERSON,
            names=strong("Pyotr Ivanovich Kuznetsov"),
            birth_dates=["1951", "1951-07"],
            nationalities=["SU", "RU"],
            countries=["UA"],
            programmes=["UA-SANCTIONS", "EU-UKR"],
            reason="Annexation of Crimea; Undermining Ukraine",
            listed_on="2014-07-30",
        ),
    ]


class _Pipe(io.RawIOBase):
    """A stream that cannot seek, as a download or a pipe."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_ftm_from_a_stream_that_cannot_seek():
    data = (FIXTURES / "ftm_entities.ftm.json").read_bytes()
    pipe = io.BufferedReader(_Pipe(data))
    assert not pipe.seekable()
    assert list(FORMATS["ftm"](pipe)) == load("ftm", "ftm_entities.ftm.json")


def test_ftm_a_line_that_is_not_json_fails_before_any_record():
    with open(FIXTURES / "ftm_malformed.ftm.json", "rb") as stream:
        records = FORMATS["ftm"](stream)
        with pytest.raises(MalformedList) as raised:
            next(records)
    assert str(raised.value) == "Line 3 is not JSON (Invalid control character at column 80)."


PERSON_LINE = '{"id": "p1", "schema": "Person", "properties": {"name": ["Ivan"]}, "target": true}'


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"\n  \n", "The file is empty."),
        (b"<sdnList/>\n", "Line 1 is not JSON (Expecting value at column 1)."),
        (f"{PERSON_LINE}\n[1, 2]\n".encode(), "Line 2 is not a JSON object (an FtM entity)."),
        (b'{"id": "p1", "properties": {}}\n', "Line 1 has no schema: it is not a FollowTheMoney entity."),
        (b'{"id": "p1", "schema": "Person", "properties": []}\n', "Line 1: its properties are not a JSON object."),
        (b'{"schema": "Person", "properties": {"name": ["Ivan"]}, "target": true}\n', "Line 1: the Person has no id."),
        (
            b'{"id": "p1", "schema": "Person", "properties": {"alias": []}, "target": true}\n',
            "Line 1: the Person p1 has no name.",
        ),
        (
            b'{"id": "p1", "schema": "Person", "properties": {"name": "Ivan"}, "target": true}\n',
            "Line 1: the property “name” is not a list of texts.",
        ),
        (
            b'{"id": "s1", "schema": "Sanction", "properties": {"entity": [{"id": "p1"}]}}\n',
            "Line 1: the property “entity” is not a list of texts "
            "(nested entities: load entities.ftm.json, not targets.nested.json).",
        ),
        (
            b'{"id": "p1", "schema": "Person", "properties": {"name": ["Iv\xe1n"]}}\n',
            "Line 1 is not JSON (not UTF-8 text).",
        ),
    ],
)
def test_ftm_malformed(content: bytes, message: str):
    with pytest.raises(MalformedList) as raised:
        list(FORMATS["ftm"](io.BytesIO(content)))
    assert str(raised.value) == message


# --- EU Financial Sanctions File 1.1 -----------------------------------------------------------


def test_eu_fsf_subjects():
    assert load("eu-fsf", "eu_fsf_1_1.xml") == [
        ListedRecord(
            source_id="EU.1001.11",
            kind=PERSON,
            names=strong("Ivan Petrovich SIDOROV", "Иван Петрович СИДОРОВ") + weak("Iwan Sidorow"),
            birth_dates=["1965-03-12", "1966"],
            nationalities=["RU"],
            countries=["RU"],
            programmes=["UKR"],
            reason="2022/332 (OJ L53)",
            listed_on="2022-02-25",
        ),
        ListedRecord(
            source_id="EU.2002.22",
            kind=ORGANISATION,
            names=strong("Kowalski Budownictwo Sp. z o.o.", "Kowalski Construction LLC"),
            countries=["PL"],
            programmes=["BLR"],
            reason="2024/1865 (OJ L)",
            listed_on="2024-06-24",
        ),
    ]


def test_eu_fsf_edges():
    """logicalId without a reference number; a name from its parts, a repeated and an empty one; a
    "low quality" remark makes an alias weak; "00"/"UNKNOWN" are no country, "SOVIET UNION" is
    "SU", CRIMEA is Ukraine, "CS" described as SERBIA is Serbia; a partial date, a year range,
    every regulation, the earliest publication without a designation date."""
    assert load("eu-fsf", "eu_fsf_edge.xml") == [
        ListedRecord(
            source_id="123456",
            kind=PERSON,
            names=strong("Pyotr Ivanovich KUZNETSOV") + weak("Petya"),
            birth_dates=["1951-07", "1950", "1951", "1952", "1951-07-31"],
            nationalities=["SU", "UA"],
            countries=["UA"],
            programmes=["UKR", "RUS"],
            reason="2014/269 (OJ L137); 2022/332 (OJ L53); 2024/1 (OJ L)",
            listed_on="2014-05-12",
        ),
        ListedRecord(
            source_id="EU.3.33",
            kind=ORGANISATION,
            names=weak("Ocean Shipping Ltd"),
            countries=["RS"],
            listed_on="2020-10-15",
        ),
    ]


def eu(body: str) -> bytes:
    return f'<export xmlns="http://eu.europa.ec/fpi/fsd/export">\n{body}\n</export>'.encode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            (FIXTURES / "ofac_sdn.xml").read_bytes(),
            "This is not an EU Financial Sanctions File: its root element is <sdnList>. It looks like OFAC's SDN list.",
        ),
        (b"", "The file is empty."),
        (b'{"id": "x"}\n', "The file is not well-formed XML: Start tag expected, '<' not found, line 1, column 1"),
        (
            eu('<sanctionEntity><subjectType code="person"/><nameAlias wholeName="A"/></sanctionEntity>'),
            "The <sanctionEntity> (line 2) has no euReferenceNumber nor logicalId.",
        ),
        (
            eu('<sanctionEntity euReferenceNumber="EU.1.1"><subjectType code="person"/></sanctionEntity>'),
            "The <sanctionEntity> EU.1.1 (line 2) has no name.",
        ),
        (
            eu('<sanctionEntity logicalId="7"><subjectType code="vessel"/><nameAlias wholeName="A"/></sanctionEntity>'),
            "The <sanctionEntity> 7 (line 2) has an unknown subjectType “vessel”.",
        ),
        (
            eu('<sanctionEntity logicalId="7"><nameAlias wholeName="A"/></sanctionEntity>'),
            "The <sanctionEntity> 7 (line 2) has no subjectType.",
        ),
    ],
)
def test_eu_fsf_malformed(content: bytes, message: str):
    with pytest.raises(MalformedList) as raised:
        list(FORMATS["eu-fsf"](io.BytesIO(content)))
    assert str(raised.value) == message


def test_eu_fsf_truncated_after_a_record():
    """The records before the break are yielded, then MalformedList: the load is one transaction."""
    records: list[ListedRecord] = []
    with open(FIXTURES / "eu_fsf_malformed.xml", "rb") as stream, pytest.raises(MalformedList) as raised:
        records.extend(FORMATS["eu-fsf"](stream))
    assert [record.source_id for record in records] == ["EU.1001.11"]
    assert str(raised.value) == (
        "The file is not well-formed XML: Premature end of data in tag publicationUrl line 25, line 25, column 63"
    )


# --- UN Security Council consolidated list -----------------------------------------------------


def test_un_individuals_and_entities():
    assert load("un", "un_consolidated.xml") == [
        ListedRecord(
            source_id="QDi.999",
            kind=PERSON,
            # "Abdul Hakim Murad" is "ABDUL HAKIM MURAD" again, whatever its case
            names=strong("ABDUL HAKIM MURAD", "عبد الحكيم مراد", "Murad, Abdul Hakim Hasim", "Abd al-Hakim Murad")
            + weak("Saeed Akman"),
            birth_dates=["1968-04-11", "1966", "1965", "1967", "1968", "1969"],
            nationalities=["PK", "AF"],
            countries=["PK"],
            programmes=["Al-Qaida"],
            reason="Test record (fixture).",
            listed_on="2001-01-25",
        ),
        ListedRecord(
            source_id="KPi.999",
            kind=PERSON,
            names=strong("RI WON HO", "리원호"),
            birth_dates=["1964-07-17"],
            nationalities=["KP"],
            programmes=["DPRK"],
            listed_on="2016-11-30",
        ),
        ListedRecord(
            source_id="QDe.999",
            kind=ORGANISATION,
            names=strong("AL-RASHID TRUST", "Al-Rasheed Trust", "Al Rashid Foundation"),
            countries=["PK"],
            programmes=["Al-Qaida"],
            reason="Test record (fixture).",
            listed_on="2001-10-06",
        ),
    ]


def test_un_edges():
    """DATAID without a reference number; time zone suffixes; "Sudan/South Sudan" is both,
    "(as at Dec. 2003)" is ignored; aliases split on ";" with or without a space; a birth-year
    range wider than 20 years keeps its ends."""
    assert load("un", "un_edge.xml") == [
        ListedRecord(
            source_id="6908555",
            kind=PERSON,
            names=strong("ERIC BADEGE", "Erik Badege") + weak("Badege"),
            birth_dates=["1971-01-01", "1900", "1990"],
            nationalities=["SD", "SS", "ID"],
            countries=["CD"],
            programmes=["DRC"],
            listed_on="2012-12-31",
        ),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            (FIXTURES / "eu_fsf_1_1.xml").read_bytes(),
            "This is not a UN Security Council consolidated list: its root element is <export>. "
            "It looks like an EU Financial Sanctions File.",
        ),
        (
            b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>A</FIRST_NAME></INDIVIDUAL></INDIVIDUALS>"
            b"</CONSOLIDATED_LIST>",
            "The <INDIVIDUAL> (line 1) has no REFERENCE_NUMBER nor DATAID.",
        ),
        (
            b"<CONSOLIDATED_LIST><ENTITIES>\n<ENTITY><REFERENCE_NUMBER>QDe.1</REFERENCE_NUMBER>",
            "The file is not well-formed XML: Premature end of data in tag ENTITY line 2, line 2, column 51",
        ),
    ],
)
def test_un_malformed(content: bytes, message: str):
    with pytest.raises(MalformedList) as raised:
        list(FORMATS["un"](io.BytesIO(content)))
    assert str(raised.value) == message


def test_un_a_subject_without_a_name():
    records: list[ListedRecord] = []
    with open(FIXTURES / "un_malformed.xml", "rb") as stream, pytest.raises(MalformedList) as raised:
        records.extend(FORMATS["un"](stream))
    assert [record.source_id for record in records] == ["QDi.999"]
    assert str(raised.value) == "The <INDIVIDUAL> QDi.998 (line 9) has no name."


# --- OFAC SDN, classic SDN.XML -----------------------------------------------------------------


def test_ofac_sdn_entries():
    assert load("ofac-sdn", "ofac_sdn.xml") == [
        ListedRecord(
            source_id="990001",
            kind=PERSON,
            names=strong("Ivan Petrovich SIDOROV", "Ivan SIDOROV") + weak("VANYA"),
            birth_dates=["1965-03-12", "1966"],
            nationalities=["RU"],
            countries=["RU"],
            programmes=["RUSSIA-EO14024", "UKRAINE-EO13661"],
            reason="Fixture record.",
        ),
        ListedRecord(
            source_id="990002",
            kind=ORGANISATION,
            names=strong("KOWALSKI BUDOWNICTWO SP. Z O.O.", "KOWALSKI CONSTRUCTION LLC", "KOWALSKI I SYNOWIE SP. J."),
            countries=["PL"],
            programmes=["RUSSIA-EO14024"],
        ),
        ListedRecord(
            source_id="990003", kind=VESSEL, names=strong("OCEAN STAR"), countries=["MT"], programmes=["IRAN"]
        ),
    ]


def test_ofac_sdn_edges():
    """The pre-2024 namespace; an Aircraft is skipped; an aka without a category is strong;
    "Korea, North" and "Soviet Union"; free-text dates of birth."""
    assert load("ofac-sdn", "ofac_sdn_edge.xml") == [
        ListedRecord(
            source_id="36",
            kind=ORGANISATION,
            names=strong("AEROCARIBBEAN AIRLINES"),
            countries=["CU"],
            programmes=["CUBA"],
        ),
        ListedRecord(
            source_id="7002",
            kind=PERSON,
            names=[ListedName("Kim PAK"), ListedName("Kim Il PAK", weak=True), ListedName("Kim PARK")],
            birth_dates=["1951", "1952-03", "1953", "1954", "1955", "1950-06-05"],
            nationalities=["KP", "SU"],
            programmes=["DPRK"],
        ),
    ]


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("12 Mar 1965", ["1965-03-12"]),
        ("07 Oct 1952", ["1952-10-07"]),
        ("1980", ["1980"]),
        ("circa 1951", ["1951"]),
        ("Mar 1965", ["1965-03"]),
        ("1960 to 1962", ["1960", "1961", "1962"]),
        ("1960 - 1962", ["1960", "1961", "1962"]),
        ("1965-03-12", ["1965-03-12"]),
        ("31 Feb 1965", ["1965-02"]),
        ("unknown", []),
        ("", []),
    ],
)
def test_ofac_free_text_dates_of_birth(text: str, dates: list[str]):
    assert birth_dates(text) == dates


def sdn(entry: str) -> bytes:
    return f'<sdnList xmlns="https://example.org/any">\n<sdnEntry>{entry}</sdnEntry>\n</sdnList>'.encode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'<?xml version="1.0"?>\n<Sanctions xmlns="http://www.un.org/sanctions/1.0"><DateOfIssue/></Sanctions>',
            "This is not an OFAC SDN list (classic SDN.XML): its root element is <Sanctions>. "
            "It looks like OFAC's advanced format (SDN_ADVANCED.XML): load the classic SDN.XML.",
        ),
        (
            b"<sanctionsData/>",
            "This is not an OFAC SDN list (classic SDN.XML): its root element is <sanctionsData>. "
            "It looks like OFAC's enhanced format (SDN_ENHANCED.XML): load the classic SDN.XML.",
        ),
        (b"   \n", "The file is empty."),
        (sdn("<lastName>X</lastName><sdnType>Entity</sdnType>"), "The <sdnEntry> (line 2) has no uid."),
        (sdn("<uid>5</uid><sdnType>Entity</sdnType>"), "The <sdnEntry> 5 (line 2) has no name."),
        (sdn("<uid>5</uid><lastName>X</lastName>"), "The <sdnEntry> 5 (line 2) has no sdnType."),
        (
            sdn("<uid>5</uid><lastName>X</lastName><sdnType>Spaceship</sdnType>"),
            "The <sdnEntry> 5 (line 2) has an unknown sdnType “Spaceship”.",
        ),
    ],
)
def test_ofac_sdn_malformed(content: bytes, message: str):
    with pytest.raises(MalformedList) as raised:
        list(FORMATS["ofac-sdn"](io.BytesIO(content)))
    assert str(raised.value) == message


def test_ofac_sdn_truncated():
    records: list[ListedRecord] = []
    with open(FIXTURES / "ofac_sdn_malformed.xml", "rb") as stream, pytest.raises(MalformedList) as raised:
        records.extend(FORMATS["ofac-sdn"](stream))
    assert [record.source_id for record in records] == ["990001"]
    assert (
        str(raised.value)
        == "The file is not well-formed XML: Couldn't find end of Start Tag programLis, line 86, column 16"
    )


def test_xml_entities_are_never_resolved(tmp_path: Path):
    """No XXE: an external entity is neither read nor fetched, an internal one not expanded."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    content = f"""<?xml version="1.0"?>
<!DOCTYPE sdnList [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY lol "lol">]>
<sdnList><sdnEntry><uid>1</uid><lastName>SIDOROV &xxe;&lol;</lastName><sdnType>Individual</sdnType>
<remarks>&xxe;</remarks></sdnEntry></sdnList>""".encode()
    assert list(FORMATS["ofac-sdn"](io.BytesIO(content))) == [
        ListedRecord(source_id="1", kind=PERSON, names=strong("SIDOROV"))
    ]


# --- Publication dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("format_name", "fixture", "date"),
    [
        ("ftm", "ftm_entities.ftm.json", ""),
        ("eu-fsf", "eu_fsf_1_1.xml", "2026-10-01"),
        ("eu-fsf", "eu_fsf_edge.xml", "2025-01-31"),
        ("un", "un_consolidated.xml", "2026-10-01"),
        ("un", "un_edge.xml", "2025-12-31"),
        ("ofac-sdn", "ofac_sdn.xml", "2026-09-30"),
        ("ofac-sdn", "ofac_sdn_edge.xml", "2024-01-02"),
        ("ofac-sdn", "ofac_sdn_malformed.xml", "2026-09-30"),  # only the head is read
    ],
)
def test_publication_date(format_name: str, fixture: str, date: str):
    assert publication_date(format_name, FIXTURES / fixture) == date
    assert publication_date(format_name, str(FIXTURES / fixture)) == date


def test_publication_date_from_a_stream_puts_it_back():
    with open(FIXTURES / "ofac_sdn.xml", "rb") as stream:
        assert publication_date("ofac-sdn", stream) == "2026-09-30"
        assert stream.tell() == 0
        assert [record.source_id for record in FORMATS["ofac-sdn"](stream)] == ["990001", "990002", "990003"]


@pytest.mark.parametrize(
    ("format_name", "content", "date"),
    [
        ("ofac-sdn", b"<sdnList><publshInformation><Record_Count>0</Record_Count></publshInformation></sdnList>", ""),
        (
            "ofac-sdn",
            b"<sdnList><sdnEntry><uid>1</uid></sdnEntry><Publish_Date>01/02/2024</Publish_Date></sdnList>",
            "",
        ),
        (
            "ofac-sdn",
            b"<sdnList><publshInformation><Publish_Date>2024-13-45</Publish_Date></publshInformation>",
            "2024",
        ),
        ("eu-fsf", b"<export/>", ""),
        ("un", b'<CONSOLIDATED_LIST dateGenerated="soon"/>', ""),
    ],
)
def test_publication_date_missing_or_odd(format_name: str, content: bytes, date: str):
    assert publication_date(format_name, io.BytesIO(content)) == date


def test_publication_date_of_the_wrong_format_or_an_unknown_one():
    with pytest.raises(MalformedList) as raised:
        publication_date("un", FIXTURES / "ofac_sdn.xml")
    assert str(raised.value) == (
        "This is not a UN Security Council consolidated list: its root element is <sdnList>. "
        "It looks like OFAC's SDN list."
    )
    with pytest.raises(ValueError, match="Unknown list format 'csv'"):
        publication_date("csv", FIXTURES / "ofac_sdn.xml")


# --- Shared values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("RU", ("RU",)),
        ("ru", ("RU",)),
        ("Russia", ("RU",)),
        ("RUSSIAN FEDERATION", ("RU",)),
        ("Iran (Islamic Republic of)", ("IR",)),
        ("Pakistani", ("PK",)),
        ("Democratic People's Republic of Korea", ("KP",)),
        ("Türkiye", ("TR",)),
        ("Soviet Union", ("SU",)),
        ("suhh", ("SU",)),
        ("Yugoslavia", ("YU",)),
        ("ua-cri", ("UA",)),
        ("Kosovo", ("XK",)),
        ("Sudan/South Sudan", ("SD", "SS")),
        ("Indonesia (as at Dec. 2003)", ("ID",)),
        ("00", ()),
        ("UNKNOWN", ()),
        ("zz", ()),
        ("eu", ()),
        ("Atlantis", ()),
        ("", ()),
        (None, ()),
    ],
)
def test_country_codes(text: str | None, codes: tuple[str, ...]):
    assert country_codes(text) == codes


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("1965-03-12", "1965-03-12"),
        ("2015-07-01-04:00", "2015-07-01"),
        ("2026-10-01T09:00:00.000+02:00", "2026-10-01"),
        ("1965-03", "1965-03"),
        ("1965", "1965"),
        ("1965-02-30", "1965-02"),
        ("1965-13-01", "1965"),
        ("19650312", ""),
        ("0000", ""),
        ("circa 1965", ""),
        (None, ""),
    ],
)
def test_iso_prefix(text: str | None, date: str):
    assert iso_prefix(text) == date


def test_year_range():
    assert year_range("1969", "1965") == ["1965", "1966", "1967", "1968", "1969"]
    assert year_range("1965", "") == ["1965"]
    assert year_range("1900", "1990") == ["1900", "1990"]
    assert year_range(None, None) == []


@pytest.mark.parametrize(
    ("format_name", "fixture"),
    [
        ("ftm", "ftm_entities.ftm.json"),
        ("ftm", "ftm_edge.ftm.json"),
        ("eu-fsf", "eu_fsf_1_1.xml"),
        ("eu-fsf", "eu_fsf_edge.xml"),
        ("un", "un_consolidated.xml"),
        ("un", "un_edge.xml"),
        ("ofac-sdn", "ofac_sdn.xml"),
        ("ofac-sdn", "ofac_sdn_edge.xml"),
    ],
)
def test_a_file_cut_anywhere_raises_only_malformed_list(format_name: str, fixture: str):
    """Nothing but MalformedList escapes (no lxml, JSON or Unicode error), wherever the file ends."""
    data = (FIXTURES / fixture).read_bytes()
    for end in range(0, len(data), 41):
        for read in (
            lambda content: list(FORMATS[format_name](io.BytesIO(content))),
            lambda content: publication_date(format_name, io.BytesIO(content)),
        ):
            with contextlib.suppress(MalformedList):
                read(data[:end])
