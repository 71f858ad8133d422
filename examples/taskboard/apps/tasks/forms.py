from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from apps.accounts.forms import StyledFormMixin
from apps.accounts.models import User
from apps.boards.models import Board

from .models import Comment, Task


class TaskForm(StyledFormMixin, forms.ModelForm[Task]):
    class Meta:
        model = Task
        fields = ("title", "description", "status", "priority", "assignee", "due_date")
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        self.board = board
        super().__init__(*args, **kwargs)
        assignee = cast(forms.ModelChoiceField, self.fields["assignee"])  # type: ignore[type-arg]
        assignee.queryset = User.objects.filter(memberships__board=board).exclude(
            memberships__role="viewer"
        )
        self.style_fields()

    def clean_due_date(self) -> Any:
        due_date = self.cleaned_data.get("due_date")
        is_new = self.instance.pk is None
        if is_new and due_date and due_date < timezone.localdate():
            raise forms.ValidationError("The due date cannot be in the past.")
        return due_date


class CommentForm(StyledFormMixin, forms.ModelForm[Comment]):
    class Meta:
        model = Comment
        fields = ("body",)
        labels = {"body": "Add a comment"}
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Comments cannot be empty.")
        return body
