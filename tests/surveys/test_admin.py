"""Questionnaires in the Wagtail admin: the Agences group edits them; a frozen version saved in
the admin becomes the next version."""

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils.form_data import nested_form_data, streamfield

from surveys.models import Questionnaire
from tests.factories import UserFactory
from tests.factories.surveys import QuestionnaireFactory


def agency_member():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Agences"))
    return user


def test_the_default_questionnaires_ship_with_the_migrations(db):
    """The school and commune questionnaires exist as version 1 after migrating."""
    titles = set(Questionnaire.objects.filter(version=1).values_list("title", flat=True))
    assert {"Enquête d'usages du numérique à l'école", "Enquête auprès des communes"} <= titles


def test_the_agences_group_opens_the_questionnaires(client, db):
    """A member of Agences lists and edits questionnaires in the admin; a huge id is a 404."""
    questionnaire = QuestionnaireFactory()
    client.force_login(agency_member())
    assert client.get(reverse("wagtailsnippets_surveys_questionnaire:list")).status_code == 200
    assert client.get(reverse("wagtailsnippets_surveys_questionnaire:edit", args=[questionnaire.pk])).status_code == 200
    assert client.get("/admin/snippets/surveys/questionnaire/edit/99999999999999999999/").status_code == 404


def _post_data(questionnaire, title):
    sections = []
    for block in questionnaire.body.raw_data:
        value = block["value"]
        questions = [
            {
                **{k: ("" if v is None else v) for k, v in question.items() if k not in ("choices", "required")},
                "required": "on" if question["required"] else "",
                "choices": {
                    "count": len(question["choices"]),
                    **{
                        str(index): {"deleted": "", "order": str(index), "value": choice}
                        for index, choice in enumerate(question["choices"])
                    },
                },
            }
            for question in value["questions"]
        ]
        sections.append(
            (
                "section",
                {
                    "title": value["title"],
                    "intro": value["intro"],
                    "questions": {
                        "count": len(questions),
                        **{
                            str(index): {"deleted": "", "order": str(index), "value": question}
                            for index, question in enumerate(questions)
                        },
                    },
                },
            )
        )
    return nested_form_data(
        {
            "title": title,
            "family": questionnaire.family,
            "audience": questionnaire.audience,
            "description": "",
            "body": streamfield(sections),
        }
    )


def test_saving_a_frozen_version_in_the_admin_makes_the_next_version(client, db):
    """The frozen row keeps its title; the edit is saved as version 2 of the family."""
    questionnaire = QuestionnaireFactory(frozen_at=timezone.now())
    questionnaire.refresh_from_db()
    client.force_login(agency_member())
    response = client.post(
        reverse("wagtailsnippets_surveys_questionnaire:edit", args=[questionnaire.pk]),
        _post_data(questionnaire, "Titre revu"),
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    questionnaire.refresh_from_db()
    assert questionnaire.title != "Titre revu"
    assert Questionnaire.objects.get(family=questionnaire.family, version=2).title == "Titre revu"
