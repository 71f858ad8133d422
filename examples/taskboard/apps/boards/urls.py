from django.urls import path

from . import views

app_name = "boards"

urlpatterns = [
    path("", views.BoardListView.as_view(), name="list"),
    path("new/", views.BoardCreateView.as_view(), name="create"),
    path("<slug:slug>/", views.BoardDetailView.as_view(), name="detail"),
    path("<slug:slug>/edit/", views.BoardUpdateView.as_view(), name="update"),
    path("<slug:slug>/members/add/", views.MembershipCreateView.as_view(), name="add-member"),
]
