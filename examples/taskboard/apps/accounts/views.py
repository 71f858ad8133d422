from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.views.generic import CreateView, UpdateView

from .forms import ProfileForm, SignUpForm
from .models import User


class SignUpView(CreateView[User, SignUpForm]):
    form_class = SignUpForm
    template_name = "accounts/signup.html"
    success_url = reverse_lazy("boards:list")

    def form_valid(self, form: SignUpForm) -> HttpResponse:
        response = super().form_valid(form)
        login(self.request, self.object, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, "Welcome to Taskboard!")
        return response


class ProfileView(LoginRequiredMixin, UpdateView[User, ProfileForm]):
    form_class = ProfileForm
    template_name = "accounts/profile_form.html"
    success_url = reverse_lazy("accounts:profile")

    def get_object(self, queryset: object = None) -> User:
        # LoginRequiredMixin guarantees an authenticated User here.
        return cast(User, self.request.user)

    def form_valid(self, form: ProfileForm) -> HttpResponse:
        messages.success(self.request, "Profile updated.")
        return super().form_valid(form)
