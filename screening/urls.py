"""The screening app's URLs; each view declares its permission."""

from django.urls import path

from . import views
from .commands import URL_SLUGS

urlpatterns = [
    path("screening/", views.HitListView.as_view(), name="screening-hits"),
    path("screening/hits/<int:pk>/", views.HitView.as_view(), name="screening-hit"),
    *[
        path(f"screening/hits/<int:pk>/{slug}/", views.HitCommandView.for_command(name), name=f"screening-hit-{slug}")
        for slug, name in URL_SLUGS.items()
    ],
    path("watchlists/", views.ListVersionsView.as_view(), name="screening-lists"),
    path("watchlists/load/", views.LoadListView.as_view(), name="screening-list-load"),
]
