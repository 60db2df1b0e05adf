"""The two questionnaires shipped with Passerelle, as StreamField data (loaded by a migration and
by the demo). The keys are the stable ones the dashboards compare across years: change a
wording freely, but a key only when the question's meaning changes.

The training needs' choices are the course themes' slugs (courses.Theme, demo/content/
themes.json), so that the dashboards can match needs with the courses of each theme."""

from typing import Any

SCHOOL_FAMILY = "usages-ecole"
COMMUNE_FAMILY = "enquete-communes"


def q(key: str, kind: str, label: str, **options: Any) -> dict[str, Any]:
    choices = [{"value": value, "label": text} for value, text in options.pop("choices", [])]
    condition = options.pop("when", None)
    block = {
        "key": key,
        "kind": kind,
        "label": label,
        "help_text": options.pop("help_text", ""),
        "required": options.pop("required", True),
        "choices": choices,
        "scale_min_label": options.pop("low", ""),
        "scale_max_label": options.pop("high", ""),
        "unit": options.pop("unit", ""),
        "minimum": options.pop("minimum", None),
        "maximum": options.pop("maximum", None),
        "condition_key": condition[0] if condition else "",
        "condition_operator": condition[1] if condition else "equals",
        "condition_value": condition[2] if condition else "",
    }
    if options:
        raise TypeError(f"Unknown options for {key}: {sorted(options)}")
    return block


def section(title: str, intro: str, *questions: dict[str, Any]) -> dict[str, Any]:
    return {"type": "section", "value": {"title": title, "intro": intro, "questions": list(questions)}}


AGE_CHOICES = [
    ("moins_3_ans", "Moins de 3 ans"),
    ("3_6_ans", "De 3 à 6 ans"),
    ("plus_6_ans", "Plus de 6 ans"),
    ("ne_sait_pas", "Je ne sais pas"),
]
FREQUENCY = [
    ("jamais", "Jamais"),
    ("rarement", "Quelques fois par an"),
    ("mensuel", "Chaque mois"),
    ("hebdomadaire", "Chaque semaine"),
    ("quotidien", "Presque chaque jour"),
]
TRAINING_THEMES = [
    ("pedagogie-numerique", "Pédagogie et numérique"),
    ("parentalite-numerique", "Parentalité numérique"),
    ("donnees-personnelles", "Données personnelles"),
    ("equipement-maintenance", "Équipement et maintenance"),
    ("politique-educative-locale", "Politique éducative locale"),
    ("citoyennete-numerique", "Citoyenneté numérique"),
]

