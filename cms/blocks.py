"""The blocks trainers build modules with. No block fetches anything from the network when saved
(no oEmbed, DESIGN.md §5): videos are our own files, with captions and a transcript."""

from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock

from cms.rich_text.validation import RichTextFormField
from lms.html import clean_rich_text

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]
VIDEO_EXTENSIONS = {".mp4": "video/mp4", ".webm": "video/webm"}


class SanitisedRichTextBlock(blocks.RichTextBlock):
    """Rich text cleaned with nh3 before it is stored: Wagtail's |richtext does not sanitise."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    @cached_property
    def field(self):
        # Wagtail's own field, with the site's form field class: links that lead nowhere and
        # input the editor cannot read are errors on this block (cms/rich_text/).
        from wagtail.admin.rich_text import get_rich_text_editor_widget

        return RichTextFormField(
            widget=get_rich_text_editor_widget(self.editor, features=self.features), **self.field_options
        )

    def get_prep_value(self, value):
        return clean_rich_text(super().get_prep_value(value))

    def to_python(self, value):
        # Raw data assigned in code (imports, shell) skips get_prep_value: clean on read as well.
        return super().to_python(clean_rich_text(value) if isinstance(value, str) else value)


def extension_of(document) -> str:
    return PurePosixPath(document.file.name).suffix.lower() if document and document.file else ""


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Texte"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Titre de section")), ("h3", _("Sous-titre"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Titre")
        template = "cms/blocks/heading.html"


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Légende"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/figure.html"


class VideoBlock(blocks.StructBlock):
    """A self-hosted video: the file, its WebVTT captions and a transcript, all required."""

    title = blocks.CharBlock(label=_("Titre de la vidéo"), max_length=200)
    video = DocumentChooserBlock(label=_("Fichier vidéo"), help_text=_("MP4 ou WebM, déposé dans les documents."))
    alternative = DocumentChooserBlock(
        label=_("Même vidéo, autre format"),
        required=False,
        help_text=_("Facultatif : la même vidéo en WebM (ou en MP4) ; le navigateur lit celle qu'il sait lire."),
    )
    captions = DocumentChooserBlock(
        label=_("Sous-titres"), help_text=_("Fichier WebVTT (.vtt) : obligatoire pour les personnes sourdes.")
    )
    poster = ImageChooserBlock(
        label=_("Image d'attente"),
        required=False,
        help_text=_("Montrée avant la lecture. Sans elle, la page montre la première image de la vidéo."),
    )
    transcript = SanitisedRichTextBlock(
        label=_("Transcription"), help_text=_("Le texte de la vidéo, pour qui ne peut pas ou ne veut pas la regarder.")
    )

    class Meta:
        icon = "media"
        label = _("Vidéo sous-titrée")
        template = "cms/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if extension_of(value.get("video")) not in VIDEO_EXTENSIONS:
            errors["video"] = ValidationError(_("Choisissez un fichier vidéo MP4 ou WebM."))
        if value.get("alternative") and extension_of(value.get("alternative")) not in VIDEO_EXTENSIONS:
            errors["alternative"] = ValidationError(_("Choisissez un fichier vidéo MP4 ou WebM."))
        if extension_of(value.get("captions")) != ".vtt":
            errors["captions"] = ValidationError(_("Choisissez un fichier de sous-titres WebVTT (.vtt)."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # Each source with its type, WebM first: the smaller file where the browser reads both.
        sources = [
            (document.url, VIDEO_EXTENSIONS.get(extension_of(document), ""))
            for document in (value.get("video"), value.get("alternative"))
            if document
        ]
        context["sources"] = sorted(sources, key=lambda source: source[1] != "video/webm")
        return context


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Intitulé du lien"), required=False, max_length=200, help_text=_("Par défaut, le titre du document.")
    )
    description = blocks.TextBlock(label=_("Description"), required=False, max_length=400)

    class Meta:
        icon = "doc-full"
        label = _("Document à télécharger")
        template = "cms/blocks/document.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Type d'encadré"),
        choices=[
            ("tip", _("Astuce")),
            ("warning", _("Attention")),
            ("parents", _("Pour les parents")),
            ("elected", _("Pour les élus")),
        ],
        default="tip",
    )
    body = SanitisedRichTextBlock(label=_("Texte"))

    class Meta:
        icon = "help"
        label = _("Encadré")
        template = "cms/blocks/callout.html"


class ResourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre de la ressource"), max_length=200)
    url = blocks.URLBlock(label=_("Adresse"))
    source = blocks.CharBlock(label=_("Source"), required=False, max_length=120, help_text=_("Par exemple : CNIL."))
    description = blocks.TextBlock(label=_("Description"), required=False, max_length=400)

    class Meta:
        icon = "link-external"
        label = _("Ressource externe")
        template = "cms/blocks/resource.html"


class QuizChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Réponse proposée"), max_length=300)
    correct = blocks.BooleanBlock(label=_("Bonne réponse"), required=False)

    class Meta:
        icon = "radio-full"
        label = _("Réponse")


class QuizQuestionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("Question"), max_length=500)
    multiple = blocks.BooleanBlock(
        label=_("Plusieurs bonnes réponses"),
        required=False,
        help_text=_("Cochez si la personne doit cocher plusieurs réponses ; sinon, une seule est juste."),
    )
    choices = blocks.ListBlock(QuizChoiceBlock(), label=_("Réponses proposées"), min_num=2, max_num=8)
    feedback = blocks.TextBlock(
        label=_("Explication"), required=False, max_length=1000, help_text=_("Montrée après la réponse.")
    )

    class Meta:
        icon = "help"
        label = _("Question")

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for choice in value["choices"] if choice["correct"])
        if correct == 0:
            message = _("Cochez au moins une bonne réponse.")
        elif correct > 1 and not value["multiple"]:
            message = _("Une seule réponse doit être juste, ou cochez « Plusieurs bonnes réponses ».")
        else:
            return value
        raise StructBlockValidationError(non_block_errors=ErrorList([ValidationError(message)]))


class QuizBlock(blocks.StructBlock):
    """Questions whose answers never reach the browser before submission: the template renders
    prompts and choices only, and the answer key is copied onto the Module row at publication."""

    title = blocks.CharBlock(label=_("Titre du quiz"), max_length=200, default=_("Testez vos connaissances"))
    questions = blocks.ListBlock(QuizQuestionBlock(), label=_("Questions"), min_num=1, max_num=30)

    class Meta:
        icon = "tasks"
        label = _("Quiz")
        template = "cms/blocks/quiz.html"


def quiz_answer_key(quiz_value) -> dict:
    """The answer key of one quiz block value, as JSON for the tracking row."""
    questions = []
    for question in quiz_value["questions"].bound_blocks:
        choices = question.value["choices"].bound_blocks
        questions.append(
            {
                "id": question.id,
                "multiple": bool(question.value["multiple"]),
                "choices": [choice.id for choice in choices],
                "correct": [choice.id for choice in choices if choice.value["correct"]],
                "feedback": question.value["feedback"],
            }
        )
    return {"title": quiz_value["title"], "questions": questions}


class ScenarioBlock(blocks.StructBlock):
    """Cards of teaching scenarios (scenarios app) chosen in the admin: a module points to the
    scenarios that put its skills into practice. Only published ones show."""

    title = blocks.CharBlock(label=_("Titre"), max_length=200, default=_("Des scénarios pour passer à la pratique"))
    scenarios = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="scenarios.ScenarioPage", label=_("Scénario")),
        label=_("Scénarios"),
        min_num=1,
        max_num=6,
    )

    class Meta:
        icon = "list-ul"
        label = _("Scénarios pédagogiques")
        template = "cms/blocks/scenarios.html"

    def get_context(self, value, parent_context=None):
        from scenarios.selectors import scenario_cards

        context = super().get_context(value, parent_context=parent_context)
        # Read again with what the cards show, in one go, dropping any unpublished since chosen.
        context["cards"] = scenario_cards([page.pk for page in value["scenarios"] if page is not None])
        return context


class ModuleBodyBlock(blocks.StreamBlock):
    paragraph = SanitisedRichTextBlock(label=_("Texte"), icon="pilcrow", template="cms/blocks/paragraph.html")
    heading = HeadingBlock()
    figure = FigureBlock()
    video = VideoBlock()
    document = DocumentBlock()
    callout = CalloutBlock()
    resource = ResourceBlock()
    quiz = QuizBlock()
    scenarios = ScenarioBlock()

    def clean(self, value):
        """Headings follow the page's outline: a sub-heading needs a section heading before it."""
        value = super().clean(value)
        seen_section = False
        for child in value:
            if child.block_type != "heading":
                continue
            if child.value["level"] == "h2":
                seen_section = True
            elif not seen_section:
                raise blocks.StreamBlockValidationError(
                    non_block_errors=ErrorList(
                        [ValidationError(_("Un sous-titre doit suivre un titre de section : commencez par un titre."))]
                    )
                )
        return value
