"""The panel's own help (issue 21, Crassula's "Help: access the current page right from the Admin
Panel"): one Markdown page per screen in ``docs/help/<slug>.md``, rendered in the panel.

A view names its page (``help_page = "persons"``); the shell's context gives the page header its
URL (``help_url_of``), so no template writes a help link by hand. The Markdown is rendered with
raw HTML off (markdown-it-py's ``html: False``: a ``<script>`` in a page shows as text) and its
links checked by the parser (no ``javascript:``). The pages are read and rendered once per
process: they ship with the code and change only with a deployment.

A page starts with its title (``# Persons``) and a paragraph that says what the screen is for
(the index shows it); a heading may name its anchor (``## Accounts {#accounts}``), so the
profile's Help link lands on the section of the tab on screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.text import slugify
from markdown_it import MarkdownIt

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ANCHOR = re.compile(r"\s*\{#([a-z0-9][a-z0-9-]*)\}\s*$")

# The index's sections, in the order of the sidebar; a page not named here is listed under "More".
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Customers", ("customers", "persons", "companies", "onboarding", "profile")),
    ("What customers hold", ("accounts", "cards", "transactions", "exports")),
    ("KYC", ("kyc-prereview", "kyc-reviews", "identification-requests", "kyc-forms")),
    ("Compliance", ("restricted-customers", "limit-packs", "price-lists", "screening", "watchlists")),
    ("Work", ("work", "work-targets")),
    ("Lists and views", ("saved-views",)),
    (
        "Administration",
        ("approvals", "four-eyes-rules", "audit-log", "staff", "panel-settings", "dictionaries"),
    ),
)


@dataclass(frozen=True)
class HelpPage:
    slug: str
    title: str
    summary: str  # the first paragraph, as plain text
    html: str


def help_dir() -> Path:
    return Path(getattr(settings, "HELP_DIR", settings.BASE_DIR / "docs" / "help"))


def _renderer() -> MarkdownIt:
    # CommonMark with tables; "html": False escapes raw HTML instead of passing it through.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def render(text: str) -> tuple[str, str, str]:
    """``text`` as (title, first paragraph as plain text, HTML without the title)."""
    md = _renderer()
    tokens = md.parse(text)
    title, summary, kept, skip_title = "", "", [], False
    used: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            if token.tag == "h1" and not title:
                title, skip_title = inline.content.strip(), True
                continue
            anchor = _ANCHOR.search(inline.content)
            if anchor:
                name = anchor.group(1)
                inline.content = _ANCHOR.sub("", inline.content)
                if inline.children:
                    last = inline.children[-1]
                    last.content = _ANCHOR.sub("", last.content)
            else:
                name = slugify(inline.content) or "section"
            while name in used:
                name += "-1"
            used.add(name)
            token.attrSet("id", name)
        elif token.type == "paragraph_open" and not summary and title:
            summary = tokens[index + 1].content.replace("\n", " ").strip()
        if skip_title:
            if token.type == "heading_close":
                skip_title = False
            continue
        kept.append(token)
    html = md.renderer.render(kept, md.options, {})
    # Tables read as the panel's tables.
    html = html.replace("<table>", '<table class="table table-sm align-top">')
    return title, _plain(summary), html


def _plain(markdown: str) -> str:
    """A paragraph's Markdown as the index shows it: the emphasis and code marks dropped."""
    return re.sub(r"[*_`]", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown))


@cache
def help_pages() -> dict[str, HelpPage]:
    """Every page of ``docs/help``, by slug (read and rendered once per process)."""
    pages = {}
    for path in sorted(help_dir().glob("*.md")):
        if not SLUG.match(path.stem):
            continue
        title, summary, html = render(path.read_text(encoding="utf-8"))
        pages[path.stem] = HelpPage(slug=path.stem, title=title or path.stem, summary=summary, html=html)
    return pages


def help_page(slug: str) -> HelpPage | None:
    return help_pages().get(slug) if SLUG.match(slug or "") else None


def sections(user) -> list[tuple[str, list[HelpPage]]]:
    """The index: each section's pages that exist and ``user`` may read, then the pages no
    section names."""
    pages = {slug: page for slug, page in help_pages().items() if may_read(user, slug)}
    listed: set[str] = set()
    found: list[tuple[str, list[HelpPage]]] = []
    for label, slugs in SECTIONS:
        present = [pages[slug] for slug in slugs if slug in pages]
        listed.update(slugs)
        if present:
            found.append((label, present))
    rest = [page for slug, page in pages.items() if slug not in listed]
    if rest:
        found.append(("More", rest))
    return found


# Pages no screen declares, and who reads them.
READERS_OF_UNDECLARED: dict[str, tuple] = {}


@cache
def _screens() -> dict[str, list]:
    """Each help page's readers: what the views that declare it (``help_page``) require, read off
    the URLs once. A page is for those who may open one of its screens: reading it tells no one
    about a screen (a freeze, a restriction) their role never opens."""
    from django.urls import URLPattern, URLResolver, get_resolver

    readers: dict[str, list] = {}

    def walk(patterns) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "view_class", pattern.callback)
                slug = getattr(view, "help_page", "")
                if slug:
                    readers.setdefault(slug, []).append(getattr(view, "permission_required", None))

    walk(get_resolver().url_patterns)
    return readers


def may_read(user, slug: str) -> bool:
    """Whether ``user`` may read help page ``slug``: they may open one of the screens it is about
    (a page no screen declares: everyone, unless ``READERS_OF_UNDECLARED`` names who)."""
    from .access import ANY_STAFF, has_access

    required = _screens().get(slug) or [READERS_OF_UNDECLARED.get(slug, ANY_STAFF)]
    return any(need is not None and has_access(user, need) for need in required)


def help_page_of_view(request) -> str:
    """The help page the view answering ``request`` declares (``help_page``), or ""."""
    match = getattr(request, "resolver_match", None)
    view_class = getattr(getattr(match, "func", None), "view_class", None)
    return getattr(view_class, "help_page", "") or ""


def help_url_of(request) -> str:
    """The URL of the help page of the page on screen ("" when it has none)."""
    slug = help_page_of_view(request)
    if not slug or help_page(slug) is None or not may_read(request.user, slug):
        return ""
    return reverse("help-page", args=[slug])
