from django.contrib import admin

from lms.organisations.models import Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    """Reference data, loaded by `load_territories`: read-only here."""

    list_display = ["name", "code", "kind", "departement", "epci", "population", "is_active"]
    list_filter = ["kind", "is_active", "region"]
    search_fields = ["code", "search_name", "postcodes_text"]
    list_select_related = ["departement", "epci"]
    readonly_fields = [field.name for field in Territory._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset & Territory.objects.search(search_term), False
