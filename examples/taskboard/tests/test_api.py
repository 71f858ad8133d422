import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.boards.models import Board
from apps.tasks.models import Task


def api_url(board: Board) -> str:
    return reverse("tasks:api-list", args=[board.slug])


@pytest.mark.django_db
class TestTaskListApi:
    def test_lists_board_tasks(self, carol_client: Client, board: Board, task: Task) -> None:
        response = carol_client.get(api_url(board))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        body = response.json()
        assert body["board"] == "platform-team"
        assert body["count"] == 1
        assert body["tasks"][0]["id"] == task.pk
        assert body["tasks"][0]["url"] == task.get_absolute_url()
        assert body["links"]["board"] == "http://testserver/boards/platform-team/"

    def test_filters_by_status_and_assignee(
        self, carol_client: Client, board: Board, task: Task, alice: User
    ) -> None:
        Task.objects.create(board=board, title="Done thing", status="done", created_by=alice)
        assert carol_client.get(api_url(board), {"status": "done"}).json()["count"] == 1
        assert carol_client.get(api_url(board), {"assignee": "bob"}).json()["count"] == 1
        assert carol_client.get(api_url(board), {"assignee": "alice"}).json()["count"] == 0

    def test_rejects_unknown_status(self, carol_client: Client, board: Board) -> None:
        response = carol_client.get(api_url(board), {"status": "blocked"})
        assert response.status_code == 400
        assert "todo" in response.json()["allowed"]

    def test_anonymous_gets_401(self, client: Client, board: Board) -> None:
        response = client.get(api_url(board))
        assert response.status_code == 401
        assert response.json() == {"error": "authentication required"}

    def test_non_member_gets_404(self, mallory_client: Client, board: Board) -> None:
        assert mallory_client.get(api_url(board)).status_code == 404

    def test_unknown_board_is_404(self, alice_client: Client) -> None:
        response = alice_client.get(reverse("tasks:api-list", args=["missing"]))
        assert response.status_code == 404

    def test_post_not_allowed(self, alice_client: Client, board: Board) -> None:
        assert alice_client.post(api_url(board)).status_code == 405
