from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from apps.accounts.models import User
from apps.boards.models import Board, Membership
from apps.tasks.models import Task

PASSWORD = "correct-horse-battery-staple"


def make_user(username: str, **extra: object) -> User:
    return User.objects.create_user(
        username=username, email=f"{username}@example.com", password=PASSWORD, **extra
    )


@pytest.fixture
def alice(db: None) -> User:
    return make_user("alice", display_name="Alice Admin")


@pytest.fixture
def bob(db: None) -> User:
    return make_user("bob")


@pytest.fixture
def carol(db: None) -> User:
    return make_user("carol")


@pytest.fixture
def mallory(db: None) -> User:
    return make_user("mallory")


@pytest.fixture
def board(alice: User, bob: User, carol: User) -> Board:
    """Alice administers it, Bob is a member, Carol can only view."""
    board = Board.objects.create(name="Platform Team", owner=alice, description="Infra work")
    Membership.objects.create(board=board, user=alice, role=Membership.Role.ADMIN)
    Membership.objects.create(board=board, user=bob, role=Membership.Role.MEMBER)
    Membership.objects.create(board=board, user=carol, role=Membership.Role.VIEWER)
    return board


@pytest.fixture
def task(board: Board, alice: User, bob: User) -> Task:
    return Task.objects.create(
        board=board,
        title="Upgrade PostgreSQL",
        description="Move to 16.",
        priority=Task.Priority.HIGH,
        assignee=bob,
        created_by=alice,
        due_date=timezone.localdate() + datetime.timedelta(days=7),
    )


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(client: Client, alice: User) -> Client:
    return login(client, alice)


@pytest.fixture
def bob_client(client: Client, bob: User) -> Client:
    return login(client, bob)


@pytest.fixture
def carol_client(client: Client, carol: User) -> Client:
    return login(client, carol)


@pytest.fixture
def mallory_client(client: Client, mallory: User) -> Client:
    return login(client, mallory)
