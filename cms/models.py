"""Content pages. The tree is fixed: HomePage → CourseIndexPage (/formations/) → CoursePage →
ModulePage. Publishing copies the rules onto courses.Course / courses.Module (cms/publication.py)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.blocks import StreamValue
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField

from cms.blocks import ModuleBodyBlock
from cms.catalogue import (
    AUDIENCE_ENTRIES,
    DURATIONS,
    NATIONAL,
    PER_PAGE,
    CatalogueFilters,
    catalogue_courses,
    scoped_territories,
)
from cms.legal_context import Compliance, LegalKind, legal_context
from cms.navigation import module_navigation
from cms.rich_text.validation import RichTextFormField
from courses.course_sections import course_sections
from courses.models import Theme
from lms.html import clean_rich_text
from lms.organisations.models import TerritoryKind
from lms.runtime.routing import RoutedPageMixin, is_public, route_by_url_path, site_view_restrictions
from scenarios.selectors import course_scenarios


class SanitisedRichTextField(RichTextField):
    """A page-level rich-text field cleaned with nh3 before it is stored."""

    def get_prep_value(self, value):
        return clean_rich_text(super().get_prep_value(value))

    def formfield(self, **kwargs):
        # Checked in the editor's form only: a link that breaks later, when its page is deleted,
        # must not stop code from saving the page (it renders as text, cms/rich_text/).
        return super().formfield(**{"form_class": RichTextFormField, **kwargs})


def public_children(queryset, page: Page) -> list:
    """The pages of `queryset` that visitors may read, as `queryset.public()` keeps them, with
    the site's view restrictions read once while serving `page` (lms/runtime/routing.py)."""
    restrictions = site_view_restrictions(page)
    return [child for child in queryset if is_public(child, restrictions)]


class HomePage(Page):
    """The site's root page, at "/"."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Un ou deux paragraphes sous le titre, en texte simple."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    def route(self, request, path_components):
        # The site's root page routes the whole path at once (lms/runtime/routing.py); Wagtail's walk,
        # one level at a time, takes over whenever that cannot decide.
        return route_by_url_path(self, request, path_components) or super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        return {**super().get_context(request, *args, **kwargs), "audience_entries": AUDIENCE_ENTRIES}

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.CourseIndexPage", "scenarios.ScenarioIndexPage", "cms.LegalPage"]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")
        verbose_name_plural = _("pages d'accueil")


class CourseIndexPage(RoutedPageMixin, Page):
    """The catalogue, at /formations/."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("catalogue des formations")
        verbose_name_plural = _("catalogues des formations")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        themes = list(Theme.objects.all())
        course_pages = CoursePage.objects.child_of(self)
        territories = scoped_territories(course_pages)
        filters = CatalogueFilters.from_query(request.GET, themes=themes, territories=territories)
        courses = catalogue_courses(course_pages, ModulePage, filters)
        page = Paginator(courses, PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            {
                "filters": filters,
                "page_obj": page,
                "courses": page.object_list,
                "audience_entries": AUDIENCE_ENTRIES,
                "themes": themes,
                "durations": DURATIONS,
                "territories": territories,
                "national": NATIONAL,
            }
        )
        return context


class Level(models.TextChoices):
    DISCOVERY = "discovery", _("Découverte")
    INTERMEDIATE = "intermediate", _("Intermédiaire")
    ADVANCED = "advanced", _("Approfondissement")


