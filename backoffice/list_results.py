"""A list's results (the counts line, the Columns menu, the export buttons, the table and the
pager), written in Python: htmx sends them back on every sort, page and filter change, and the
templates they were (``_list_results.html``, ``_list_pager.html``, ``_list_columns.html``) cost
some 3,900 Python calls of the 25,000 such an answer took (issue 17). The markup is theirs,
checked against them in ``tests/backoffice/test_list_results_markup.py``; the rare parts (a
message, the filters sent back with their errors) still come from their templates.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from django.contrib.messages import get_messages
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.safestring import SafeString, mark_safe

from .markup import escape, grouped, text
from .pagination import Page
from .tables import column_choice_items

_DISABLED = 'class="btn btn-outline-secondary btn-sm disabled" role="link" aria-disabled="true"'


def list_results(context) -> SafeString:
    """``generic/_list_results.html`` as it was, from a list page's template context."""
    request, page, table = context["request"], context["page"], context["table"]
    query, headers = context["query"], context["headers"]
    target = escape(context["results_target"])
    # The page's own token when the shell has one (each masking costs some 500 Python calls).
    token = context.get("csrf_token") or get_token(request)
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'
    query_string = escape(urlencode(query, doseq=True))
    parts = [
        f'<div id="{target}" class="card list-results" hx-target="#{target}" hx-swap="outerHTML" '
        f'hx-push-url="true"><input type="hidden" id="list-sort" name="sort" value="{escape(_first(query, "sort"))}">',
    ]
    if request.htmx and get_messages(request):
        parts.append(render_to_string("partials/messages.html", {"messages": get_messages(request)}))
    parts.append(
        '<div class="card-header d-flex flex-wrap align-items-center justify-content-between gap-2 bg-body">'
        f'<span class="small text-body-secondary" aria-live="polite"> {_rows_line(page)}'
    )
    if context.get("is_filtered"):
        parts.append(' <span class="badge text-bg-light border ms-1">filtered</span>')
    zone = timezone.get_current_timezone()
    abbreviation = dateformat.format(datetime.now(tz=zone), "T")
    parts.append(
        f' <span class="ms-1">· times in {escape(abbreviation)} ({escape(timezone.get_current_timezone_name())})'
        '</span> </span><div class="d-flex flex-wrap gap-2">'
    )
    bulk = context.get("bulk")
    if bulk and page.object_list:
        parts.append(_bulk_menu(bulk, page))
    if context.get("column_choices"):
        parts.append(_columns_menu(context["column_choices"], query_string, csrf))
        if context.get("savable"):
            parts.append(_save_view_menu(context.get("share_roles", ()), query_string, csrf))
    export_formats = context.get("export_formats")
    if export_formats and page.object_list:
        buttons = " ".join(
            f'<button type="submit" name="export" value="{escape(fmt)}" class="btn btn-outline-secondary btn-sm">'
            f'<i class="bi bi-download" aria-hidden="true"></i> Export {escape(fmt.upper())}</button>'
            for fmt in export_formats
        )
        parts.append(
            f'<form method="post" action="?{query_string}" class="d-flex gap-2" aria-label="Export">'
            f"{csrf} {buttons}</form>"
        )
    parts.append("</div></div>")
    for notice in page.notices:
        parts.append(
            '<div class="alert alert-warning small mx-3 mt-3 mb-0 py-2" role="status">'
            f'<i class="bi bi-exclamation-circle" aria-hidden="true"></i> {text(notice)}</div>'
        )
    parts.append(
        f'<div class="list-table-wrap"><table {table.attrs.as_html()}><thead class="table-light" hx-boost="true">'
        f"<tr>{_SELECT_ALL if bulk else ''}{''.join(_header(header) for header in headers)}</tr></thead><tbody>"
    )
    if page.object_list:
        parts.append(text(context["table_body"]))
    else:
        parts.append(
            f'<tr><td colspan="{len(headers) + (1 if bulk else 0)}" class="text-center text-body-secondary py-5">'
            f"{_nothing_here(page, context)}</td></tr>"
        )
    parts.append("</tbody></table></div>")
    if not page.is_alone:
        parts.append(pager(page, context["pager"], query, request.path))
    parts.append("</div>")
    filterset = context.get("filterset")
    if request.htmx and filterset is not None and filterset.errors:
        with context.push(oob=True):
            parts.append(context.template.engine.get_template("generic/_list_filters.html").render(context))
    return mark_safe("".join(parts))


def _first(query: dict, key: str) -> str:
    values = query.get(key)
    return values[0] if values else ""


