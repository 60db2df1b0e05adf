from django.urls import re_path

from cms.legal import legal_page

urlpatterns = [
    re_path(r"^(?P<kind>mentions-legales|confidentialite|accessibilite|cookies)/$", legal_page, name="legal_page"),
]
