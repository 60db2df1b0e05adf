import html


def page_text(response) -> str:
    """The response's HTML with entities decoded, so that French apostrophes compare as typed."""
    return html.unescape(response.content.decode())


def database_cache_queries() -> int:
    """1 when the cache is the database (a cache read is a query), 0 with Redis."""
    from django.conf import settings

    return int(settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"))
