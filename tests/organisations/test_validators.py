from django.core.exceptions import ValidationError

import pytest

from lms.organisations.validators import uai_check_letter, validate_siren, validate_siret, validate_uai


def test_real_siren_and_siret_pass():
    """Privas's SIREN, and a SIRET built on it with its check digit, are accepted."""
    validate_siren("210701868")
    validate_siret("21070186800015")


@pytest.mark.parametrize("value", ["210701869", "21070186", "abcdefghi"])
def test_bad_siren_is_refused_in_french(value):
    """A wrong check digit or a wrong length gets a French message naming the value."""
    with pytest.raises(ValidationError) as error:
        validate_siren(value)
    assert "n'est pas un numéro SIREN valide" in error.value.messages[0]


def test_bad_siret_is_refused():
    with pytest.raises(ValidationError):
        validate_siret("21070186800018")


def test_uai_check_letter():
    """The letter is "ABCDEFGHJKLMNPRSTUVWXYZ"[digits % 23]."""
    assert uai_check_letter("0070001") == "ABCDEFGHJKLMNPRSTUVWXYZ"[70001 % 23]
    validate_uai("0070001" + uai_check_letter("0070001"))
    validate_uai(("0070001" + uai_check_letter("0070001")).lower())  # typed in lower case


def test_bad_uai_letter_is_refused():
    """A UAI whose letter does not match its digits is refused with a clear message."""
    good = uai_check_letter("0070001")
    wrong = next(letter for letter in "ABCDEFGH" if letter != good)
    with pytest.raises(ValidationError) as error:
        validate_uai("0070001" + wrong)
    assert "ne correspond pas à ses chiffres" in error.value.messages[0]


def test_malformed_uai_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_uai("007001A")
    assert "7 chiffres suivis d'une lettre" in error.value.messages[0]
