"""Fill a development database with demo users, boards, tasks and comments.

Usage: python manage.py seed_demo [--password PASSWORD] [--reset]

Never run this against production: it creates users with a known password.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.boards.models import Board, Membership
from apps.tasks.models import Comment, Task

DEMO_USERS = [
    ("ada", "Ada Lovelace"),
    ("grace", "Grace Hopper"),
    ("linus", "Linus Torvalds"),
    ("margaret", "Margaret Hamilton"),
]

DEMO_BOARDS = {
    "Platform": [
        "Upgrade PostgreSQL to 16",
        "Move static files to WhiteNoise",
        "Rotate database credentials",
        "Add /healthz to the load balancer",
    ],
    "Website relaunch": [
        "Draft new landing page copy",
        "Switch to Tailwind 4",
        "Accessibility review",
        "Set up redirects for old URLs",
        "Performance budget",
    ],
}

DEMO_COMMENTS = [
    "Looks good to me.",
    "Can we split this into two tasks?",
    "Blocked on the vendor, will follow up.",
    "Done in staging, rolling out tomorrow.",
]


class Command(BaseCommand):
    help = "Create demo users, boards, tasks and comments for local development."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default="taskboard-demo", help="Password for demo users.")
        parser.add_argument(
            "--reset", action="store_true", help="Delete existing demo boards first."
        )
        parser.add_argument("--seed", type=int, default=42, help="Random seed.")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG enabled (development settings).")
        # Demo data only: a seeded, non-cryptographic generator is what we want.
        rng = random.Random(options["seed"])  # noqa: S311  # nosec B311

        users = [self._user(username, name, options["password"]) for username, name in DEMO_USERS]
        if options["reset"]:
            deleted, _ = Board.objects.filter(name__in=DEMO_BOARDS).delete()
            self.stdout.write(f"Deleted {deleted} existing demo object(s).")

        today = timezone.localdate()
        for board_name, titles in DEMO_BOARDS.items():
            board, created = Board.objects.get_or_create(
                name=board_name, defaults={"owner": users[0], "description": "Demo board"}
            )
            if not created:
                self.stdout.write(f"Board {board.slug} exists, skipping.")
                continue
            for index, user in enumerate(users):
                role = Membership.Role.ADMIN if index == 0 else Membership.Role.MEMBER
                Membership.objects.create(board=board, user=user, role=role)
            for title in titles:
                task = Task.objects.create(
                    board=board,
                    title=title,
                    status=rng.choice(Task.Status.values),
                    priority=rng.choice(Task.Priority.values),
                    assignee=rng.choice([*users, None]),
                    created_by=users[0],
                    due_date=today + datetime.timedelta(days=rng.randint(-5, 20)),
                )
                for body in rng.sample(DEMO_COMMENTS, k=rng.randint(0, 2)):
                    Comment.objects.create(task=task, author=rng.choice(users), body=body)
            self.stdout.write(f"Created board {board.slug} with {len(titles)} tasks.")

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready. Log in as {users[0].username!r} with the demo password."
            )
        )

    def _user(self, username: str, display_name: str, password: str) -> User:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"display_name": display_name, "email": f"{username}@example.com"},
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        return user
