from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        # CMS content is written in French; pages mark it so when the interface is in English.
        "CONTENT_LANGUAGE": settings.WAGTAIL_CONTENT_LANGUAGES[0][0],
    }
