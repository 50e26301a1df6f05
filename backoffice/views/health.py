"""Liveness for load balancers: answers 200 when the database answers."""

from django.db import connection
from django.http import JsonResponse

from ..access import PUBLIC, requires


@requires(PUBLIC)
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
