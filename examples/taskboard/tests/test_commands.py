import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from apps.accounts.models import User
from apps.boards.models import Board
from apps.tasks.models import Task


def age(board: Board, days: int) -> None:
    Board.objects.filter(pk=board.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=days)
    )


@pytest.fixture
def boards(alice: User) -> dict[str, Board]:
    stale = Board.objects.create(name="Stale", owner=alice)
    fresh = Board.objects.create(name="Fresh", owner=alice)
    busy = Board.objects.create(name="Busy", owner=alice)
    for board in (stale, busy):
        age(board, 200)
    Task.objects.create(board=busy, title="Recent work", created_by=alice)
    return {"stale": stale, "fresh": fresh, "busy": busy}


@pytest.mark.django_db
def test_archives_only_stale_boards(boards: dict[str, Board]) -> None:
    out = StringIO()
    call_command("archive_stale_boards", "--days", "90", stdout=out)
    assert "Archived 1 board(s)." in out.getvalue()
    archived = set(Board.objects.filter(is_archived=True).values_list("name", flat=True))
    assert archived == {"Stale"}


@pytest.mark.django_db
def test_dry_run_changes_nothing(boards: dict[str, Board]) -> None:
    out = StringIO()
    call_command("archive_stale_boards", "--dry-run", stdout=out)
    assert "Would archive: stale" in out.getvalue()
    assert "1 board(s) would be archived." in out.getvalue()
    assert not Board.objects.filter(is_archived=True).exists()


@pytest.mark.django_db
def test_rejects_non_positive_days() -> None:
    with pytest.raises(CommandError):
        call_command("archive_stale_boards", "--days", "0")
