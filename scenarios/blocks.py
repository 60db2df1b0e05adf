"""The parts of a scenario that repeat: its steps and its variants. Plain text only, so that a
scenario reads the same in the page, the export and a printed copy."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre de l'étape"), max_length=120)
    minutes = blocks.IntegerBlock(label=_("Durée (minutes)"), min_value=1, max_value=600)
    leader = blocks.TextBlock(
        label=_("Ce que fait l'enseignant ou l'animateur"), help_text=_("Une à quatre phrases, en texte simple.")
    )
    participants = blocks.TextBlock(label=_("Ce que font les élèves ou les participants"))
    material = blocks.TextBlock(label=_("Matériel de l'étape"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Étape")


class VariantBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Titre de la variante"), max_length=120, help_text=_("Par exemple : sans matériel.")
    )
    text = blocks.TextBlock(label=_("Description"))

    class Meta:
        icon = "repeat"
        label = _("Variante")


class StepsBlock(blocks.StreamBlock):
    step = StepBlock()

    class Meta:
        min_num = 1


class VariantsBlock(blocks.StreamBlock):
    variant = VariantBlock()


class ResourcesBlock(blocks.StreamBlock):
    document = DocumentChooserBlock(label=_("Document"), icon="doc-full")
