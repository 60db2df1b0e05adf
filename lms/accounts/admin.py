from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import User


class UserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):  # type: ignore[name-defined]  # the stub declares no Meta
        model = User
        fields = ("email", "first_name", "last_name")


@admin.register(User)
class PasserelleUserAdmin(UserAdmin):
    add_form = UserCreationForm
    ordering = ["last_name", "first_name"]
    list_display = ["login_id", "email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["login_id", "email", "first_name", "last_name"]
    readonly_fields = ["login_id", "last_login", "date_joined"]
    filter_horizontal = ["audiences", "groups", "user_permissions"]
    fieldsets = [
        (None, {"fields": ["login_id", "email", "password"]}),
        (_("Identité"), {"fields": ["first_name", "last_name", "audiences", "preferred_language"]}),
        (
            _("Droits"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "first_name", "last_name", "usable_password", "password1", "password2"],
            },
        ),
    ]
