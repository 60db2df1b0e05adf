from datetime import timedelta

from django.utils import timezone

import factory

from surveys.models import (
    Answer,
    Campaign,
    CampaignTarget,
    CourseAnswer,
    CourseAnswerMarker,
    CourseSheet,
    CourseSurvey,
    Questionnaire,
    Response,
)


def small_body() -> list[dict]:
    """Two sections covering every question kind, with a condition in each direction."""
    from surveys.defaults import q, section

    return [
        section(
            "Équipement",
            "",
            q("tablettes", "number", "Combien de tablettes ?", unit="tablettes", minimum=0, maximum=500),
            q("connectee", "yes_no", "L'école est-elle reliée à internet ?"),
            q(
                "connexion",
                "single",
                "Par quel moyen ?",
                choices=[("fibre", "Fibre"), ("adsl", "ADSL")],
                when=("connectee", "equals", "oui"),
            ),
        ),
        section(
            "Usages",
            "",
            q("cycles", "multiple", "Cycles ?", choices=[("cycle1", "Cycle 1"), ("cycle2", "Cycle 2")]),
            q(
                "usage_cycle1",
                "single",
                "Usage au cycle 1",
                choices=[("jamais", "Jamais"), ("souvent", "Souvent")],
                when=("cycles", "includes", "cycle1"),
            ),
            q("satisfaction", "scale", "Satisfaction", low="Pas du tout", high="Tout à fait"),
            q("nom_ent", "short_text", "Nom de l'ENT", required=False),
            q("commentaire", "long_text", "Commentaire", required=False),
        ),
    ]


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    family = factory.Sequence(lambda n: f"enquete-essai-{n}")
    version = 1
    title = factory.Sequence(lambda n: f"Enquête d'essai {n}")
    audience = "schools"
    body = factory.LazyFunction(small_body)

    class Meta:
        model = Questionnaire


class CampaignFactory(factory.django.DjangoModelFactory):
    questionnaire = factory.SubFactory(QuestionnaireFactory)
    agency = factory.SubFactory(
        "tests.factories.organisations.OrganisationFactory",
        kind="regional_agency",
        territory=factory.SubFactory("tests.factories.organisations.TerritoryFactory", kind="region"),
    )
    title = factory.Sequence(lambda n: f"Campagne d'essai {n}")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))

    class Meta:
        model = Campaign


class CampaignTargetFactory(factory.django.DjangoModelFactory):
    campaign = factory.SubFactory(CampaignFactory)
    organisation = factory.SubFactory("tests.factories.organisations.OrganisationFactory")

    class Meta:
        model = CampaignTarget


class ResponseFactory(factory.django.DjangoModelFactory):
    campaign = factory.SubFactory(CampaignFactory)
    organisation = factory.SubFactory("tests.factories.organisations.OrganisationFactory")

    class Meta:
        model = Response


class AnswerFactory(factory.django.DjangoModelFactory):
    response = factory.SubFactory(ResponseFactory)
    key = "tablettes"
    number = 12

    class Meta:
        model = Answer


def learner_body() -> list[dict]:
    """A course questionnaire: two 1-to-5 statements, a choice and a free comment."""
    from surveys.defaults import q, section

    return [
        section(
            "Avis",
            "",
            q("clarte", "scale", "C'était clair."),
            q("utile", "scale", "C'est utile."),
            q("duree", "single", "Durée", choices=[("courte", "Courte"), ("longue", "Longue")]),
            q("commentaire", "long_text", "Commentaire", required=False),
        )
    ]


class LearnerQuestionnaireFactory(QuestionnaireFactory):
    audience = "learners"
    body = factory.LazyFunction(learner_body)


class CourseSurveyFactory(factory.django.DjangoModelFactory):
    course = factory.SubFactory("tests.factories.courses.CourseFactory")
    satisfaction = factory.SubFactory(LearnerQuestionnaireFactory)
    self_assessment = factory.SubFactory(LearnerQuestionnaireFactory)

    class Meta:
        model = CourseSurvey


class CourseAnswerMarkerFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    course = factory.SubFactory("tests.factories.courses.CourseFactory")
    kind = "satisfaction"

    class Meta:
        model = CourseAnswerMarker


class CourseSheetFactory(factory.django.DjangoModelFactory):
    course = factory.SubFactory("tests.factories.courses.CourseFactory")
    questionnaire = factory.SubFactory(LearnerQuestionnaireFactory)
    kind = "satisfaction"
    week = "2026-W49"

    class Meta:
        model = CourseSheet


class CourseAnswerFactory(factory.django.DjangoModelFactory):
    sheet = factory.SubFactory(CourseSheetFactory)
    key = "clarte"
    number = 4

    class Meta:
        model = CourseAnswer