def _rows_line(page: Page) -> str:
    """ "Rows 51–100 of 1,234", "The last 12 rows of …", "No rows"."""
    rows = page.object_list
    if rows:
        if page.number:
            where = f"Rows {grouped(page.start_index)}–{grouped(page.end_index)}"
        elif page.is_last:
            where = f"The last {len(rows)} rows"
        else:
            where = f"{len(rows)} rows"
        return f"{where} of {escape(page.count_label)}"
    if page.refused:
        return f"No rows shown of {escape(page.count_label)}"
    return "No rows"


def _header(header: dict) -> str:
    sorted_ = header["sorted"]
    sort = f' aria-sort="{"ascending" if sorted_ == "asc" else "descending"}"' if sorted_ else ""
    label = text(header["label"])
    if header["url"]:
        caret = (
            ' <i class="bi bi-caret-up-fill" aria-hidden="true"></i>'
            if sorted_ == "asc"
            else ' <i class="bi bi-caret-down-fill" aria-hidden="true"></i>'
            if sorted_ == "desc"
            else ""
        )
        label = f'<a class="sort-link" href="{escape(header["url"])}">{label}{caret}</a>'
    return f'<th scope="col"{sort}>{label}</th>'


def _nothing_here(page: Page, context) -> str:
    if page.refused or page.jumped_to:
        return "No rows here: see the message above, or go to another place in the list below."
    filterset = context.get("filterset")
    if filterset is not None and filterset.errors:
        return "Correct the filters on the left to see results."
    if context.get("is_filtered"):
        return f'Nothing matches these filters. <a href="{escape(context["request"].path)}">Clear them</a>.'
    return "Nothing here yet."


# A cell, not a header: it names no column (an empty header is one screen readers announce).
_SELECT_ALL = (
    '<td class="list-select"><input type="checkbox" class="form-check-input" data-select-all '
    'aria-label="Select every row on this page"></td>'
)


def _bulk_menu(bulk: dict, page: Page) -> str:
    """The bulk actions (issue 21) on the rows ticked, or on every row matching the filters: a form
    (GET) whose buttons open the chosen action's page with the selection; the rows' tick boxes
    belong to it (``form="bulk-form"``)."""
    buttons = "".join(
        f'<button type="submit" class="dropdown-item btn btn-link btn-sm text-start" formaction="{escape(url)}">'
        f'<i class="bi bi-{escape(icon)}" aria-hidden="true"></i> {escape(label)}</button>'
        for label, url, icon in bulk["actions"]
    )
    return (
        '<details class="columns-control bulk-control"><summary class="btn btn-outline-secondary btn-sm">'
        '<i class="bi bi-check2-square" aria-hidden="true"></i> Bulk actions</summary>'
        '<form id="bulk-form" method="get" class="columns-menu card card-body shadow-sm" aria-label="Bulk actions">'
        f'<input type="hidden" name="list" value="{escape(bulk["list"])}">'
        f'<input type="hidden" name="query" value="{escape(bulk["query"])}">'
        '<fieldset class="mb-2"><legend class="h6 mb-1">Rows</legend>'
        '<div class="form-check"><input class="form-check-input" type="radio" name="every" value="0" id="bulk-ticked" '
        'checked><label class="form-check-label small" for="bulk-ticked">The rows ticked on this page</label></div>'
        '<div class="form-check"><input class="form-check-input" type="radio" name="every" value="1" id="bulk-every">'
        f'<label class="form-check-label small" for="bulk-every">All {escape(page.count_label)} matching the filters'
        "</label></div></fieldset>"
        f'<div class="d-grid gap-1">{buttons}</div></form></details>'
    )


def _columns_menu(choices: list[dict], query_string: str, csrf: str) -> str:
    """``generic/_list_columns.html``: which columns this staff member sees, in what order."""
    return (
        '<details class="columns-control"><summary class="btn btn-outline-secondary btn-sm">'
        '<i class="bi bi-layout-three-columns" aria-hidden="true"></i> Columns</summary>'
        f'<form method="post" action="?{query_string}" hx-post="?{query_string}" '
        f'class="columns-menu card card-body shadow-sm" aria-label="Columns of this list">{csrf}'
        '<fieldset><legend class="h6 mb-2">Columns shown</legend><ul class="list-unstyled mb-2 columns-list">'
        f"{column_choice_items(choices)}</ul></fieldset>"
        '<div class="d-flex gap-2"><button type="submit" name="columns_action" value="save" '
        'class="btn btn-primary btn-sm flex-grow-1">Save</button> <button type="submit" name="columns_action" '
        'value="reset" class="btn btn-outline-secondary btn-sm">Reset to default</button></div></form></details>'
    )


