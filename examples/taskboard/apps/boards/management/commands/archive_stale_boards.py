"""Archive boards that have seen no task activity for a while.

Usage: python manage.py archive_stale_boards --days 90 [--dry-run]
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from apps.boards.models import Board


class Command(BaseCommand):
    help = "Archive active boards with no task created or updated in the last N days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=90, help="Inactivity window (default 90).")
        parser.add_argument(
            "--dry-run", action="store_true", help="List the boards without archiving them."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days: int = options["days"]
        if days < 1:
            raise CommandError("--days must be a positive number of days.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        stale = (
            Board.objects.active()
            .annotate(
                last_activity=Greatest(
                    "updated_at", Coalesce(Max("tasks__updated_at"), "updated_at")
                )
            )
            .filter(Q(last_activity__lt=cutoff))
            .order_by("name")
        )
        boards = list(stale)
        for board in boards:
            self.stdout.write(
                f"{'Would archive' if options['dry_run'] else 'Archiving'}: {board.slug}"
            )
        if options["dry_run"]:
            self.stdout.write(f"{len(boards)} board(s) would be archived.")
            return
        archived = Board.objects.filter(pk__in=[board.pk for board in boards]).update(
            is_archived=True
        )
        self.stdout.write(self.style.SUCCESS(f"Archived {archived} board(s)."))
