"""The work app's URLs; each view declares its permission."""

from django.urls import path

from . import views

urlpatterns = [
    path("work/", views.WorkListView.as_view(), name="work-list"),
    path("work/take-next/", views.TakeNextView.as_view(), name="work-take-next"),
]
