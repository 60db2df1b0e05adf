"""The rules of each question kind and of conditions (surveys.questions), without the database."""

from decimal import Decimal

from surveys.questions import (
    Condition,
    Question,
    Section,
    clean_answer,
    clean_section,
    sections_from_stream,
    structure_errors,
)
from tests.factories.surveys import small_body

SINGLE = Question(key="connexion", kind="single", label="Moyen", choices=(("fibre", "Fibre"), ("adsl", "ADSL")))
MULTIPLE = Question(key="cycles", kind="multiple", label="Cycles", choices=(("c1", "C1"), ("c2", "C2"), ("c3", "C3")))
SCALE = Question(key="satisfaction", kind="scale", label="Satisfaction")
NUMBER = Question(key="tablettes", kind="number", label="Tablettes", unit="tablettes", minimum=0, maximum=500)
SHORT = Question(key="nom", kind="short_text", label="Nom")
LONG = Question(key="commentaire", kind="long_text", label="Commentaire", required=False)
YES_NO = Question(key="ent", kind="yes_no", label="ENT")


def test_single_choice_takes_one_offered_value():
    """A single choice keeps an offered value and refuses any other, in French."""
    assert clean_answer(SINGLE, ["fibre"]) == ("fibre", None)
    assert clean_answer(SINGLE, ["cable"]) == (None, "Choisissez parmi les réponses proposées.")
    assert clean_answer(SINGLE, []) == (None, "Choisissez une réponse.")


def test_multiple_choice_keeps_the_order_of_the_options():
    """A multiple choice keeps each offered value once, in the questionnaire's order."""
    assert clean_answer(MULTIPLE, ["c3", "c1", "c3"]) == (["c1", "c3"], None)
    assert clean_answer(MULTIPLE, ["c1", "c9"])[1] == "Choisissez parmi les réponses proposées."
    assert clean_answer(MULTIPLE, [])[1] == "Cochez au moins une réponse."


def test_scale_is_one_to_five():
    """The scale takes 1 to 5 as an integer."""
    assert clean_answer(SCALE, ["5"]) == (5, None)
    assert clean_answer(SCALE, ["6"]) == (None, "Choisissez une valeur de 1 à 5.")


def test_number_reads_a_french_decimal_within_bounds():
    """A number accepts a decimal comma and spaces, and refuses text or values out of bounds."""
    assert clean_answer(NUMBER, ["1 2,5"]) == (Decimal("12.5"), None)
    assert clean_answer(NUMBER, ["douze"]) == (None, "Saisissez un nombre, par exemple 12 ou 3,5.")
    assert clean_answer(NUMBER, ["-1"]) == (None, "Saisissez un nombre supérieur ou égal à 0.")
    assert clean_answer(NUMBER, ["501"]) == (None, "Saisissez un nombre inférieur ou égal à 500.")
    assert clean_answer(NUMBER, ["NaN"])[1] == "Saisissez un nombre, par exemple 12 ou 3,5."


def test_texts_have_a_length_limit():
    """Short texts take 200 characters, long ones 4,000; an optional empty text is no answer."""
    assert clean_answer(SHORT, ["  Beneylu  "]) == ("Beneylu", None)
    assert clean_answer(SHORT, ["x" * 201]) == (None, "200 caractères au plus.")
    assert clean_answer(LONG, ["x" * 4001]) == (None, "4000 caractères au plus.")
    assert clean_answer(LONG, [""]) == (None, None)
    assert clean_answer(SHORT, [""]) == (None, "Cette question demande une réponse.")


def test_yes_no_takes_oui_or_non():
    """Yes/no stores « oui » or « non »."""
    assert clean_answer(YES_NO, ["non"]) == ("non", None)
    assert clean_answer(YES_NO, ["peut-être"])[1] == "Choisissez parmi les réponses proposées."


def test_equals_condition_on_an_earlier_question_of_the_section():
    """A question shows when an earlier answer equals the value; hidden, it is not required and
    its submitted answer is dropped."""
    dependent = Question(key="debit", kind="scale", label="Débit", condition=Condition("connexion", "equals", "fibre"))
    section = Section(title="Connexion", questions=(SINGLE, dependent))
    answers, errors = clean_section(section, {"connexion": ["adsl"], "debit": ["3"]}, {})
    assert errors == {}
    assert answers == {"connexion": "adsl", "debit": None}
    answers, errors = clean_section(section, {"connexion": ["fibre"]}, {})
    assert errors == {"debit": "Choisissez une réponse."}


def test_includes_condition_on_an_earlier_section():
    """An "includes" condition reads a multiple choice given in an earlier section."""
    dependent = Question(
        key="usage_c1",
        kind="single",
        label="Usage",
        choices=(("oui", "Oui"),),
        condition=Condition("cycles", "includes", "c1"),
    )
    section = Section(title="Usages", questions=(dependent,))
    assert clean_section(section, {}, {"cycles": ["c2"]}) == ({"usage_c1": None}, {})
    assert clean_section(section, {}, {"cycles": ["c1", "c2"]})[1] == {"usage_c1": "Choisissez une réponse."}


def test_a_question_hidden_by_a_hidden_question_is_hidden_too():
    """A condition on a question that is itself hidden does not hold."""
    first = Question(key="ent", kind="yes_no", label="ENT")
    second = Question(key="ent_usage", kind="yes_no", label="Usage", condition=Condition("ent", "equals", "oui"))
    third = Question(
        key="ent_detail", kind="short_text", label="Détail", condition=Condition("ent_usage", "equals", "oui")
    )
    section = Section(title="ENT", questions=(first, second, third))
    answers, errors = clean_section(section, {"ent": ["non"], "ent_usage": ["oui"]}, {})
    assert errors == {}
    assert answers == {"ent": "non", "ent_usage": None, "ent_detail": None}


def test_structure_rules():
    """Keys are unique and well-formed, choices are given, conditions look backwards at real values."""
    body = small_body()
    assert structure_errors(sections_from_stream(body)) == []
    questions = body[0]["value"]["questions"]
    questions[2]["condition_value"] = "peut-etre"
    questions.append(dict(questions[0]))
    errors = structure_errors(sections_from_stream(body))
    assert "La clé « tablettes » sert deux fois." in errors
    assert any("n'est pas un choix de « connectee »" in error for error in errors)
    body[1]["value"]["questions"][1]["condition_key"] = "inconnue"
    assert any("question précédente" in error for error in structure_errors(sections_from_stream(body)))


def test_the_default_questionnaires_are_well_formed():
    """Both shipped questionnaires pass the structure rules, and the school one maps training needs to themes."""
    import json
    from pathlib import Path

    from surveys.defaults import DEFAULT_QUESTIONNAIRES

    for default in DEFAULT_QUESTIONNAIRES:
        assert structure_errors(sections_from_stream(default["body"])) == []
    themes = {theme["slug"] for theme in json.loads(Path("demo/content/themes.json").read_text())}
    school = sections_from_stream(DEFAULT_QUESTIONNAIRES[0]["body"])
    needs = next(
        question for section in school for question in section.questions if question.key == "besoins_formation"
    )
    assert {value for value, _label in needs.choices} == themes
