"""Root URL configuration."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from apps.accounts.forms import LoginForm

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="boards:list", permanent=False), name="home"),
    path("", include("apps.core.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("apps.accounts.urls")),
    path("boards/", include("apps.boards.urls")),
    path("", include("apps.tasks.urls")),
    path("admin/", admin.site.urls),
]
