import factory
import wagtail_factories

from cms.models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Accueil {n}")
    intro = "Des formations courtes pour tous les publics de l'école."

    class Meta:
        model = HomePage
