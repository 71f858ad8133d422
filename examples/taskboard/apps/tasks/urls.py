from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path("boards/<slug:board_slug>/tasks/new/", views.TaskCreateView.as_view(), name="create"),
    path("boards/<slug:board_slug>/tasks/<int:pk>/", views.TaskDetailView.as_view(), name="detail"),
    path(
        "boards/<slug:board_slug>/tasks/<int:pk>/edit/",
        views.TaskUpdateView.as_view(),
        name="update",
    ),
    path(
        "boards/<slug:board_slug>/tasks/<int:pk>/delete/",
        views.TaskDeleteView.as_view(),
        name="delete",
    ),
    path(
        "boards/<slug:board_slug>/tasks/<int:pk>/comments/",
        views.CommentCreateView.as_view(),
        name="comment",
    ),
    path("api/boards/<slug:board_slug>/tasks/", views.TaskListApiView.as_view(), name="api-list"),
]
