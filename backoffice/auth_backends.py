"""The staff members' authentication backend: Django's ``ModelBackend``, with the member read by
a prepared query (``backoffice.prepared``) on every request instead of a queryset built and
compiled each time (some 900 Python calls a request, issue 17)."""

from django.contrib.auth.backends import ModelBackend

from .models import StaffUser
from .prepared import Prepared

_MEMBER = Prepared(lambda pk: StaffUser._default_manager.filter(pk=pk).order_by())


class StaffBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            member = _MEMBER.first(int(user_id))
        except (TypeError, ValueError):
            return None
        return member if member is not None and self.user_can_authenticate(member) else None
