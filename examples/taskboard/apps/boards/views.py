from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from apps.accounts.models import User
from apps.tasks.models import Task

from .forms import BoardForm, MembershipForm
from .models import Board, Membership
from .permissions import BoardAccessMixin


class BoardListView(LoginRequiredMixin, ListView[Board]):
    template_name = "boards/board_list.html"
    context_object_name = "boards"

    def get_queryset(self) -> QuerySet[Board]:
        show_archived = self.request.GET.get("archived") == "1"
        boards = Board.objects.visible_to(self.request.user)
        if not show_archived:
            boards = boards.active()
        return boards.annotate(
            open_tasks=Count("tasks", filter=~Q(tasks__status=Task.Status.DONE), distinct=True),
            member_count=Count("memberships", distinct=True),
        ).select_related("owner")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["show_archived"] = self.request.GET.get("archived") == "1"
        return context


class BoardCreateView(LoginRequiredMixin, CreateView[Board, BoardForm]):
    form_class = BoardForm
    template_name = "boards/board_form.html"

    @transaction.atomic
    def form_valid(self, form: BoardForm) -> HttpResponse:
        user = cast(User, self.request.user)
        form.instance.owner = user
        response = super().form_valid(form)
        Membership.objects.create(board=form.instance, user=user, role=Membership.Role.ADMIN)
        messages.success(self.request, f"Board “{form.instance}” created.")
        return response


class BoardDetailView(BoardAccessMixin, DetailView[Board]):
    template_name = "boards/board_detail.html"
    board_kwarg = "slug"

    def get_object(self, queryset: QuerySet[Board] | None = None) -> Board:
        return self.board

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tasks = self.board.tasks.select_related("assignee").order_by("-priority", "due_date")
        context["columns"] = [
            (status, label, [task for task in tasks if task.status == status])
            for status, label in Task.Status.choices
        ]
        context["memberships"] = self.board.memberships.select_related("user")
        return context


class BoardUpdateView(BoardAccessMixin, UpdateView[Board, BoardForm]):
    form_class = BoardForm
    template_name = "boards/board_form.html"
    board_access = "admin"
    board_kwarg = "slug"

    def get_object(self, queryset: QuerySet[Board] | None = None) -> Board:
        return self.board

    def form_valid(self, form: BoardForm) -> HttpResponse:
        messages.success(self.request, "Board updated.")
        return super().form_valid(form)


class MembershipCreateView(BoardAccessMixin, FormView[MembershipForm]):
    form_class = MembershipForm
    template_name = "boards/membership_form.html"
    board_access = "admin"
    board_kwarg = "slug"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["board"] = self.board
        return kwargs

    def form_valid(self, form: MembershipForm) -> HttpResponse:
        membership = form.save()
        messages.success(
            self.request, f"Added {membership.user} as {membership.get_role_display()}."
        )
        return HttpResponseRedirect(self.board.get_absolute_url())