SCHOOL_BODY = [
    section(
        "Votre école",
        "Quelques repères pour lire vos réponses à côté de celles des autres écoles.",
        q("nb_classes", "number", "Combien de classes compte l'école ?", unit="classes", minimum=1, maximum=60),
        q("nb_eleves", "number", "Combien d'élèves l'école accueille-t-elle ?", unit="élèves", minimum=1, maximum=2000),
        q(
            "cycles",
            "multiple",
            "Quels cycles l'école accueille-t-elle ?",
            choices=[
                ("cycle1", "Cycle 1 (maternelle)"),
                ("cycle2", "Cycle 2 (CP à CE2)"),
                ("cycle3", "Cycle 3 (CM1, CM2)"),
            ],
        ),
    ),
    section(
        "Équipement",
        "Comptez le matériel en état de marche, utilisé par les classes.",
        q(
            "ecrans_interactifs",
            "number",
            "Combien de classes disposent d'un écran ou d'un vidéoprojecteur interactif ?",
            unit="classes",
            minimum=0,
            maximum=60,
        ),
        q(
            "tablettes",
            "number",
            "Combien de tablettes sont à la disposition des élèves ?",
            unit="tablettes",
            minimum=0,
            maximum=1000,
        ),
        q(
            "ordinateurs",
            "number",
            "Combien d'ordinateurs (fixes ou portables) sont à la disposition des élèves ?",
            unit="ordinateurs",
            minimum=0,
            maximum=1000,
        ),
        q("age_materiel", "single", "Quel âge a la plus grande partie de ce matériel ?", choices=AGE_CHOICES),
        q(
            "etat_materiel",
            "scale",
            "Le matériel répond-il aux besoins des classes ?",
            low="Pas du tout",
            high="Tout à fait",
        ),
    ),
    section(
        "Connexion à internet",
        "",
        q("connectee", "yes_no", "L'école est-elle reliée à internet ?"),
        q(
            "connexion",
            "single",
            "Par quel moyen ?",
            choices=[
                ("fibre", "Par la fibre"),
                ("adsl", "Par l'ADSL (ligne téléphonique)"),
                ("radio_satellite", "Par radio, 4G ou satellite"),
                ("ne_sait_pas", "Je ne sais pas"),
            ],
            when=("connectee", "equals", "oui"),
        ),
        q(
            "debit_ressenti",
            "scale",
            "Comment jugez-vous le débit pendant la classe ?",
            low="Inutilisable",
            high="Très confortable",
            when=("connectee", "equals", "oui"),
            help_text="Pensez à une séance où plusieurs élèves sont connectés en même temps.",
        ),
        q(
            "wifi_classes",
            "single",
            "Les salles de classe ont-elles le Wi-Fi ?",
            choices=[("toutes", "Toutes"), ("certaines", "Certaines"), ("aucune", "Aucune")],
        ),
    ),
    section(
        "Espace numérique de travail (ENT)",
        "L'ENT est le site de l'école où se retrouvent cahier de textes, messagerie et ressources.",
        q("ent", "yes_no", "L'école utilise-t-elle un ENT ?"),
        q(
            "ent_enseignants",
            "single",
            "Les enseignants l'utilisent…",
            choices=FREQUENCY,
            when=("ent", "equals", "oui"),
        ),
        q("ent_eleves", "single", "Les élèves l'utilisent…", choices=FREQUENCY, when=("ent", "equals", "oui")),
        q("ent_familles", "single", "Les familles le consultent…", choices=FREQUENCY, when=("ent", "equals", "oui")),
        q(
            "ent_frein",
            "long_text",
            "Qu'est-ce qui vous en empêche ?",
            required=False,
            when=("ent", "equals", "non"),
        ),
    ),
    section(
        "Usages en classe",
        "Une réponse par cycle présent dans l'école ; laissez vide un cycle que l'école n'accueille pas.",
        q(
            "usage_cycle1",
            "single",
            "Au cycle 1, les élèves utilisent un outil numérique…",
            choices=FREQUENCY,
            required=False,
            when=("cycles", "includes", "cycle1"),
        ),
        q(
            "usage_cycle2",
            "single",
            "Au cycle 2, les élèves utilisent un outil numérique…",
            choices=FREQUENCY,
            required=False,
            when=("cycles", "includes", "cycle2"),
        ),
        q(
            "usage_cycle3",
            "single",
            "Au cycle 3, les élèves utilisent un outil numérique…",
            choices=FREQUENCY,
            required=False,
            when=("cycles", "includes", "cycle3"),
        ),
        q(
            "usages",
            "multiple",
            "Pour quoi faire, le plus souvent ?",
            choices=[
                ("recherche", "Chercher et trier des informations"),
                ("production", "Écrire, dessiner, enregistrer, filmer"),
                ("entrainement", "S'entraîner avec des exercices en ligne"),
                ("programmation", "Programmer, coder un robot"),
                ("collaboration", "Travailler à plusieurs, échanger avec une autre classe"),
                ("education_medias", "Éducation aux médias et à l'information"),
            ],
            required=False,
        ),
    ),
    section(
        "Assistance technique",
        "",
        q(
            "assistance_qui",
            "single",
            "Qui répare ou configure le matériel en cas de panne ?",
            choices=[
                ("commune", "Les services de la commune ou de l'intercommunalité"),
                ("prestataire", "Un prestataire"),
                ("erun", "L'ERUN ou le conseiller numérique de la circonscription"),
                ("enseignants", "Les enseignants eux-mêmes"),
                ("personne", "Personne"),
            ],
        ),
        q(
            "assistance_delai",
            "single",
            "En combien de temps, en général ?",
            choices=[
                ("jour", "Dans la journée"),
                ("semaine", "Dans la semaine"),
                ("mois", "Dans le mois"),
                ("plus", "Plus d'un mois"),
            ],
        ),
    ),
    section(
        "Obstacles et besoins de formation",
        "",
        q(
            "obstacles",
            "multiple",
            "Qu'est-ce qui freine le plus les usages du numérique à l'école ?",
            choices=[
                ("materiel", "Matériel insuffisant ou trop ancien"),
                ("connexion", "Connexion insuffisante"),
                ("maintenance", "Pannes sans dépannage rapide"),
                ("temps", "Manque de temps pour préparer"),
                ("formation", "Manque de formation"),
                ("ressources", "Manque de ressources adaptées"),
            ],
        ),
        q(
            "besoins_formation",
            "multiple",
            "Sur quels thèmes l'équipe aimerait-elle se former ?",
            choices=TRAINING_THEMES,
            required=False,
            help_text="Ces thèmes sont ceux du catalogue de formations de Passerelle.",
        ),
        q("commentaire", "long_text", "Souhaitez-vous ajouter quelque chose ?", required=False),
    ),
]