class CoursePage(RoutedPageMixin, Page):
    summary = models.TextField(
        _("résumé"), max_length=400, help_text=_("Deux ou trois phrases, montrées dans le catalogue.")
    )
    audiences = ParentalManyToManyField(
        "accounts.Audience", verbose_name=_("publics visés"), related_name="course_pages"
    )
    themes = ParentalManyToManyField(Theme, verbose_name=_("thèmes"), blank=True, related_name="course_pages")
    territory = models.ForeignKey(
        "organisations.Territory",
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind__in": [TerritoryKind.REGION, TerritoryKind.DEPARTEMENT], "is_active": True},
        help_text=_("Vide : formation nationale. Sinon, la région ou le département auquel elle s'adresse."),
    )
    level = models.CharField(_("niveau"), max_length=16, choices=Level.choices, default=Level.DISCOVERY)
    estimated_minutes = models.PositiveIntegerField(
        _("durée estimée (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(6000)]
    )
    objectives = SanitisedRichTextField(
        _("objectifs"), features=["bold", "italic", "ul"], help_text=_("Ce que la personne saura faire à la fin.")
    )
    prerequisites = models.TextField(_("prérequis"), blank=True, help_text=_("Vide : aucun prérequis."))
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
    is_sequential = models.BooleanField(
        _("modules dans l'ordre"), default=False, help_text=_("Chaque module s'ouvre quand le précédent est terminé.")
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("note de réussite aux quiz (%)"), default=70, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    max_quiz_attempts = models.PositiveSmallIntegerField(
        _("tentatives par quiz"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Vide : autant de tentatives que la personne le souhaite."),
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("validité de l'attestation (mois)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Vide : l'attestation n'expire pas."),
    )
    min_attended_hours = models.DecimalField(
        _("heures de présence minimales"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("999"))],
        help_text=_(
            "Pour une formation mixte : la formation n'est terminée qu'après ce nombre d'heures de "
            "présence aux sessions en présentiel, en plus des modules obligatoires. Vide : aucune présence exigée."
        ),
    )
    # A foreign key rather than one-to-one: an alias of the page shows the same course and
    # points at the same row (Wagtail copies every field onto aliases). Copies get their own.
    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("suivi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="pages",
    )

    exclude_fields_in_copy = ["course"]

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("territory"),
                FieldPanel("level"),
                FieldPanel("estimated_minutes"),
            ],
            heading=_("Pour qui, sur quoi"),
        ),
        FieldPanel("objectives"),
        FieldPanel("prerequisites"),
        MultiFieldPanel([FieldPanel("cover_image"), FieldPanel("cover_alt")], heading=_("Image de couverture")),
        InlinePanel("authors", label=_("Auteurs et autrices"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("is_sequential"),
                FieldPanel("pass_mark"),
                FieldPanel("max_quiz_attempts"),
                FieldPanel("certificate_validity_months"),
                FieldPanel("min_attended_hours"),
            ],
            heading=_("Règles de suivi"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("objectives"),
        index.AutocompleteField("title"),
        index.AutocompleteField("summary"),
    ]

    parent_page_types = ["cms.CourseIndexPage"]
    subpage_types = ["cms.ModulePage"]

    class Meta:
        verbose_name = _("formation")
        verbose_name_plural = _("formations")

    def clean(self):
        super().clean()
        if self.cover_image_id and not self.cover_alt.strip():
            raise ValidationError(
                {"cover_alt": _("Décrivez l'image en quelques mots, ou retirez-la si elle est décorative.")}
            )

    def modules(self) -> list:
        return public_children(ModulePage.objects.child_of(self).live().order_by("path"), self)

    def get_context(self, request, *args, **kwargs):
        from cms.learning import course_learner_context

        context = super().get_context(request, *args, **kwargs)
        context["modules"] = self.modules()
        context.update(course_learner_context(request, self, context["modules"]))
        # Scenarios sharing a CRCN competence with the course's themes, as last published.
        context["related_scenarios"] = course_scenarios(self.course_id)
        # Sections of the apps above (facetoface's upcoming sessions), through courses' registry.
        context["course_sections"] = course_sections(request, self.course_id)
        return context


class CoursePageAuthor(Orderable):
    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="authors")
    name = models.CharField(_("nom"), max_length=150)
    role = models.CharField(_("fonction"), max_length=150, blank=True, help_text=_("Par exemple : formatrice CANOPÉ."))

    panels = [FieldPanel("name"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("auteur ou autrice")
        verbose_name_plural = _("auteurs et autrices")

    def __str__(self) -> str:
        return self.name


class ModulePage(RoutedPageMixin, Page):
    is_required = models.BooleanField(
        _("obligatoire"), default=True, help_text=_("Décochez pour un module d'approfondissement facultatif.")
    )
    estimated_minutes = models.PositiveIntegerField(
        _("durée estimée (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    body = StreamField(ModuleBodyBlock(), verbose_name=_("contenu"))
    module = models.ForeignKey(
        "courses.Module",
        verbose_name=_("suivi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="pages",
    )

    exclude_fields_in_copy = ["module"]

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("is_required"), FieldPanel("estimated_minutes")], heading=_("Suivi")),
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.AutocompleteField("body"),
    ]

    parent_page_types = ["cms.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def save(self, *args, **kwargs):
        # Raw data written in code (an import, a script) may hold list items without ids, which
        # Wagtail would then invent afresh at every load. Quiz questions and choices must keep
        # the ids the answer key on courses.Module refers to: convert each block, so that every
        # item gets an id that is stored with it.
        self.body = StreamValue(
            self.body.stream_block, [(child.block_type, child.value, child.id) for child in self.body]
        )
        super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The template shows the course's title, a base field already read with the parent (no
        # query once routed). Its specific instance, deferred, is made only when needed: the
        # course's address when the navigation is not remembered, its course_id for a signed-in
        # person not enrolled (a sixth of the page's Python otherwise).
        course_page = self.get_parent()
        # The course's public modules and addresses, the same for every learner: remembered per
        # process under the page-cache version (cms/navigation.py).
        # Only what the navigation shows: a sibling's other fields would be a query each.
        fields = ("title", "slug", "url_path", "path", "depth")
        navigation = module_navigation(
            request,
            self,
            lambda: course_page.specific_deferred,
            siblings=lambda: public_children(
                ModulePage.objects.sibling_of(self).live().order_by("path").only(*fields), self
            ),
        )
        siblings = navigation.modules
        index_of = next((i for i, sibling in enumerate(siblings) if sibling.pk == self.pk), None)
        context["course_page"] = course_page
        context["course_url"] = navigation.course_url
        context["siblings"] = siblings
        if index_of is not None:
            context["previous_module"] = siblings[index_of - 1] if index_of > 0 else None
            context["next_module"] = siblings[index_of + 1] if index_of + 1 < len(siblings) else None
            context["module_number"] = index_of + 1
        from cms.learning import module_learner_context

        context.update(module_learner_context(request, self, course_page))
        return context


class LegalPage(Page):
    """A legal or information page, at a fixed address (/mentions-legales/, /confidentialite/,
    /accessibilite/, /cookies/) whatever its place in the tree. Until one is published, the
    address shows the default text (templates/cms/legal/). The privacy policy adds, below the
    text, the table generated from the personal-data registry."""

    kind = models.CharField(_("type de page"), max_length=20, choices=LegalKind.choices, unique=True)
    body = SanitisedRichTextField(
        _("texte"), blank=True, help_text=_("Vide : le texte par défaut de Passerelle est affiché.")
    )
    compliance = models.CharField(
        _("état de conformité RGAA"),
        max_length=10,
        choices=Compliance.choices,
        default=Compliance.NONE,
        help_text=_(
            "Déclaration d'accessibilité seulement. Sans audit, le RGAA impose « non conforme » ; pensez à "
            "changer aussi la mention du pied de page."
        ),
    )
    audit_result = models.TextField(
        _("résultat de l'audit"),
        blank=True,
        help_text=_("Déclaration d'accessibilité : taux de conformité, date et auteur de l'audit, non-conformités."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("compliance"), FieldPanel("audit_result")], heading=_("Accessibilité")),
    ]

    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("page légale")
        verbose_name_plural = _("pages légales")

    def get_url_parts(self, request=None):
        # Served at its fixed address (cms/legal.py), which the footer links to.
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        site_id, root_url, _path = parts
        return site_id, root_url, f"/{self.kind}/"

    def get_template(self, request, *args, **kwargs):
        return "cms/legal/page.html"

    def get_context(self, request, *args, **kwargs):
        return {**super().get_context(request, *args, **kwargs), **legal_context(self.kind, self)}
