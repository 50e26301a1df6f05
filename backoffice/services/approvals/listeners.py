"""Who hears that a request was asked or closed, without ``backoffice`` importing them: the work
queues (``work``) open an item for each request and close it with the request (DESIGN.md
"Layout": an upper app subscribes through a registry in the lower one)."""

from __future__ import annotations

from collections.abc import Callable

from ...models import ApprovalRequest

_asked: list[Callable[[ApprovalRequest], None]] = []
_closed: list[Callable[[ApprovalRequest, object], None]] = []


def on_asked(listener: Callable[[ApprovalRequest], None]) -> None:
    if listener not in _asked:
        _asked.append(listener)


def on_closed(listener: Callable[[ApprovalRequest, object], None]) -> None:
    if listener not in _closed:
        _closed.append(listener)


def asked(approval: ApprovalRequest) -> None:
    for listener in _asked:
        listener(approval)


def closed(approval: ApprovalRequest, actor=None) -> None:
    """The request is approved, rejected, withdrawn or expired (in the same transaction)."""
    for listener in _closed:
        listener(approval, actor)
