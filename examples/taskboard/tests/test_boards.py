import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.boards.forms import BoardForm, MembershipForm
from apps.boards.models import Board, Membership
from apps.tasks.models import Task


@pytest.mark.django_db
class TestBoardModel:
    def test_slug_is_generated_and_unique(self, alice: User) -> None:
        first = Board.objects.create(name="Release Train", owner=alice)
        second = Board.objects.create(name="Release Train", owner=alice)
        assert first.slug == "release-train"
        assert second.slug == "release-train-2"

    def test_slug_fallback_for_unsluggable_name(self, alice: User) -> None:
        assert Board.objects.create(name="!!!", owner=alice).slug == "board"

    def test_existing_slug_is_kept_on_rename(self, board: Board) -> None:
        board.name = "Renamed"
        board.save()
        board.refresh_from_db()
        assert board.slug == "platform-team"

    def test_str_and_url(self, board: Board) -> None:
        assert str(board) == "Platform Team"
        assert board.get_absolute_url() == "/boards/platform-team/"

    def test_roles(self, board: Board, alice: User, bob: User, carol: User, mallory: User) -> None:
        assert board.can_admin(alice) and board.can_edit(alice)
        assert board.can_edit(bob) and not board.can_admin(bob)
        assert board.can_view(carol) and not board.can_edit(carol)
        assert not board.can_view(mallory)
        assert board.role_for(AnonymousUser()) is None

    def test_visible_to_and_active(self, board: Board, alice: User, mallory: User) -> None:
        archived = Board.objects.create(name="Old", owner=alice, is_archived=True)
        Membership.objects.create(board=archived, user=alice, role=Membership.Role.ADMIN)
        assert set(Board.objects.visible_to(alice)) == {board, archived}
        assert list(Board.objects.visible_to(alice).active()) == [board]
        assert not Board.objects.visible_to(mallory).exists()
        assert not Board.objects.visible_to(AnonymousUser()).exists()

    def test_membership_str(self, board: Board, bob: User) -> None:
        membership = board.memberships.get(user=bob)
        assert str(membership) == "bob on Platform Team (Member)"


@pytest.mark.django_db
class TestBoardForms:
    def test_new_board_form_has_no_archive_toggle(self) -> None:
        assert "is_archived" not in BoardForm().fields

    def test_edit_board_form_has_archive_toggle(self, board: Board) -> None:
        assert "is_archived" in BoardForm(instance=board).fields

    def test_membership_form_adds_member(self, board: Board, mallory: User) -> None:
        form = MembershipForm(data={"username": "MALLORY", "role": "viewer"}, board=board)
        assert form.is_valid(), form.errors
        membership = form.save()
        assert membership.user == mallory
        assert membership.role == Membership.Role.VIEWER

    def test_membership_form_rejects_unknown_user(self, board: Board) -> None:
        form = MembershipForm(data={"username": "nobody", "role": "member"}, board=board)
        assert not form.is_valid()
        assert "No active user" in form.errors["username"][0]

    def test_membership_form_rejects_existing_member(self, board: Board) -> None:
        form = MembershipForm(data={"username": "bob", "role": "member"}, board=board)
        assert not form.is_valid()
        assert "already a member" in form.errors["username"][0]


@pytest.mark.django_db
class TestBoardViews:
    def test_list_requires_login(self, client: Client) -> None:
        response = client.get(reverse("boards:list"))
        assert response.status_code == 302

    def test_list_shows_only_my_active_boards(
        self, alice_client: Client, board: Board, alice: User, mallory: User
    ) -> None:
        Board.objects.create(name="Not mine", owner=mallory)
        archived = Board.objects.create(name="Archived board", owner=alice, is_archived=True)
        Membership.objects.create(board=archived, user=alice, role=Membership.Role.ADMIN)
        Task.objects.create(board=board, title="Open", created_by=alice)
        Task.objects.create(board=board, title="Closed", created_by=alice, status="done")

        response = alice_client.get(reverse("boards:list"))
        assert response.status_code == 200
        boards = list(response.context["boards"])
        assert boards == [board]
        assert boards[0].open_tasks == 1
        assert boards[0].member_count == 3

        response = alice_client.get(reverse("boards:list") + "?archived=1")
        assert {b.name for b in response.context["boards"]} == {"Platform Team", "Archived board"}
        assert response.context["show_archived"] is True

    def test_empty_list(self, mallory_client: Client) -> None:
        response = mallory_client.get(reverse("boards:list"))
        assert b"not on any boards yet" in response.content

    def test_create_board_makes_creator_admin(self, bob_client: Client, bob: User) -> None:
        assert bob_client.get(reverse("boards:create")).status_code == 200
        response = bob_client.post(
            reverse("boards:create"), {"name": "Mobile App", "description": "iOS + Android"}
        )
        board = Board.objects.get(name="Mobile App")
        assert response.status_code == 302
        assert response["Location"] == board.get_absolute_url()
        assert board.owner == bob
        assert board.role_for(bob) == Membership.Role.ADMIN

    def test_detail_groups_tasks_by_status(
        self, carol_client: Client, board: Board, task: Task
    ) -> None:
        Task.objects.create(
            board=board, title="Write runbook", status="done", created_by=task.created_by
        )
        response = carol_client.get(board.get_absolute_url())
        assert response.status_code == 200
        columns = {status: tasks for status, _label, tasks in response.context["columns"]}
        assert [t.title for t in columns["todo"]] == ["Upgrade PostgreSQL"]
        assert [t.title for t in columns["done"]] == ["Write runbook"]
        assert response.context["can_edit"] is False
        assert b"New task" not in response.content

    def test_detail_is_404_for_non_members(self, mallory_client: Client, board: Board) -> None:
        assert mallory_client.get(board.get_absolute_url()).status_code == 404

    def test_detail_redirects_anonymous_to_login(self, client: Client, board: Board) -> None:
        response = client.get(board.get_absolute_url())
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_update_board_as_admin(self, alice_client: Client, board: Board) -> None:
        url = reverse("boards:update", args=[board.slug])
        assert alice_client.get(url).status_code == 200
        response = alice_client.post(
            url, {"name": "Platform", "description": "", "is_archived": "on"}
        )
        assert response.status_code == 302
        board.refresh_from_db()
        assert board.name == "Platform"
        assert board.is_archived

    def test_update_board_forbidden_for_members(self, bob_client: Client, board: Board) -> None:
        url = reverse("boards:update", args=[board.slug])
        assert bob_client.get(url).status_code == 403

    def test_add_member(self, alice_client: Client, board: Board, mallory: User) -> None:
        url = reverse("boards:add-member", args=[board.slug])
        assert alice_client.get(url).status_code == 200
        response = alice_client.post(url, {"username": "mallory", "role": "member"})
        assert response.status_code == 302
        assert board.can_edit(mallory)

    def test_add_member_invalid(self, alice_client: Client, board: Board) -> None:
        url = reverse("boards:add-member", args=[board.slug])
        response = alice_client.post(url, {"username": "ghost", "role": "member"})
        assert response.status_code == 200
        assert response.context["form"].errors

    def test_add_member_forbidden_for_viewer(self, carol_client: Client, board: Board) -> None:
        url = reverse("boards:add-member", args=[board.slug])
        assert carol_client.post(url, {"username": "mallory", "role": "admin"}).status_code == 403
