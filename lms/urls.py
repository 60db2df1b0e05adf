from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views.serve import serve as wagtail_document_serve

from lms.accounts import views as account_views
from lms.organisations import views as organisation_views
from lms.runtime import views as runtime_views
from lms.runtime.media import byte_ranges

handler404 = "lms.runtime.views.page_not_found"
handler500 = "lms.runtime.views.server_error"

urlpatterns = [
    # Every sign-in goes through the site's form (issue 21): these take the place of Django's and
    # Wagtail's own login and password reset pages, which would otherwise stay reachable.
    path("django-admin/login/", account_views.sign_in_elsewhere, name="django_admin_login"),
    path("admin/login/", account_views.sign_in_elsewhere, name="wagtail_admin_login"),
    path("_util/login/", account_views.sign_in_elsewhere, name="wagtail_frontend_login"),
    re_path(r"^admin/password_reset/", account_views.password_reset_elsewhere),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document view (privacy checks, then the file), able to answer a Range: videos
    # are documents, and Chromium seeks in them by ranges.
    re_path(r"^documents/(\d+)/(.*)$", byte_ranges(wagtail_document_serve), name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("lms.notifications.urls")),
    path("compte/activation/<str:token>/", organisation_views.invitation_activation, name="invitation_activation"),
    path("compte/commune/", organisation_views.home_commune_view, name="home_commune"),
    path("compte/", include("lms.accounts.urls")),
    # /formateurs/, /sessions/ and the manager space's Sessions tab (organisations/<slug>/sessions/).
    path("", include("facetoface.urls")),
    # /enquetes/… and the manager space's Enquêtes tab (organisations/<slug>/enquetes/).
    path("", include("surveys.urls")),
    # Territorial dashboards and their open data (issue 28).
    path("territoires/", include("dashboards.urls")),
    # The network of local relays: directory, relay pages, shared experiences (issue 30).
    path("relais/", include("relays.urls")),
    path("organisations/<slug:slug>/", include("courses.manager_urls")),
    path("organisations/", include("lms.organisations.urls")),
    path("mon-espace/", include("courses.urls")),
    path("", include("certificates.urls")),
    # Open data beside the scenarios' pages, which Wagtail serves below /scenarios/.
    path("scenarios/", include("scenarios.urls")),
    path("sante/", runtime_views.health, name="health"),
    path("", include("cms.urls")),
    path("langue/<str:code>/", runtime_views.switch_language, name="switch_language"),
]

# Public media when PASSERELLE_SERVE_MEDIA is on (make run), whatever DEBUG says.
urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", runtime_views.public_media, name="public_media")]

# Wagtail serves every other path from the page tree, starting with the home page at "/".
urlpatterns += [path("", include(wagtail_urls))]