def _save_view_menu(roles, query_string: str, csrf: str) -> str:
    """Saving the list's filters, sort and columns under a name (issue 21), for oneself or a role."""
    options = "".join(
        f'<option value="{escape(role)}">Everyone who is {escape(role.lower())}</option>' for role in roles
    )
    return (
        '<details class="columns-control"><summary class="btn btn-outline-secondary btn-sm">'
        '<i class="bi bi-bookmark-plus" aria-hidden="true"></i> Save view</summary>'
        f'<form method="post" action="?{query_string}" class="columns-menu card card-body shadow-sm" '
        f'aria-label="Save this view">{csrf}'
        '<label class="form-label small mb-1" for="saved-view-name">Name</label>'
        '<input class="form-control form-control-sm mb-2" id="saved-view-name" name="name" maxlength="80" required>'
        '<label class="form-label small mb-1" for="saved-view-share">Who sees it</label>'
        '<select class="form-select form-select-sm mb-2" id="saved-view-share" name="share_with">'
        f'<option value="">Only me</option>{options}</select>'
        '<button type="submit" name="saved_view_action" value="save" class="btn btn-primary btn-sm">Save the view'
        '</button><p class="small text-body-secondary mb-0 mt-2">The filters, sort and columns as shown; under '
        "Saved views in the menu.</p></form></details>"
    )


def pager(page: Page, links: dict[str, str], query: dict, path: str) -> str:
    """``generic/_list_pager.html``: First, Previous, where the page is, Next, Last, and "Go to"
    a day or letters; a link the page cannot follow is greyed, not a link."""
    first = '<i class="bi bi-chevron-double-left" aria-hidden="true"></i> First page'
    previous = '<i class="bi bi-chevron-left" aria-hidden="true"></i> Previous'
    following = 'Next <i class="bi bi-chevron-right" aria-hidden="true"></i>'
    last = 'Last page <i class="bi bi-chevron-double-right" aria-hidden="true"></i>'
    buttons = []
    if links.get("first"):
        buttons.append(f'<a class="btn btn-outline-secondary btn-sm" href="{escape(links["first"])}">{first}</a>')
    elif page.keyset:
        buttons.append(f"<span {_DISABLED}>{first}</span>")
    if links.get("previous"):
        buttons.append(
            f'<a class="btn btn-outline-secondary btn-sm" href="{escape(links["previous"])}" rel="prev">{previous}</a>'
        )
    else:
        buttons.append(f"<span {_DISABLED}>{previous}</span>")
    buttons.append(f'<span class="small text-body-secondary px-2 text-nowrap">{_where(page)}</span>')
    if links.get("next"):
        buttons.append(
            f'<a class="btn btn-outline-secondary btn-sm" href="{escape(links["next"])}" rel="next">{following}</a>'
        )
    elif page.has_next:
        buttons.append('<span class="small text-body-secondary">Narrow the filters to see further.</span>')
    else:
        buttons.append(f"<span {_DISABLED}>{following}</span>")
    if links.get("last"):
        buttons.append(f'<a class="btn btn-outline-secondary btn-sm" href="{escape(links["last"])}">{last}</a>')
    elif page.keyset:
        buttons.append(f"<span {_DISABLED}>{last}</span>")
    return (
        '<nav class="card-footer bg-body d-flex flex-wrap align-items-center justify-content-between gap-2 '
        'list-pager" aria-label="Pages" hx-boost="true"><div class="d-flex flex-wrap align-items-center gap-1">'
        f"{' '.join(buttons)}</div>{_jump_form(page, query, path) if page.jump else ''}</nav>"
    )


def _where(page: Page) -> str:
    """ "Page 3 of 12", "Last page", or where a jump opened the page."""
    if page.number:
        where = f"Page {grouped(page.number)}"
        if page.page_count and not page.refused:
            where += f" of {grouped(page.page_count)}"
        return where
    if page.is_last:
        return "Last page"
    return escape(page.jump_label) if page.jumped_to else ""


def _jump_form(page: Page, query: dict, path: str) -> str:
    jump = page.jump
    assert jump is not None
    hidden = "".join(
        f'<input type="hidden" name="{escape(key)}" value="{escape(value)}">'
        for key, values in query.items()
        for value in values
    )
    value = escape(page.jumped_to)
    if jump.kind == "date":
        box = (
            f'<input type="date" id="list-jump" name="from" value="{value}" class="form-control form-control-sm '
            'list-jump-date" required aria-describedby="list-jump-hint">'
        )
    else:
        box = (
            f'<input type="text" id="list-jump" name="from" value="{value}" class="form-control form-control-sm '
            'list-jump-letters" required maxlength="20" placeholder="A–Z" autocomplete="off" spellcheck="false" '
            'aria-describedby="list-jump-hint">'
        )
    return (
        f'<form method="get" action="{escape(path)}" class="d-flex align-items-center gap-2" '
        f'aria-label="Go to a place in the list">{hidden} '
        f'<label for="list-jump" class="small text-nowrap mb-0">{text(jump.label)}</label> {box} '
        f'<span id="list-jump-hint" class="visually-hidden">{text(jump.hint)}</span> '
        '<button type="submit" class="btn btn-outline-primary btn-sm">Go</button></form>'
    )
