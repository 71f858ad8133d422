import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.boards.models import Board
from apps.tasks.forms import CommentForm, TaskForm
from apps.tasks.models import Comment, Task

TODAY = timezone.localdate


@pytest.mark.django_db
class TestTaskModel:
    def test_str_and_url(self, task: Task) -> None:
        assert str(task) == "Upgrade PostgreSQL"
        assert task.get_absolute_url() == f"/boards/platform-team/tasks/{task.pk}/"

    def test_completed_at_tracks_done_status(self, task: Task) -> None:
        assert task.completed_at is None
        task.status = Task.Status.DONE
        task.save()
        assert task.completed_at is not None
        task.status = Task.Status.IN_PROGRESS
        task.save()
        assert task.completed_at is None

    def test_is_overdue(self, task: Task) -> None:
        assert not task.is_overdue
        task.due_date = TODAY() - datetime.timedelta(days=1)
        assert task.is_overdue
        task.status = Task.Status.DONE
        assert not task.is_overdue
        task.status = Task.Status.TODO
        task.due_date = None
        assert not task.is_overdue

    def test_queryset_open_and_overdue(self, board: Board, alice: User, task: Task) -> None:
        late = Task.objects.create(
            board=board,
            title="Late",
            created_by=alice,
            due_date=TODAY() - datetime.timedelta(days=3),
        )
        Task.objects.create(
            board=board,
            title="Late but done",
            created_by=alice,
            status=Task.Status.DONE,
            due_date=TODAY() - datetime.timedelta(days=3),
        )
        assert set(Task.objects.open()) == {task, late}
        assert list(Task.objects.overdue()) == [late]

    def test_to_dict(self, task: Task) -> None:
        data = task.to_dict()
        assert data["title"] == "Upgrade PostgreSQL"
        assert data["priority"] == "high"
        assert data["assignee"] == "bob"
        assert data["is_overdue"] is False
        task.assignee = None
        task.due_date = None
        assert task.to_dict()["assignee"] is None
        assert task.to_dict()["due_date"] is None

    def test_comment_str(self, task: Task, bob: User) -> None:
        comment = Comment.objects.create(task=task, author=bob, body="On it.")
        assert str(comment) == "Comment by bob on Upgrade PostgreSQL"


@pytest.mark.django_db
class TestTaskForms:
    def test_assignee_limited_to_editing_members(self, board: Board, mallory: User) -> None:
        form = TaskForm(board=board)
        usernames = set(form.fields["assignee"].queryset.values_list("username", flat=True))  # type: ignore[attr-defined]
        assert usernames == {"alice", "bob"}

    def test_rejects_past_due_date_on_create(self, board: Board) -> None:
        form = TaskForm(
            data={
                "title": "Backfill",
                "status": "todo",
                "priority": 2,
                "due_date": (TODAY() - datetime.timedelta(days=1)).isoformat(),
            },
            board=board,
        )
        assert not form.is_valid()
        assert "due_date" in form.errors

    def test_allows_past_due_date_on_existing_task(self, board: Board, task: Task) -> None:
        form = TaskForm(
            data={
                "title": task.title,
                "status": "todo",
                "priority": 3,
                "due_date": (TODAY() - datetime.timedelta(days=1)).isoformat(),
            },
            instance=task,
            board=board,
        )
        assert form.is_valid(), form.errors

    def test_comment_form_rejects_blank(self) -> None:
        form = CommentForm(data={"body": "   "})
        assert not form.is_valid()


@pytest.mark.django_db
class TestTaskViews:
    def test_create_task(self, bob_client: Client, board: Board, bob: User) -> None:
        url = reverse("tasks:create", args=[board.slug])
        assert bob_client.get(url).status_code == 200
        response = bob_client.post(
            url,
            {
                "title": "Rotate credentials",
                "description": "",
                "status": "todo",
                "priority": 4,
                "assignee": bob.pk,
                "due_date": (TODAY() + datetime.timedelta(days=2)).isoformat(),
            },
        )
        task = Task.objects.get(title="Rotate credentials")
        assert response.status_code == 302
        assert response["Location"] == task.get_absolute_url()
        assert task.board == board
        assert task.created_by == bob

    def test_viewer_cannot_create_task(self, carol_client: Client, board: Board) -> None:
        url = reverse("tasks:create", args=[board.slug])
        assert carol_client.get(url).status_code == 403

    def test_detail(self, carol_client: Client, task: Task, bob: User) -> None:
        Comment.objects.create(task=task, author=bob, body="Scheduled for Friday.")
        response = carol_client.get(task.get_absolute_url())
        assert response.status_code == 200
        assert b"Scheduled for Friday." in response.content
        assert b"Add a comment" not in response.content

    def test_detail_of_task_on_other_board_is_404(
        self, alice_client: Client, task: Task, alice: User
    ) -> None:
        other = Board.objects.create(name="Other", owner=alice)
        other.memberships.create(user=alice, role="admin")
        url = reverse("tasks:detail", args=[other.slug, task.pk])
        assert alice_client.get(url).status_code == 404

    def test_non_member_gets_404(self, mallory_client: Client, task: Task) -> None:
        assert mallory_client.get(task.get_absolute_url()).status_code == 404

    def test_update_task(self, bob_client: Client, task: Task) -> None:
        url = reverse("tasks:update", args=[task.board.slug, task.pk])
        assert bob_client.get(url).status_code == 200
        response = bob_client.post(
            url, {"title": "Upgrade PostgreSQL to 16", "status": "done", "priority": 3}
        )
        assert response.status_code == 302
        task.refresh_from_db()
        assert task.title == "Upgrade PostgreSQL to 16"
        assert task.completed_at is not None

    def test_delete_task_requires_admin(self, bob_client: Client, task: Task) -> None:
        url = reverse("tasks:delete", args=[task.board.slug, task.pk])
        assert bob_client.post(url).status_code == 403
        assert Task.objects.filter(pk=task.pk).exists()

    def test_delete_task(self, alice_client: Client, task: Task) -> None:
        url = reverse("tasks:delete", args=[task.board.slug, task.pk])
        assert alice_client.get(url).status_code == 200
        response = alice_client.post(url)
        assert response.status_code == 302
        assert response["Location"] == task.board.get_absolute_url()
        assert not Task.objects.filter(pk=task.pk).exists()

    def test_add_comment(self, bob_client: Client, task: Task, bob: User) -> None:
        url = reverse("tasks:comment", args=[task.board.slug, task.pk])
        response = bob_client.post(url, {"body": "  Done in staging.  "})
        assert response.status_code == 302
        assert response["Location"].endswith("#comments")
        comment = task.comments.get()
        assert comment.body == "Done in staging."
        assert comment.author == bob

    def test_add_invalid_comment(self, bob_client: Client, task: Task) -> None:
        url = reverse("tasks:comment", args=[task.board.slug, task.pk])
        response = bob_client.post(url, {"body": ""}, follow=True)
        assert response.status_code == 200
        assert not task.comments.exists()
        assert b"This field is required." in response.content

    def test_viewer_cannot_comment(self, carol_client: Client, task: Task) -> None:
        url = reverse("tasks:comment", args=[task.board.slug, task.pk])
        assert carol_client.post(url, {"body": "hi"}).status_code == 403

    def test_comment_endpoint_rejects_get(self, bob_client: Client, task: Task) -> None:
        url = reverse("tasks:comment", args=[task.board.slug, task.pk])
        assert bob_client.get(url).status_code == 405
