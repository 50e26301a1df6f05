"""Request-wide rules: request ids for the audit log, the 12-hour session cap, the second factor,
the browser features every page switches off."""

import re
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.functional import LazyObject, empty

from .audit import request_context
from .auth_session import SESSION_RENEWED_AT, SESSION_SIGNED_IN_AT, is_second_factor_satisfied
from .network import client_ip
from .services import sign_out

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class PermissionsPolicyMiddleware:
    """Every response tells the browser that no page of ours may use the camera, microphone,
    location, payments or any other powerful feature (``PERMISSIONS_POLICY``, each feature
    allowed to no origin): a script injected into a page could not turn them on either."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


class RequestContextMiddleware:
    """Gives every request an id that audit entries carry. Behind our own proxies
    (``PROXY_COUNT``) the id they set in ``X-Request-ID`` is kept, to follow a request across
    logs; a client's own header is not trusted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "") if settings.PROXY_COUNT else ""
        request_id = incoming if _REQUEST_ID.match(incoming) else None
        with request_context(request_id=request_id, ip_address=client_ip(request)) as context:
            request.request_id = context.request_id
            response = self.get_response(request)
        response["X-Request-ID"] = context.request_id
        return response


class SessionRenewalMiddleware:
    """The idle timeout without a session write on every read: a session in use is renewed (saved,
    so its expiry moves ``SESSION_COOKIE_AGE`` ahead) at most once every
    ``SESSION_RENEW_EVERY`` seconds; a plain read in between writes nothing. Besides the UPDATE it
    saves, a read no longer writes back the whole session as it was when the read started, over a
    change a concurrent request made (the profile board, the omnibox's suggestions)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = time.time()
            if now - session.get(SESSION_RENEWED_AT, 0) >= settings.SESSION_RENEW_EVERY:
                session[SESSION_RENEWED_AT] = now
        return self.get_response(request)


class AbsoluteSessionLimitMiddleware:
    """Ends a session 12 hours after sign-in, however active it was (idle expiry is the cookie's)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            signed_in_at = request.session.setdefault(SESSION_SIGNED_IN_AT, time.time())
            if time.time() - signed_in_at > settings.SESSION_ABSOLUTE_AGE.total_seconds():
                sign_out(request, reason="session reached its 12-hour limit")
                messages.info(request, "Your session reached its 12-hour limit. Please sign in again.")
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class SecondFactorMiddleware:
    """A signed-in session must have passed the second factor (or, with DEBUG on, skipped it).

    The login flow only signs a user in after the second factor; this catches sessions whose
    device was removed since (an administrator reset it) and signs them out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or not getattr(view_func, "login_required", True):
            return None
        if is_second_factor_satisfied(request):
            return None
        logout(request)
        messages.warning(request, "Your second factor is no longer valid. Please sign in again.")
        return redirect(settings.LOGIN_URL)


class ConcreteUserMiddleware:
    """``request.user`` is a lazy object (django.contrib.auth's) inside another (django-otp's):
    every attribute read goes through both proxies, some five Python calls, and a page reads it
    hundreds of times (permission checks, menus, templates): a tenth of a profile (issue 17).
    Once the middleware before it has read the member (the second factor, the login check), the
    member replaces the proxies; a request that never needed them keeps them, unread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        while isinstance(user, LazyObject) and user._wrapped is not empty:
            user = user._wrapped
        if user is not None:
            request.user = user
        return None


class PrivateResponseMiddleware:
    """Pages for signed-in staff show personal data: browsers and proxies must not keep them.
    And an htmx request that ends in a redirect (the session expired, a password is asked
    again) moves the whole window there instead of swapping a page into a fragment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.headers.get("HX-Request") == "true" and response.status_code in (301, 302, 303, 307, 308):
            location = response["Location"]
            response = HttpResponse(status=204)
            response["HX-Redirect"] = location
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
