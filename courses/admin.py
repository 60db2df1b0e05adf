from django.contrib import admin

from courses.models import Course, Module

MODULE_FIELDS = ("position", "title", "is_required", "estimated_minutes", "is_published")


class ModuleInline(admin.TabularInline):
    model = Module
    fields = MODULE_FIELDS
    readonly_fields = MODULE_FIELDS  # shown, never edited here: modules change by publishing
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    """Read-only: these rows are written by publishing in the CMS."""

    list_display = ["title", "is_published", "is_sequential", "pass_mark", "last_published_at"]
    list_filter = ["is_published", "audiences"]
    search_fields = ["title"]
    inlines = [ModuleInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "position", "is_required", "is_published"]
    list_filter = ["is_published", "is_required"]
    search_fields = ["title", "course__title"]
    list_select_related = ["course"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
