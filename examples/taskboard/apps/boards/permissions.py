"""Board-level access control shared by the boards and tasks apps."""

from __future__ import annotations

from typing import Any, Literal

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404

from .models import Board

Access = Literal["view", "edit", "admin"]


def get_board_for(request: HttpRequest, slug: str, access: Access = "view") -> Board:
    """Return the board or raise: 404 for non-members, 403 for too-low a role."""
    board = get_object_or_404(Board, slug=slug)
    if not board.can_view(request.user):
        raise Http404("No such board.")
    if access == "edit" and not board.can_edit(request.user):
        raise PermissionDenied("You cannot change this board.")
    if access == "admin" and not board.can_admin(request.user):
        raise PermissionDenied("Only board admins can do that.")
    return board


class BoardAccessMixin(LoginRequiredMixin):
    """Resolves ``self.board`` from the ``board_slug`` URL kwarg and checks access."""

    board_access: Access = "view"
    board_kwarg = "board_slug"
    board: Board
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.board = get_board_for(request, kwargs[self.board_kwarg], self.board_access)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["board"] = self.board
        context["can_edit"] = self.board.can_edit(self.request.user)
        context["can_admin"] = self.board.can_admin(self.request.user)
        return context
