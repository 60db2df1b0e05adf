"""Which Wagtail Site answers a request, remembered per process (benchmark B4).

Wagtail looks the Site up for every page it serves (`Site.find_for_request`): one query, whose
ORM expression costs more to build than the page's own queries. Sites and their root pages
change with publications, and every publication, move, deletion or Site change moves the page
cache's version (cms/cache.py). So each process keeps what Wagtail's lookup found for a host
and port under the current version, and hands a fresh copy to the next request as Wagtail does
itself: `Site.find_for_request` returns what is on `request._wagtail_site`. The root page comes
with it in its specific form, as Wagtail's serving asks for it (`root_page.specific`): its live
fields change only on publication. Instances are rebuilt from stored field values for every
request, never shared between requests."""

import datetime
import decimal
import threading
import uuid

from django.db import DEFAULT_DB_ALIAS
from django.http import HttpRequest
from django.http.request import split_domain_port

from wagtail.models import Page, Site

from cms.cache import is_page_request, page_cache_known_version

SITE_FIELDS = [field.attname for field in Site._meta.concrete_fields]
PAGE_FIELDS = [field.attname for field in Page._meta.concrete_fields]
NO_SITE = object()
IMMUTABLE = (str, int, float, bool, type(None), datetime.date, uuid.UUID, decimal.Decimal)


class _Remembered:
    lock = threading.Lock()
    version: int | None = None
    by_host: dict = {}

    @classmethod
    def get(cls, version: int, host: tuple):
        with cls.lock:
            return cls.by_host.get(host) if cls.version == version else None

    @classmethod
    def put(cls, version: int, host: tuple, found) -> None:
        with cls.lock:
            if cls.version != version:  # only the current version's: the dict never grows old keys
                cls.version, cls.by_host = version, {}
            cls.by_host[host] = found


def _stored(site: Site | None):
    """The site's and its root page's field values: the specific page's (Wagtail serves from
    `root_page.specific`), if they are all immutable, else the base page's."""
    if site is None:
        return NO_SITE
    root = site.root_page  # selected with the site by Wagtail's lookup
    specific = root.specific
    names = [field.attname for field in type(specific)._meta.concrete_fields]
    values = [getattr(specific, name) for name in names]
    if all(isinstance(value, IMMUTABLE) for value in values):
        root_found = (type(specific), names, values)
    else:  # a mutable value (a StreamField's, say) is never shared between requests
        root_found = (Page, PAGE_FIELDS, [getattr(root, name) for name in PAGE_FIELDS])
    return [getattr(site, name) for name in SITE_FIELDS], root_found


def _rebuilt(found) -> Site | None:
    if found is NO_SITE:
        return None
    site_values, (page_class, page_names, page_values) = found
    site = Site.from_db(DEFAULT_DB_ALIAS, SITE_FIELDS, site_values)
    site.root_page = page_class.from_db(DEFAULT_DB_ALIAS, page_names, page_values)
    return site


def forget_sites() -> None:
    with _Remembered.lock:
        _Remembered.version, _Remembered.by_host = None, {}


class SiteLookupMiddleware:
    """Gives Wagtail the Site it would find for a page it serves, without its query when this
    process already found it under the current page-cache version. Keyed as Wagtail's own lookup is: host name (raw,
    as Wagtail reads it, before the ALLOWED_HOSTS check) and port."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not is_page_request(request):  # other views never ask for the Site
            return self.get_response(request)
        version = page_cache_known_version()
        if version is None:  # nothing published since the cache was emptied: Wagtail looks it up
            return self.get_response(request)
        host = (split_domain_port(request._get_raw_host())[0], request.get_port())
        found = _Remembered.get(version, host)
        if found is None:
            _Remembered.put(version, host, _stored(Site.find_for_request(request)))
        else:
            request._wagtail_site = _rebuilt(found)
        return self.get_response(request)
