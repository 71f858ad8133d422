from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from apps.accounts.models import User


class BoardQuerySet(models.QuerySet["Board"]):
    def active(self) -> BoardQuerySet:
        return self.filter(is_archived=False)

    def visible_to(self, user: User | AnonymousUser) -> BoardQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=Membership.objects.filter(user=user).values("board"))


class Board(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_boards"
    )
    members: models.ManyToManyField[User, Membership] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="boards"
    )
    is_archived = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BoardQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("boards:detail", kwargs={"slug": self.slug})

    def _unique_slug(self) -> str:
        base = slugify(self.name)[:120] or "board"
        slug = base
        counter = 2
        while Board.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug = f"{base}-{counter}"
            counter += 1
        return slug

    def role_for(self, user: User | AnonymousUser) -> str | None:
        if not user.is_authenticated:
            return None
        membership = self.memberships.filter(user=user).first()
        return membership.role if membership else None

    def can_view(self, user: User | AnonymousUser) -> bool:
        return self.role_for(user) is not None

    def can_edit(self, user: User | AnonymousUser) -> bool:
        return self.role_for(user) in {Membership.Role.ADMIN, Membership.Role.MEMBER}

    def can_admin(self, user: User | AnonymousUser) -> bool:
        return self.role_for(user) == Membership.Role.ADMIN


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", "Admin"
        MEMBER = "member", "Member"
        VIEWER = "viewer", "Viewer"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["board", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["board", "user"], name="unique_board_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.board} ({self.get_role_display()})"
