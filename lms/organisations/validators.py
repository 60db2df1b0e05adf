"""Official French identifiers: SIREN and SIRET (python-stdnum) and the UAI of schools."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
UAI_PATTERN = re.compile(r"^(\d{7})([A-Z])$")


# python-stdnum is imported when a number is checked (a form or an import), not with the models
# that name these validators, which every web process loads (bench P3, issue 35).
def validate_siren(value: str) -> None:
    from stdnum.fr import siren

    if not siren.is_valid(value):
        raise ValidationError(
            _("« %(value)s » n'est pas un numéro SIREN valide : 9 chiffres, dont le dernier est une clé de contrôle."),
            code="invalid_siren",
            params={"value": value},
        )


def validate_siret(value: str) -> None:
    from stdnum.fr import siret

    if not siret.is_valid(value):
        raise ValidationError(
            _("« %(value)s » n'est pas un numéro SIRET valide : 14 chiffres, dont le dernier est une clé de contrôle."),
            code="invalid_siret",
            params={"value": value},
        )


def uai_check_letter(digits: str) -> str:
    return UAI_LETTERS[int(digits) % 23]


def validate_uai(value: str) -> None:
    """A school's UAI (ex-RNE): 7 digits and a check letter, e.g. 0070001A."""
    match = UAI_PATTERN.match(value.strip().upper())
    if match is None:
        raise ValidationError(
            _("Un numéro UAI compte 7 chiffres suivis d'une lettre, par exemple 0071234D."), code="invalid_uai"
        )
    digits, letter = match.groups()
    if uai_check_letter(digits) != letter:
        raise ValidationError(
            _("La lettre du numéro UAI « %(value)s » ne correspond pas à ses chiffres : vérifiez la saisie."),
            code="invalid_uai_letter",
            params={"value": value},
        )
