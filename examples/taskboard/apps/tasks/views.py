from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.db.models import QuerySet
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import CreateView, DeleteView, DetailView, UpdateView

from apps.accounts.models import User
from apps.boards.permissions import BoardAccessMixin

from .forms import CommentForm, TaskForm
from .models import Task


class BoardTaskMixin(BoardAccessMixin):
    """Limits task lookups to the board from the URL."""

    def get_queryset(self) -> QuerySet[Task]:
        return Task.objects.filter(board=self.board).select_related(
            "board", "assignee", "created_by"
        )


class TaskFormMixin(BoardTaskMixin):
    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["board"] = self.board
        return kwargs


class TaskCreateView(TaskFormMixin, CreateView[Task, TaskForm]):
    form_class = TaskForm
    template_name = "tasks/task_form.html"
    board_access = "edit"

    def form_valid(self, form: TaskForm) -> HttpResponse:
        form.instance.board = self.board
        form.instance.created_by = cast(User, self.request.user)
        messages.success(self.request, "Task created.")
        return super().form_valid(form)


class TaskDetailView(BoardTaskMixin, DetailView[Task]):
    template_name = "tasks/task_detail.html"
    context_object_name = "task"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["comments"] = self.object.comments.select_related("author")
        context["comment_form"] = CommentForm()
        return context


class TaskUpdateView(TaskFormMixin, UpdateView[Task, TaskForm]):
    form_class = TaskForm
    template_name = "tasks/task_form.html"
    board_access = "edit"

    def form_valid(self, form: TaskForm) -> HttpResponse:
        messages.success(self.request, "Task updated.")
        return super().form_valid(form)


class TaskDeleteView(BoardTaskMixin, DeleteView[Task, Any]):
    template_name = "tasks/task_confirm_delete.html"
    board_access = "admin"

    def get_success_url(self) -> str:
        messages.success(self.request, "Task deleted.")
        return self.board.get_absolute_url()


class CommentCreateView(BoardAccessMixin, View):
    board_access = "edit"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, board_slug: str, pk: int) -> HttpResponse:
        task = get_object_or_404(Task, board=self.board, pk=pk)
        form = CommentForm(request.POST)
        if form.is_valid():
            comment = form.save(commit=False)
            comment.task = task
            comment.author = cast(User, request.user)
            comment.save()
            messages.success(request, "Comment added.")
        else:
            errors = form.errors.get("body") or ["Invalid comment."]
            messages.error(request, " ".join(str(error) for error in errors))
        return HttpResponseRedirect(f"{task.get_absolute_url()}#comments")


class TaskListApiView(BoardAccessMixin, View):
    """GET /api/boards/<slug>/tasks/?status=todo&assignee=alice -> JSON list of tasks."""

    http_method_names = ["get"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # API clients get a JSON 401 instead of a redirect to the login page.
        if not request.user.is_authenticated:
            return JsonResponse({"error": "authentication required"}, status=401)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, board_slug: str) -> JsonResponse:
        tasks = Task.objects.filter(board=self.board).select_related("board", "assignee")
        status = request.GET.get("status")
        if status:
            if status not in Task.Status.values:
                return JsonResponse(
                    {"error": f"unknown status {status!r}", "allowed": Task.Status.values},
                    status=400,
                )
            tasks = tasks.filter(status=status)
        assignee = request.GET.get("assignee")
        if assignee:
            tasks = tasks.filter(assignee__username=assignee)
        data = [task.to_dict() for task in tasks]
        return JsonResponse(
            {
                "board": self.board.slug,
                "count": len(data),
                "tasks": data,
                "links": {
                    "board": request.build_absolute_uri(
                        reverse("boards:detail", args=[self.board.slug])
                    )
                },
            }
        )
