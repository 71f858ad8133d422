import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.forms import ProfileForm, SignUpForm
from apps.accounts.models import User

from .conftest import PASSWORD


@pytest.mark.django_db
class TestUserModel:
    def test_str_prefers_display_name(self, alice: User) -> None:
        assert str(alice) == "Alice Admin"

    def test_str_falls_back_to_username(self, bob: User) -> None:
        assert str(bob) == "bob"

    def test_initials(self, alice: User, bob: User) -> None:
        assert alice.initials == "AA"
        assert bob.initials == "B"


@pytest.mark.django_db
class TestSignUp:
    def form_data(self, **overrides: str) -> dict[str, str]:
        data = {
            "username": "dave",
            "email": "Dave@Example.com",
            "display_name": "Dave",
            "password1": PASSWORD,
            "password2": PASSWORD,
        }
        data.update(overrides)
        return data

    def test_form_normalises_email(self) -> None:
        form = SignUpForm(data=self.form_data())
        assert form.is_valid(), form.errors
        assert form.cleaned_data["email"] == "dave@example.com"

    def test_form_rejects_duplicate_email(self, alice: User) -> None:
        form = SignUpForm(data=self.form_data(email="ALICE@example.com"))
        assert not form.is_valid()
        assert "email" in form.errors

    def test_form_requires_email(self) -> None:
        form = SignUpForm(data=self.form_data(email=""))
        assert not form.is_valid()
        assert "email" in form.errors

    def test_signup_view_creates_user_and_logs_in(self, client: Client) -> None:
        response = client.post(reverse("accounts:signup"), self.form_data())
        assert response.status_code == 302
        assert response["Location"] == reverse("boards:list")
        user = User.objects.get(username="dave")
        assert client.session["_auth_user_id"] == str(user.pk)

    def test_signup_page_renders(self, client: Client) -> None:
        response = client.get(reverse("accounts:signup"))
        assert response.status_code == 200
        assert b"Create your account" in response.content


@pytest.mark.django_db
class TestProfile:
    def test_requires_login(self, client: Client) -> None:
        response = client.get(reverse("accounts:profile"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_updates_own_profile(self, alice_client: Client, alice: User) -> None:
        response = alice_client.post(
            reverse("accounts:profile"),
            {
                "display_name": "Alice A.",
                "first_name": "Alice",
                "last_name": "Anders",
                "email": "alice@example.com",
                "bio": "Runs the platform team.",
            },
        )
        assert response.status_code == 302
        alice.refresh_from_db()
        assert alice.display_name == "Alice A."
        assert alice.bio == "Runs the platform team."

    def test_profile_form_styles_widgets(self, alice: User) -> None:
        form = ProfileForm(instance=alice)
        assert "rounded-md" in form.fields["display_name"].widget.attrs["class"]

    def test_profile_page_renders(self, alice_client: Client) -> None:
        response = alice_client.get(reverse("accounts:profile"))
        assert response.status_code == 200
        assert b"AA" in response.content


@pytest.mark.django_db
def test_login_page_and_login(client: Client, alice: User) -> None:
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("boards:list")


@pytest.mark.django_db
def test_logout(alice_client: Client) -> None:
    response = alice_client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in alice_client.session