COMMUNE_BODY = [
    section(
        "Budget",
        "",
        q(
            "budget_numerique_ecoles",
            "number",
            "Quel budget la commune a-t-elle consacré au numérique des écoles l'an dernier ?",
            unit="€",
            minimum=0,
            maximum=10000000,
            help_text="Investissement et fonctionnement, hors salaires.",
        ),
        q(
            "budget_evolution",
            "single",
            "Pour cette année, ce budget…",
            choices=[("baisse", "baisse"), ("stable", "reste stable"), ("hausse", "augmente")],
        ),
    ),
    section(
        "Équipement",
        "",
        q("plan_equipement", "yes_no", "La commune a-t-elle un plan d'équipement numérique des écoles ?"),
        q(
            "plan_horizon",
            "single",
            "Jusqu'à quand court ce plan ?",
            choices=[("1_an", "Un an"), ("2_3_ans", "Deux ou trois ans"), ("plus", "Plus de trois ans")],
            when=("plan_equipement", "equals", "oui"),
        ),
        q(
            "aide_equipement",
            "yes_no",
            "La commune a-t-elle bénéficié d'une aide à l'équipement ces trois dernières années ?",
        ),
    ),
    section(
        "Les agents",
        "",
        q(
            "nb_agents",
            "number",
            "Combien d'agents la commune emploie-t-elle ?",
            unit="agents",
            minimum=0,
            maximum=5000,
        ),
        q(
            "besoins_agents",
            "multiple",
            "Sur quels sujets les agents ont-ils besoin d'être accompagnés ?",
            choices=[
                ("outils_bureautiques", "Outils de bureautique"),
                ("demarches_en_ligne", "Démarches en ligne avec les habitants"),
                ("donnees-personnelles", "Protection des données personnelles"),
                ("equipement-maintenance", "Gestion du matériel des écoles"),
                ("securite", "Sécurité informatique"),
            ],
        ),
        q(
            "formation_agents",
            "scale",
            "Les agents sont-ils à l'aise avec les outils numériques ?",
            low="Pas du tout",
            high="Tout à fait",
        ),
    ),
    section(
        "Relais sur le territoire",
        "",
        q(
            "relais",
            "multiple",
            "Quels relais accompagnent les habitants sur la commune ?",
            choices=[
                ("epn", "Un espace public numérique"),
                ("mediatheque", "Une médiathèque"),
                ("france_services", "Une maison France services"),
                ("conseiller_numerique", "Un conseiller numérique"),
                ("association", "Une association"),
                ("aucun", "Aucun"),
            ],
        ),
        q("commentaire", "long_text", "Souhaitez-vous ajouter quelque chose ?", required=False),
    ),
]

DEFAULT_QUESTIONNAIRES = [
    {
        "family": SCHOOL_FAMILY,
        "title": "Enquête d'usages du numérique à l'école",
        "audience": "schools",
        "description": (
            "Équipement, connexion, ENT, usages en classe, assistance, obstacles et besoins de formation : "
            "une vingtaine de minutes pour la directrice ou le directeur, à remplir en plusieurs fois si besoin."
        ),
        "body": SCHOOL_BODY,
    },
    {
        "family": COMMUNE_FAMILY,
        "title": "Enquête auprès des communes",
        "audience": "communes",
        "description": "Budget, plans d'équipement, besoins des agents et relais sur le territoire.",
        "body": COMMUNE_BODY,
    },
]

# The two short questionnaires a course can offer its learners (issue 31), loaded by migration
# 0004. The self-assessment's statements are the same before and after, so that the two
# distributions compare.
COURSE_SATISFACTION_FAMILY = "satisfaction-formation"
SELF_ASSESSMENT_FAMILY = "auto-evaluation-formation"
AGREE = {"low": "Pas du tout d'accord", "high": "Tout à fait d'accord"}

COURSE_SATISFACTION_BODY = [
    section(
        "Votre avis sur la formation",
        "Vos réponses sont anonymes : elles ne sont reliées ni à votre nom, ni à votre organisation.",
        q("clarte", "scale", "Les explications étaient claires.", **AGREE),
        q("utilite", "scale", "Ce que j'ai appris me sert dans mon travail ou ma vie quotidienne.", **AGREE),
        q(
            "duree",
            "single",
            "La durée de la formation était…",
            choices=[("trop_courte", "Trop courte"), ("adaptee", "Adaptée"), ("trop_longue", "Trop longue")],
        ),
        q("recommande", "yes_no", "Recommanderiez-vous cette formation à quelqu'un dans votre situation ?"),
        q("commentaire", "long_text", "Un commentaire, une suggestion ?", required=False),
    ),
]

SELF_ASSESSMENT_BODY = [
    section(
        "Ce que je sais faire",
        "Pour chaque phrase, dites où vous en êtes aujourd'hui. Il n'y a pas de bonne réponse, et c'est anonyme.",
        q("sait_trouver", "scale", "Je sais trouver l'information dont j'ai besoin sur ce sujet.", **AGREE),
        q("sait_faire", "scale", "Je sais faire sans aide ce que présente la formation.", **AGREE),
        q("sait_risques", "scale", "Je sais reconnaître les risques et les erreurs à éviter.", **AGREE),
        q("sait_expliquer", "scale", "Je sais l'expliquer à quelqu'un d'autre.", **AGREE),
    ),
]

COURSE_QUESTIONNAIRES = [
    {
        "family": COURSE_SATISFACTION_FAMILY,
        "title": "Votre avis sur la formation",
        "audience": "learners",
        "description": "Cinq questions courtes, proposées une fois la formation terminée.",
        "body": COURSE_SATISFACTION_BODY,
    },
    {
        "family": SELF_ASSESSMENT_FAMILY,
        "title": "Ce que je sais faire",
        "audience": "learners",
        "description": "Quatre phrases « je sais… », notées de 1 à 5 avant le premier module puis après la formation.",
        "body": SELF_ASSESSMENT_BODY,
    },
]
