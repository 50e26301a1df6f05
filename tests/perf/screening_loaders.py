"""The watchlist loaders on big files: parse time and peak memory per format.

    .venv/bin/python tests/perf/screening_loaders.py [entities]

Writes one file per format of ``entities`` subjects (default 50,000) in
``/tmp/screening_loaders_perf/`` (the fixtures of tests/screening/fixtures repeated, each
subject with an id of its own; the FtM file has a Sanction line per person and an Address line
besides), then parses each in a fresh Python process (Django set up, as in the app) and prints
the records, the time, the process's resident memory before parsing and its peak
(``resource.getrusage``): a streaming parser's peak stays near its baseline whatever the size.
"""

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "screening" / "fixtures"
OUT = Path(tempfile.gettempdir()) / "screening_loaders_perf"
FILES = {
    "ftm": "ftm_big.ftm.json",
    "eu-fsf": "eu_fsf_big.xml",
    "un": "un_big.xml",
    "ofac-sdn": "ofac_sdn_big.xml",
}


def _blocks(text: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}[ >].*?</{tag}>", text, flags=re.S)


def _write_xml(path: Path, text: str, first: str, last: str, blocks: list[str], count: int, ids: re.Pattern) -> None:
    start, end = text.index(first), text.rindex(last) + len(last)
    with open(path, "w", encoding="utf-8") as out:
        out.write(text[:start])
        for index in range(count):
            block = blocks[index % len(blocks)]
            out.write(ids.sub(rf"\g<1>{index}\g<2>", block))
            out.write("\n    ")
        out.write(text[end:])


def generate(count: int) -> None:
    OUT.mkdir(exist_ok=True)

    eu = (FIXTURES / "eu_fsf_1_1.xml").read_text(encoding="utf-8")
    blocks = _blocks(eu, "sanctionEntity")
    _write_xml(
        OUT / FILES["eu-fsf"],
        eu,
        blocks[0],
        blocks[-1],
        blocks,
        count,
        re.compile(r'(euReferenceNumber="EU\.)[^"]*(")'),
    )

    ofac = (FIXTURES / "ofac_sdn.xml").read_text(encoding="utf-8")
    blocks = _blocks(ofac, "sdnEntry")
    _write_xml(
        OUT / FILES["ofac-sdn"],
        ofac,
        blocks[0],
        blocks[-1],
        blocks,
        count,
        re.compile(r"(<sdnEntry>\s*<uid>)\d+(</uid>)"),
    )

    un = (FIXTURES / "un_consolidated.xml").read_text(encoding="utf-8")
    individuals, entities = _blocks(un, "INDIVIDUAL"), _blocks(un, "ENTITY")
    ids = re.compile(r"(<REFERENCE_NUMBER>)[^<]*(</REFERENCE_NUMBER>)")
    with open(OUT / FILES["un"], "w", encoding="utf-8") as out:
        out.write(un[: un.index(individuals[0])])
        for index in range(count * 2 // 3):
            out.write(ids.sub(rf"\g<1>QDi.{index}\g<2>", individuals[index % 2]) + "\n    ")
        out.write("</INDIVIDUALS>\n  <ENTITIES>\n    ")
        for index in range(count - count * 2 // 3):
            out.write(ids.sub(rf"\g<1>QDe.{index}\g<2>", entities[0]) + "\n    ")
        out.write(un[un.rindex("</ENTITIES>") :])

    lines = (FIXTURES / "ftm_entities.ftm.json").read_text(encoding="utf-8").splitlines()
    with open(OUT / FILES["ftm"], "w", encoding="utf-8") as out:
        for index in range(count // 3 + 1):
            for line in lines:
                out.write(re.sub(r'"(NK-test-[a-z]+-1|eu-fsf-sanc-1|addr-test-1)"', rf'"\1-{index}"', line) + "\n")


def parse(format_name: str, path: str) -> None:
    """In a process of its own: parse one file and print one line."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
    import django

    django.setup()
    from screening.loaders import FORMATS, publication_date

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    published = publication_date(format_name, path)
    records = names = 0
    with open(path, "rb") as stream:
        for record in FORMATS[format_name](stream):
            records += 1
            names += len(record.names)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = os.path.getsize(path) / 1024 / 1024
    print(
        f"{format_name:9} {size:6.1f} MiB  {records:6d} records {names:7d} names  {elapsed:6.2f} s "
        f"({records / elapsed:7.0f}/s)  RSS before {baseline:5.0f} MiB, peak {peak:5.0f} MiB "
        f"(+{peak - baseline:.0f})  published {published or '-'}"
    )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    started = time.perf_counter()
    generate(count)
    print(f"{count:,} subjects a format written to {OUT} in {time.perf_counter() - started:.1f} s")
    for format_name, name in FILES.items():
        subprocess.run([sys.executable, __file__, "--parse", format_name, str(OUT / name)], check=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--parse":
        parse(sys.argv[2], sys.argv[3])
    else:
        main()
