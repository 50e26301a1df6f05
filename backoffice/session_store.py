"""Django's database sessions, read by one written query (``SESSION_ENGINE``).

Every request reads its session. Django's store builds, compiles and runs an ORM query for it
and makes a model instance of the row, some 800 Python calls before a page does anything (issue
17); this store reads the same row, under the same conditions (the key, not expired), with the
SQL written once. Everything else (saving, creating, deleting, the clean-up) is Django's.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def load(self):
        key = self.session_key
        if key:
            connection = connections[router.db_for_read(self.model)]
            quote = connection.ops.quote_name
            # Only quoted names of the model go into the text; the key and the time are parameters.
            sql = (
                f"SELECT {quote('session_data')} FROM {quote(self.model._meta.db_table)} "  # noqa: S608
                f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [key, connection.ops.adapt_datetimefield_value(timezone.now())])
                row = cursor.fetchone()
            if row is not None:
                return self.decode(row[0])
        self._session_key = None  # none, or expired: a new one is made when the session is saved
        return {}
