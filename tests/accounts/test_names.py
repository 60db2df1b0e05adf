"""Names lose the invisible characters that would show them reversed or hidden (issue 21): on
every way in, the account stores the name as it reads."""

import pytest

from lms.accounts.models import User
from lms.accounts.names import clean_name

RLO = "\u202e"  # right-to-left override: "Jean " + RLO + "eniram" shows as "Jean marine"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (f"Jean {RLO}eniram", "Jean eniram"),
        ("\u202aA\u202bB\u202cC\u202dD\u2066E\u2067F\u2068G\u2069H", "ABCDEFGH"),  # embeddings, isolates
        ("\u200eLéa\u200f\u061c", "Léa"),  # direction marks
        ("\ufeffZoé\u00ad\u2060", "Zoé"),  # byte order mark, soft hyphen, word joiner
        ("Anne\tMarie\nDupont\x00\u2028", "Anne Marie Dupont"),  # controls and separators are spaces
        ("  Jean   Pierre  ", "Jean Pierre"),
        ("\u0645\u06cc\u200c\u0631\u0648\u06cc", "\u0645\u06cc\u200c\u0631\u0648\u06cc"),  # Persian keeps its ZWNJ
        ("Ōtsuka O'Brien-Łukasz", "Ōtsuka O'Brien-Łukasz"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean_name_removes_bidi_and_control_characters(typed, stored):
    """Bidi controls and other format characters go, controls become spaces, letters stay."""
    assert clean_name(typed) == stored


@pytest.mark.django_db
def test_the_user_model_stores_names_cleaned_however_it_is_saved():
    """Services, the Django admin and Wagtail's user forms all save through User.save or clean."""
    user = User.objects.create(email="jean@exemple.fr", first_name=f"Jean{RLO}", last_name=f"{RLO}dnarud")
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Jean", "dnarud")
    user.first_name = f"\u2066Jeanne{RLO}"
    user.full_clean(exclude=["password"])  # what a ModelForm runs
    assert user.first_name == "Jeanne"


@pytest.mark.django_db
def test_the_django_admin_saves_names_without_bidi_characters(staff_client):
    """A superuser typing a name with U+202E in the Django admin saves it without."""
    response = staff_client.post(
        "/django-admin/accounts/user/add/",
        {
            "email": "lucie@exemple.fr",
            "first_name": f"Lucie{RLO}",
            "last_name": f"{RLO}dranreb",
            "usable_password": "false",
            "password1": "",
            "password2": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(email="lucie@exemple.fr")
    assert (created.first_name, created.last_name) == ("Lucie", "dranreb")
