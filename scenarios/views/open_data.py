"""Open data about scenarios: the JSON export and the Atom feed. Published scenarios only."""

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, JsonResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from scenarios.selectors import display_name, published_scenarios, scenario_export_rows

EXPORT_VERSION = 1
FEED_ITEMS = 30


@require_GET
def export(request: HttpRequest) -> JsonResponse:
    """Every published scenario, in the schema of docs/scenarios-open-data.md."""
    response = JsonResponse(
        {"version": EXPORT_VERSION, "scenarios": scenario_export_rows(request)},
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


class ScenarioFeed(Feed):
    """The newest published scenarios, as Atom."""

    feed_type = Atom1Feed
    title = _("Passerelle : nouveaux scénarios pédagogiques")
    subtitle = _("Les derniers scénarios pédagogiques publiés sur Passerelle.")
    link = "/scenarios/"

    def get_object(self, request, *args, **kwargs):
        # The feed's links need the request (Wagtail finds each page's site through it).
        self.request = request
        return None

    def items(self):
        return published_scenarios().prefetch_related("authors").order_by("-first_published_at", "-pk")[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return ", ".join(sorted(display_name(author) for author in item.authors.all())) or None
