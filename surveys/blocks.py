"""The questionnaire's StreamField: sections, each a list of questions of one block type whose
`kind` says which fields apply. One block type rather than seven keeps the stored JSON and the
key rules (surveys.questions) the same for every kind."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from surveys.questions import KEY_PATTERN, ConditionOperator, QuestionKind


class ChoiceBlock(blocks.StructBlock):
    value = blocks.CharBlock(
        label=_("Valeur enregistrée"),
        max_length=60,
        help_text=_("Courte et stable d'une version à l'autre, par exemple « fibre »."),
    )
    label = blocks.CharBlock(label=_("Libellé affiché"), max_length=200)

    class Meta:
        icon = "list-ul"
        label = _("Choix")


class QuestionBlock(blocks.StructBlock):
    key = blocks.CharBlock(
        label=_("Clé stable"),
        max_length=60,
        validators=[RegexValidator(KEY_PATTERN, _("Minuscules, chiffres et « _ », en commençant par une lettre."))],
        help_text=_(
            "Gardez la même clé d'une version à l'autre tant que le sens de la question ne change pas : "
            "c'est elle qui permet de comparer les années."
        ),
    )
    kind = blocks.ChoiceBlock(label=_("Type de question"), choices=QuestionKind.choices)
    label = blocks.CharBlock(label=_("Question"), max_length=300)
    help_text = blocks.CharBlock(label=_("Aide"), max_length=400, required=False)
    required = blocks.BooleanBlock(label=_("Réponse obligatoire"), required=False, default=True)
    choices = blocks.ListBlock(ChoiceBlock(), label=_("Choix (choix unique ou multiple)"), default=[])
    scale_min_label = blocks.CharBlock(label=_("Libellé de 1 (échelle)"), max_length=60, required=False)
    scale_max_label = blocks.CharBlock(label=_("Libellé de 5 (échelle)"), max_length=60, required=False)
    unit = blocks.CharBlock(label=_("Unité (nombre)"), max_length=30, required=False)
    minimum = blocks.IntegerBlock(label=_("Minimum (nombre)"), required=False)
    maximum = blocks.IntegerBlock(label=_("Maximum (nombre)"), required=False)
    condition_key = blocks.CharBlock(
        label=_("Afficher si la question de clé…"),
        max_length=60,
        required=False,
        help_text=_("Une question précédente. Laissez vide pour toujours afficher cette question."),
    )
    condition_operator = blocks.ChoiceBlock(
        label=_("Condition"), choices=ConditionOperator.choices, default=ConditionOperator.EQUALS, required=False
    )
    condition_value = blocks.CharBlock(
        label=_("Valeur attendue"),
        max_length=60,
        required=False,
        help_text=_("La valeur enregistrée d'un choix de cette question, par exemple « oui » ou « fibre »."),
    )

    class Meta:
        icon = "help"
        label = _("Question")


class SectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre de la partie"), max_length=120)
    intro = blocks.TextBlock(label=_("Introduction"), required=False)
    questions = blocks.ListBlock(QuestionBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "folder-open-1"
        label = _("Partie")


class QuestionnaireBody(blocks.StreamBlock):
    section = SectionBlock()

    class Meta:
        min_num = 1
