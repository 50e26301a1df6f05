"""What a view needs: every view of the panel declares it, and a system check enforces that.

A view declares ``permission_required`` as one permission (``"backoffice.manage_staff"``), a
tuple of permissions that are all needed, ``ANY_STAFF`` (any signed-in staff member) or
``PUBLIC`` (no sign-in: the login pages). ``backoffice.checks`` refuses a URL whose view declares
nothing, and ``tests/test_url_policy.py`` checks every URL against the expected answer per role.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .auth_session import is_recently_reauthenticated


class _Declaration:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self):
        return self.name


UNDECLARED = _Declaration("UNDECLARED")
ANY_STAFF = _Declaration("ANY_STAFF")
PUBLIC = _Declaration("PUBLIC")


def has_access(user, required) -> bool:
    if required is PUBLIC:
        return True
    if required is UNDECLARED:
        return False
    if not (user.is_authenticated and user.is_active):
        return False
    if required is ANY_STAFF:
        return True
    return user.has_perms((required,) if isinstance(required, str) else required)


def declared_access(view_func):
    """The declaration of a resolved URL's callback, class-based or function."""
    view_class = getattr(view_func, "view_class", None)
    return getattr(view_class or view_func, "permission_required", UNDECLARED)


class AccessMixin:
    """Runs, in this order, before the view's handler: the permission check (403), the loading
    of the objects the URL names (404 when out of the viewer's scope) and, for a sensitive
    action, the request to enter the password again. Anonymous users never get here:
    ``LoginRequiredMiddleware`` sends them to the login page first."""

    permission_required = UNDECLARED
    requires_recent_password = False

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        if cls.permission_required is PUBLIC:
            view.login_required = False
        return view

    def load_objects(self):
        """Load what the URL names, from a selector scoped to the viewer (``self.kwargs``)."""

    def dispatch(self, request, *args, **kwargs):
        if not has_access(request.user, self.permission_required):
            raise PermissionDenied
        self.load_objects()
        if self.requires_recent_password and not is_recently_reauthenticated(request):
            return redirect(f"{reverse('reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
        return super().dispatch(request, *args, **kwargs)


def requires(permission):
    """The same declaration for a function view: ``@requires(ANY_STAFF)``."""

    def decorate(view_func):
        def wrapped(request, *args, **kwargs):
            if not has_access(request.user, permission):
                raise PermissionDenied
            return view_func(request, *args, **kwargs)

        wrapped.__name__ = view_func.__name__
        wrapped.__doc__ = view_func.__doc__
        wrapped.permission_required = permission
        if permission is PUBLIC:
            wrapped.login_required = False
        return wrapped

    return decorate
