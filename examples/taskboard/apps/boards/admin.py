from django.contrib import admin

from .models import Board, Membership


class MembershipInline(admin.TabularInline[Membership, Board]):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin[Board]):
    list_display = ("name", "slug", "owner", "is_archived", "created_at")
    list_filter = ("is_archived",)
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("owner",)
    inlines = (MembershipInline,)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("board", "user", "role", "joined_at")
    list_filter = ("role",)
    search_fields = ("board__name", "user__username")
    autocomplete_fields = ("board", "user")
