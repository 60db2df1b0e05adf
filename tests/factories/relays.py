import factory

from relays.models import RelayProfile
from tests.factories.organisations import OrganisationFactory


class RelayProfileFactory(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory(
        OrganisationFactory, kind="epn", name=factory.Sequence(lambda n: f"EPN d'essai {n}")
    )
    is_published = True
    summary = "Ateliers numériques pour tous."
    street = "1 place de la Mairie"
    postcode = "07000"
    opening_hours = "Mardi et jeudi 14 h – 18 h"
    services = factory.LazyFunction(lambda: ["Aide aux démarches administratives"])
    audiences = factory.LazyFunction(lambda: ["Familles et/ou enfants"])
    contact_email = "contact@epn.exemple.fr"

    class Meta:
        model = RelayProfile
