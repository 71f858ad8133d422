from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """Project user. Kept custom from day one so the model can grow."""

    display_name = models.CharField(max_length=80, blank=True)
    bio = models.TextField(blank=True)

    class Meta:
        verbose_name = "user"
        verbose_name_plural = "users"
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def initials(self) -> str:
        source = self.display_name or self.get_full_name() or self.username
        parts = [part for part in source.split() if part]
        return "".join(part[0] for part in parts[:2]).upper() or "?"
