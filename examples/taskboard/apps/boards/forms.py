from __future__ import annotations

from typing import Any

from django import forms

from apps.accounts.forms import StyledFormMixin
from apps.accounts.models import User

from .models import Board, Membership

CHECKBOX_CLASSES = "h-4 w-4 rounded border-slate-300 text-indigo-600"


class BoardForm(StyledFormMixin, forms.ModelForm[Board]):
    class Meta:
        model = Board
        fields = ("name", "description", "is_archived")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            del self.fields["is_archived"]
        self.style_fields()
        if "is_archived" in self.fields:
            self.fields["is_archived"].widget.attrs["class"] = CHECKBOX_CLASSES


class MembershipForm(StyledFormMixin, forms.Form):
    username = forms.CharField(max_length=150)
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.MEMBER)

    def __init__(self, *args: Any, board: Board, **kwargs: Any) -> None:
        self.board = board
        super().__init__(*args, **kwargs)
        self.style_fields()

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        try:
            user = User.objects.get(username__iexact=username, is_active=True)
        except User.DoesNotExist as exc:
            raise forms.ValidationError("No active user with that username.") from exc
        if self.board.memberships.filter(user=user).exists():
            raise forms.ValidationError("That user is already a member of this board.")
        return user

    def save(self) -> Membership:
        return Membership.objects.create(
            board=self.board,
            user=self.cleaned_data["username"],
            role=self.cleaned_data["role"],
        )
