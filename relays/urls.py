from django.urls import path

from relays.views import experiences

app_name = "relays"

# Mounted under /relais/ (lms/urls.py). The shared experiences come first: the relay pages'
# `<slug:slug>/` would otherwise catch "experiences/".
urlpatterns: list = [
    path("experiences/", experiences.experience_list, name="experiences"),
    path("experiences/<id:pk>/", experiences.experience_detail, name="experience"),
    path("experiences/<id:pk>/modifier/", experiences.experience_edit, name="experience_edit"),
    path("experiences/organisation/<slug:slug>/", experiences.organisation_tab, name="organisation_experiences"),
    path("experiences/organisation/<slug:slug>/nouveau/", experiences.experience_create, name="experience_create"),
    path(
        "experiences/organisation/<slug:slug>/mise-en-avant/<id:pk>/",
        experiences.experience_feature_toggle,
        name="experience_feature",
    ),
]
