"""What a view needs: every view of the panel declares it, and a system check enforces that.

A view declares ``permission_required`` as one permission (``"backoffice.manage_staff"``), a
tuple of permissions that are all needed, ``ANY_STAFF`` (any signed-in staff member) or
``PUBLIC`` (no sign-in: the login pages). ``backoffice.checks`` refuses a URL whose view declares
nothing, and ``tests/test_url_policy.py`` checks every URL against the expected answer per role.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, cast

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .auth_session import is_recently_reauthenticated

if TYPE_CHECKING:
    from django.views import View

    from .models import StaffUser


class _Declaration:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self):
        return self.name


UNDECLARED = _Declaration("UNDECLARED")
ANY_STAFF = _Declaration("ANY_STAFF")
PUBLIC = _Declaration("PUBLIC")

# What a view declares: a permission, permissions all needed, or ANY_STAFF / PUBLIC.
type Required = str | tuple[str, ...] | _Declaration


class DeclaredView(Protocol):
    """A function view carrying its declaration (``requires``)."""

    permission_required: Required

    def __call__(self, request: HttpRequest, /, *args: Any, **kwargs: Any) -> HttpResponseBase: ...


def has_access(user, required: Required) -> bool:
    if required is PUBLIC:
        return True
    if required is UNDECLARED:
        return False
    if not (user.is_authenticated and user.is_active):
        return False
    if required is ANY_STAFF:
        return True
    return user.has_perms((required,) if isinstance(required, str) else required)


def signed_in_staff(request: HttpRequest) -> StaffUser:
    """The staff member signed in on ``request``, for a view that is not PUBLIC: ``AccessMixin``
    and ``requires`` serve such a view to no one else, so this only says so to the type checker
    (and refuses, should a PUBLIC view ever ask)."""
    from .models import StaffUser

    user = request.user
    if not isinstance(user, StaffUser):
        raise PermissionDenied
    return user


def declared_access(view_func):
    """The declaration of a resolved URL's callback, class-based or function."""
    view_class = getattr(view_func, "view_class", None)
    return getattr(view_class or view_func, "permission_required", UNDECLARED)


# A mixin placed before a View in a view's bases: typed as the View it extends (at run time it
# stays a plain mixin, so no view's method order changes).
if TYPE_CHECKING:
    _ViewBase = View
else:
    _ViewBase = object


class AccessMixin(_ViewBase):
    """Runs, in this order, before the view's handler: the permission check (403), the loading
    of the objects the URL names (404 when out of the viewer's scope) and, for a sensitive
    action, the request to enter the password again. Anonymous users never get here:
    ``LoginRequiredMiddleware`` sends them to the login page first."""

    permission_required: Required = UNDECLARED
    requires_recent_password = False  # a view that asks it only sometimes overrides needs_recent_password

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Callable[..., HttpResponseBase]:
        view = super().as_view(**initkwargs)
        if cls.permission_required is PUBLIC:
            view = login_not_required(view)
        return view

    def load_objects(self):
        """Load what the URL names, from a selector scoped to the viewer (``self.kwargs``)."""

    def needs_recent_password(self) -> bool:
        """Whether this request asks the password again (once the objects are loaded)."""
        return self.requires_recent_password

    def dispatch(self, request, *args, **kwargs):
        if not has_access(request.user, self.permission_required):
            raise PermissionDenied
        self.load_objects()
        if self.needs_recent_password() and not is_recently_reauthenticated(request):
            return redirect(f"{reverse('reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
        return super().dispatch(request, *args, **kwargs)


def requires(permission: Required) -> Callable[[Callable[..., HttpResponseBase]], DeclaredView]:
    """The same declaration for a function view: ``@requires(ANY_STAFF)``."""

    def decorate(view_func: Callable[..., HttpResponseBase]) -> DeclaredView:
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not has_access(request.user, permission):
                raise PermissionDenied
            return view_func(request, *args, **kwargs)

        wrapped.__name__ = view_func.__name__
        wrapped.__doc__ = view_func.__doc__
        # A function given an attribute: the type system cannot follow, the protocol says it.
        declared = cast(DeclaredView, wrapped)
        declared.permission_required = permission
        return login_not_required(declared) if permission is PUBLIC else declared

    return decorate
