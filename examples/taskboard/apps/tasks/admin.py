from django.contrib import admin

from .models import Comment, Task


class CommentInline(admin.StackedInline[Comment, Task]):
    model = Comment
    extra = 0
    autocomplete_fields = ("author",)


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin[Task]):
    list_display = ("title", "board", "status", "priority", "assignee", "due_date")
    list_filter = ("status", "priority", "board")
    search_fields = ("title", "description", "board__name")
    autocomplete_fields = ("board", "assignee", "created_by")
    date_hierarchy = "created_at"
    readonly_fields = ("completed_at", "created_at", "updated_at")
    inlines = (CommentInline,)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin[Comment]):
    list_display = ("task", "author", "created_at")
    search_fields = ("body", "task__title", "author__username")
    autocomplete_fields = ("task", "author")
