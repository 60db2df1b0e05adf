"""Reads for the directory, its printable list, the open data and the relay page. The directory
and the exports share `directory_profiles`, so they can never list different relays; tests pin
the query counts."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from courses.models import Course
from courses.selectors import organisation_progress
from dashboards.suppression import Cell, suppress_value
from facetoface.models import TrainingSession
from facetoface.selectors import upcoming_sessions
from lms.organisations.models import Organisation, Territory
from lms.organisations.selectors import communes_for_place
from relays.models import RelayProfile, RelayProfileQuerySet
from relays.standard import by_key, field_names, join
from scenarios.models import ScenarioCollection
from scenarios.selectors import collections_with_counts

# Proximity of a relay to the commune searched: there is no geolocation, so "near" is the
# official geography (issue 30).
IN_COMMUNE, IN_EPCI, IN_DEPARTEMENT = 0, 1, 2


@dataclass(frozen=True)
class DirectoryFilters:
    commune_query: str = ""
    service: str = ""  # a key of the standard's value (relays.standard.key)
    audience: str = ""

    @classmethod
    def from_query(cls, data: Mapping[str, str]) -> "DirectoryFilters":
        services = by_key("services")
        audiences = by_key("publics_specifiquement_adresses")
        service = data.get("service", "")
        audience = data.get("public", "")
        # An unknown key is ignored rather than answered with nothing: a stale link still lists.
        return cls(
            commune_query=data.get("commune", "").strip()[:100],
            service=service if service in services else "",
            audience=audience if audience in audiences else "",
        )

    @property
    def is_empty(self) -> bool:
        return not (self.commune_query or self.service or self.audience)


@dataclass
class DirectoryResult:
    profiles: QuerySet[RelayProfile]
    commune: Territory | None = None
    # Other communes the words also name ("Saint-Julien…"), for the person to pick another.
    other_communes: list[Territory] = field(default_factory=list)
    commune_not_found: bool = False


def _published() -> RelayProfileQuerySet:
    return RelayProfile.objects.published().select_related("organisation", "organisation__territory")


def searched_commune(query: str) -> tuple[Territory | None, list[Territory]]:
    """The commune a visitor means (accents, case and hyphens ignored, or a postcode or INSEE
    code), the most populated first, with the others the words also name (at most five)."""
    if not query:
        return None, []
    candidates = list(communes_for_place(query).select_related("epci", "departement")[:6])
    if not candidates:
        return None, []
    return candidates[0], candidates[1:]


def directory_profiles(filters: DirectoryFilters, commune: Territory | None = None) -> QuerySet[RelayProfile]:
    """Published profiles matching the filters: with a commune, those in it, then in its EPCI,
    then in its département (`proximity`), each band by name."""
    profiles = _published()
    if filters.service:
        profiles = profiles.with_tag("services", filters.service)
    if filters.audience:
        profiles = profiles.with_tag("audiences", filters.audience)
    if commune is None:
        return profiles.order_by("organisation__name", "pk")
    bands = [When(organisation__territory=commune, then=Value(IN_COMMUNE))]
    near = Q(organisation__territory=commune)
    if commune.epci_id:
        bands.append(When(organisation__territory__epci_id=commune.epci_id, then=Value(IN_EPCI)))
        near |= Q(organisation__territory__epci_id=commune.epci_id)
    if commune.departement_id:
        bands.append(When(organisation__territory__departement_id=commune.departement_id, then=Value(IN_DEPARTEMENT)))
        near |= Q(organisation__territory__departement_id=commune.departement_id)
    return (
        profiles.filter(near)
        .annotate(proximity=Case(*bands, default=Value(IN_DEPARTEMENT), output_field=IntegerField()))
        .order_by("proximity", "organisation__name", "pk")
    )


def directory_search(filters: DirectoryFilters) -> DirectoryResult:
    commune, others = searched_commune(filters.commune_query)
    if filters.commune_query and commune is None:
        return DirectoryResult(profiles=RelayProfile.objects.none(), commune_not_found=True)
    return DirectoryResult(profiles=directory_profiles(filters, commune), commune=commune, other_communes=others)


# --- Open data ----------------------------------------------------------------------------

# The standard's typologie for each kind of organisation that may publish a profile.
TYPOLOGIE = {"epn": "EPN", "mediatheque": "BIB", "association": "ASSO", "commune": "MUNI"}
# The standard's placeholder when a place has no SIRET (its `pivot` is required).
NO_SIRET = "00000000000000"


def export_row(profile: RelayProfile, *, site_url: str, relay_url: str) -> dict[str, str]:
    """One relay in the standard's flat schema, every field present (empty when unknown) and
    lists joined with the standard's separator. The accessibility facts the standard has no
    field for (step-free access, hearing loop) are written into `presentation_detail`."""
    organisation = profile.organisation
    access = []
    if profile.step_free_access:
        access.append("Accès de plain-pied ou par rampe.")
    if profile.hearing_loop:
        access.append("Boucle magnétique.")
    row = {
        "id": f"passerelle-{organisation.slug}",
        "nom": organisation.name,
        "services": join(profile.services),
        "pivot": organisation.siret or NO_SIRET,
        "typologie": TYPOLOGIE.get(organisation.kind, ""),
        "structure_parente": "",
        "commune": organisation.territory.name,
        "code_postal": profile.postcode,
        "adresse": profile.street,
        "code_insee": organisation.territory.code,
        "complement_adresse": profile.address_complement,
        "latitude": "",
        "longitude": "",
        "telephone": profile.phone,
        "courriels": profile.contact_email,
        "site_web": profile.website or site_url + relay_url,
        "presentation_resume": profile.summary,
        "presentation_detail": " ".join(access),
        "publics_specifiquement_adresses": join(profile.audiences),
        "prise_en_charge_specifique": join(profile.support),
        "frais_a_charge": "",
        "modalites_acces": "",
        "modalites_accompagnement": "",
        "fiche_acces_libre": profile.acces_libre_url,
        "itinerance": "",
        "dispositif_programmes_nationaux": "",
        "formations_labels": "",
        "autres_formations_labels": "",
        "horaires": profile.opening_hours,
        "prise_rdv": "",
        "date_maj": profile.updated_at.date().isoformat(),
        "source": "Passerelle",
    }
    return {name: row[name] for name in field_names()}


# --- The relay page -------------------------------------------------------------------------


def published_profile(slug: str) -> RelayProfile | None:
    return _published().filter(organisation__slug=slug).first()


def relay_upcoming_sessions(organisation: Organisation, limit: int = 5) -> list[TrainingSession]:
    """Sessions held at the relay, soonest first, whoever organises them."""
    return list(upcoming_sessions().filter(place_organisation=organisation)[:limit])


def relay_collections(organisation: Organisation) -> list[ScenarioCollection]:
    """The relay's public scenario collections, with their sizes."""
    return list(collections_with_counts(ScenarioCollection.objects.filter(organisation=organisation)))


def relay_recommended_courses(profile: RelayProfile) -> list[Course]:
    """What the relay recommends and is still published (a course withdrawn since drops out)."""
    return list(profile.recommended_courses.published().order_by("title"))


@dataclass(frozen=True)
class RelayResults:
    enrolled: Cell
    completed: Cell


def relay_results(organisation: Organisation) -> RelayResults:
    """The people the relay follows on their courses, aggregated and with the dashboards' small-
    cell rule: fewer than five people is shown "< 5", never the figure."""
    rows = organisation_progress(organisation)
    return RelayResults(
        enrolled=suppress_value(sum(row["total"] for row in rows)),
        completed=suppress_value(sum(row["completed"] for row in rows)),
    )
