"""Shared set-up of the shared-experience tests: a small Ardèche and its organisations."""

from django.contrib.auth.models import Group

from lms.organisations.models import MembershipRole, OrganisationKind, TerritoryKind
from relays.models import ExperienceStatus
from relays.services.experiences import ExperienceContent, experience_moderate, experience_save
from tests.factories import MembershipFactory, OrganisationFactory, TerritoryFactory, UserFactory

FORM = {
    "title": "Des ateliers ENT pour les parents",
    "territory": "",
    "context": "Les parents de l'école ne lisaient pas les messages de l'ENT.",
    "actions": "Trois samedis matin à la médiathèque, avec le médiateur de l'EPN.",
    "budget_band": "under_1k",
    "partners": "EPN Centre Ardèche",
    "results": "42 familles accompagnées.",
    "contact": "Mairie, service éducation",
}


def moderator():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return user


def manager_of(organisation, **kwargs):
    return MembershipFactory(organisation=organisation, role=MembershipRole.MANAGER, **kwargs).user


def ardeche() -> dict:
    """Département 07 with an EPCI of two communes (Privas, Veyras) and Aubenas outside it; a town
    hall in each commune, an EPN in Privas, the département's association of mayors, and a
    commune of Drôme next door."""
    region = TerritoryFactory(kind=TerritoryKind.REGION, code="84", name="Auvergne-Rhône-Alpes")
    dep = TerritoryFactory(kind=TerritoryKind.DEPARTEMENT, code="07", name="Ardèche", region=region)
    drome = TerritoryFactory(kind=TerritoryKind.DEPARTEMENT, code="26", name="Drôme", region=region)
    epci = TerritoryFactory(kind=TerritoryKind.EPCI, code="200071413", name="CA Privas Centre Ardèche")
    communes = {
        name: TerritoryFactory(code=code, name=name, region=region, departement=dep, epci=in_epci)
        for name, code, in_epci in (("Privas", "07186", epci), ("Veyras", "07340", epci), ("Aubenas", "07019", None))
    }
    communes["Valence"] = TerritoryFactory(code="26362", name="Valence", region=region, departement=drome)
    town_halls = {
        name: OrganisationFactory(name=f"Mairie de {name}", slug=f"mairie-{name.lower()}", territory=territory)
        for name, territory in communes.items()
    }
    epn = OrganisationFactory(
        kind=OrganisationKind.EPN, name="EPN Centre Ardèche", slug="epn", territory=communes["Privas"]
    )
    association = OrganisationFactory(
        kind=OrganisationKind.ASSOCIATION_ELUS, name="Maires de l'Ardèche", slug="amf07", territory=dep
    )
    return {
        "region": region,
        "departement": dep,
        "epci": epci,
        "communes": communes,
        "town_halls": town_halls,
        "epn": epn,
        "association": association,
    }


def content(territory, *, title="Des ateliers ENT pour les parents", themes=()) -> ExperienceContent:
    return ExperienceContent(
        title=title,
        context=FORM["context"],
        actions=FORM["actions"],
        budget_band=FORM["budget_band"],
        partners=FORM["partners"],
        results=FORM["results"],
        contact=FORM["contact"],
        territory=territory,
        themes=list(themes),
    )


def shared(organisation, *, status=ExperienceStatus.APPROVED, territory=None, title="Des ateliers ENT", themes=()):
    """An experience written by a manager of `organisation`, taken to `status` the real way."""
    author = manager_of(organisation)
    experience = experience_save(
        organisation=organisation,
        author=author,
        content=content(territory or organisation.territory, title=title, themes=themes),
        submit=status != ExperienceStatus.DRAFT,
    )
    if status in (ExperienceStatus.APPROVED, ExperienceStatus.REJECTED):
        experience = experience_moderate(
            experience=experience,
            moderator=moderator(),
            approve=status == ExperienceStatus.APPROVED,
            note="Trop court.",
        )
    return experience
