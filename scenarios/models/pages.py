"""Teaching scenarios: HomePage → ScenarioIndexPage (/scenarios/) → ScenarioPage. A scenario is
structured content (target, competences, steps…), never free text only, so that it can be found
by its facets and exported as open data."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from modelcluster.fields import ParentalManyToManyField

from lms.runtime.routing import RoutedPageMixin, public_pages
from scenarios.blocks import ResourcesBlock, StepsBlock, VariantsBlock
from scenarios.choices import LICENCE_URLS, EquipmentCode, LevelCode, Licence, PublicCode, SubjectCode
from scenarios.forms import ScenarioPageForm
from scenarios.listing import (
    PER_PAGE,
    adaptation_chain,
    adaptation_count,
    listing_context,
    scenario_attachments,
    scenario_courses,
    scenario_detail_facets,
    scenario_feedback,
    scenario_listing,
)


class Facet(models.Model):
    """A reference row whose code is its primary key (like accounts.Audience): filtering by a
    facet reads the link table only, and the label comes from the code's translated choice."""

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return str(self.get_code_display())  # type: ignore[attr-defined]


def facet_code(enum: type[models.TextChoices]) -> models.CharField:
    return models.CharField(_("code"), max_length=24, primary_key=True, choices=enum.choices)


class Level(Facet):
    code = facet_code(LevelCode)

    class Meta(Facet.Meta):
        verbose_name = _("niveau scolaire")
        verbose_name_plural = _("niveaux scolaires")


class Public(Facet):
    code = facet_code(PublicCode)

    class Meta(Facet.Meta):
        verbose_name = _("public adulte")
        verbose_name_plural = _("publics adultes")


class Subject(Facet):
    code = facet_code(SubjectCode)

    class Meta(Facet.Meta):
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")


class Equipment(Facet):
    code = facet_code(EquipmentCode)

    class Meta(Facet.Meta):
        verbose_name = _("équipement")
        verbose_name_plural = _("équipements")


class ScenarioIndexPage(RoutedPageMixin, Page):
    """The scenarios' listing, at /scenarios/."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["scenarios.ScenarioPage"]
    max_count = 1

    class Meta:
        verbose_name = _("liste des scénarios")
        verbose_name_plural = _("listes des scénarios")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listing = listing_context(request.GET)
        scenarios = scenario_listing(public_pages(ScenarioPage.objects.child_of(self), self), listing["filters"])
        page = Paginator(scenarios, PER_PAGE).get_page(request.GET.get("page"))
        context.update(listing)
        context.update({"page_obj": page, "scenarios": page.object_list})
        return context


class ScenarioPage(RoutedPageMixin, Page):
    summary = models.TextField(
        _("résumé"), max_length=300, help_text=_("Deux ou trois phrases en texte simple, montrées dans la liste.")
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image de couverture"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cover_alt = models.CharField(
        _("texte alternatif de l'image"),
        max_length=250,
        blank=True,
        help_text=_("Ce que montre l'image, pour qui ne la voit pas. Vide si elle est décorative."),
    )
    levels = ParentalManyToManyField(
        Level,
        verbose_name=_("niveaux scolaires"),
        blank=True,
        related_name="scenario_pages",
        help_text=_("Vide pour un atelier destiné aux adultes."),
    )
    publics = ParentalManyToManyField(
        Public,
        verbose_name=_("publics adultes"),
        blank=True,
        related_name="scenario_pages",
        help_text=_("Vide pour une séance de classe."),
    )
    subjects = ParentalManyToManyField(Subject, verbose_name=_("disciplines"), related_name="scenario_pages")
    competences = ParentalManyToManyField(
        "courses.Competence",
        verbose_name=_("compétences du CRCN"),
        related_name="scenario_pages",
        help_text=_("Les compétences numériques que le scénario fait travailler."),
    )
    duration_minutes = models.PositiveIntegerField(
        _("durée (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    group_size = models.CharField(
        _("taille du groupe"), max_length=120, help_text=_("Par exemple : classe entière, en binômes.")
    )
    equipment = ParentalManyToManyField(Equipment, verbose_name=_("équipement"), related_name="scenario_pages")
    objectives = models.TextField(_("objectifs"), help_text=_("Un objectif par ligne, en une phrase."))
    steps = StreamField(StepsBlock(), verbose_name=_("déroulé"))
    resources = StreamField(ResourcesBlock(), verbose_name=_("ressources à télécharger"), blank=True)
    assessment = models.TextField(_("évaluation"), help_text=_("Comment on sait que les objectifs sont atteints."))
    variants = StreamField(VariantsBlock(), verbose_name=_("variantes"), blank=True)
    licence = models.CharField(_("licence"), max_length=16, choices=Licence.choices, default=Licence.CC_BY_SA)
    authors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteurs et autrices"),
        blank=True,
        related_name="scenario_pages",
        help_text=_("Montrés publiquement par leur nom et leur organisation, rien d'autre."),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        # No reverse accessor: django-stubs cannot resolve one from an untyped Wagtail page.
        related_name="+",
    )
    adapted_from = models.ForeignKey(
        "self",
        verbose_name=_("adapté de"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adaptations",
        help_text=_("Le scénario dont celui-ci est une adaptation : il est cité sur la page publique."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("cover_image"), FieldPanel("cover_alt")], heading=_("Image de couverture")),
        MultiFieldPanel(
            [
                FieldPanel("levels", widget=forms.CheckboxSelectMultiple),
                FieldPanel("publics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("subjects", widget=forms.CheckboxSelectMultiple),
                FieldPanel("competences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("duration_minutes"),
                FieldPanel("group_size"),
                FieldPanel("equipment", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Pour qui, sur quoi"),
        ),
        FieldPanel("objectives"),
        FieldPanel("steps"),
        FieldPanel("resources"),
        FieldPanel("assessment"),
        FieldPanel("variants"),
        MultiFieldPanel(
            [
                FieldPanel("licence"),
                FieldPanel("authors", widget=forms.CheckboxSelectMultiple),
                FieldPanel("organisation"),
                FieldPanel("adapted_from"),
            ],
            heading=_("Auteurs et licence"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("steps"),
        index.AutocompleteField("title"),
        index.AutocompleteField("summary"),
        index.AutocompleteField("steps"),
    ]

    parent_page_types = ["scenarios.ScenarioIndexPage"]
    subpage_types: list[str] = []
    base_form_class = ScenarioPageForm
    # A copy in the admin is a new scenario, not an adaptation someone proposed.
    exclude_fields_in_copy = ["adapted_from"]
    # The outcome of a review reaches a scenario's authors from scenarios.moderation, in words and
    # links for people who never see the admin; the cms's moderation e-mails leave them out.
    notifies_authors_itself = True

    class Meta:
        verbose_name = _("scénario pédagogique")
        verbose_name_plural = _("scénarios pédagogiques")

    def clean(self):
        super().clean()
        if self.cover_image_id and not self.cover_alt.strip():
            raise ValidationError(
                {"cover_alt": _("Décrivez l'image en quelques mots, ou retirez-la si elle est décorative.")}
            )

    def objective_list(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS[Licence(self.licence)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(scenario_detail_facets(self))
        context.update(scenario_feedback(self))
        context["courses"] = scenario_courses(self)
        context["origins"] = adaptation_chain(self)
        context["adaptation_count"] = adaptation_count(self)
        context["attachments"] = scenario_attachments(self)
        return context
