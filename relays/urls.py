from django.urls import path  # noqa: F401

app_name = "relays"

# Mounted under /relais/ (lms/urls.py).
urlpatterns: list = []
