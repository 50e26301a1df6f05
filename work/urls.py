"""The work app's URLs; each view declares its permission."""

from django.urls import path

from . import views
from .commands import TARGET_COMMAND, URL_SLUGS

urlpatterns = [
    path("work/", views.WorkListView.as_view(), name="work-list"),
    path("work/take-next/", views.TakeNextView.as_view(), name="work-take-next"),
    path("work/<int:pk>/", views.WorkItemView.as_view(), name="work-item"),
    *[
        path(f"work/<int:pk>/{slug}/", views.WorkItemCommandView.for_command(name), name=f"work-item-{slug}")
        for slug, name in URL_SLUGS.items()
    ],
    path("work/targets/", views.WorkTargetsView.as_view(), name="work-targets"),
    path("work/targets/<str:kind>/", views.WorkTargetEditView.for_command(TARGET_COMMAND), name="work-target-edit"),
    path("work/metrics/", views.WorkMetricsView.as_view(), name="work-metrics"),
]
