"""Questionnaires are edited in the Wagtail admin by the Agences group. Saving a version that a
campaign uses stores a new version instead (surveys.services.questionnaires)."""

from django import forms
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from surveys.models import CourseSurvey, Questionnaire
from surveys.services.questionnaires import questionnaire_save


class QuestionnaireCreateView(CreateView):
    def save_instance(self):
        return questionnaire_save(questionnaire=self.form.instance)


class QuestionnaireEditView(EditView):
    def save_instance(self):
        saved = questionnaire_save(questionnaire=self.form.instance)
        # The edit view redirects and reports on self.object: the new version when one was made.
        self.object = saved
        return saved


class QuestionnaireViewSet(SnippetViewSet):
    model = Questionnaire
    # The project's bounded id converter (tests/runtime/test_huge_ids.py): a huge id is a 404.
    pk_path_converter = "id"
    icon = "form"
    menu_label = _("Questionnaires")
    menu_order = 260
    add_to_admin_menu = True
    add_view_class = QuestionnaireCreateView
    edit_view_class = QuestionnaireEditView
    list_display = ["title", "family", "version", "audience", "frozen_at"]
    list_filter = ["audience", "family"]
    panels = [
        HelpPanel(
            content=_(
                "Une version utilisée par une campagne est figée : l'enregistrer crée la version suivante. "
                "Gardez la clé d'une question tant que son sens ne change pas."
            )
        ),
        FieldPanel("title"),
        FieldPanel("family"),
        FieldPanel("audience"),
        FieldPanel("description"),
        FieldPanel("body"),
    ]


register_snippet(QuestionnaireViewSet)


class CourseSurveyViewSet(SnippetViewSet):
    """Per course, the questionnaires its learners are offered; chosen by its trainers."""

    model = CourseSurvey
    pk_path_converter = "id"
    url_namespace = "surveys_coursesurvey"
    icon = "pick"
    menu_label = _("Avis sur les formations")
    menu_order = 265
    add_to_admin_menu = True
    list_display = ["course", "satisfaction", "self_assessment"]
    search_fields = ["course__title"]
    panels = [
        HelpPanel(
            content=_(
                "Les réponses sont anonymes et facultatives ; elles ne comptent jamais pour l'attestation. "
                "Créez vos propres questionnaires dans « Questionnaires », avec « apprenants d'une formation » "
                "pour destinataires."
            )
        ),
        FieldPanel("course"),
        # A plain list rather than the snippet chooser: it keeps to the learners' questionnaires
        # (the field's limit_choices_to), a few, and works without JavaScript.
        FieldPanel("satisfaction", widget=forms.Select),
        FieldPanel("self_assessment", widget=forms.Select),
    ]


register_snippet(CourseSurveyViewSet)


@hooks.register("register_admin_urls")
def course_results_urls():
    from surveys.views.course_answering import course_results_csv

    return [
        path("avis-formations/<id:course_id>/export-csv/", course_results_csv, name="surveys_course_results_csv"),
    ]
