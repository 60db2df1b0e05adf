"""The CRCN reference list: cadre de référence des compétences numériques, décret n° 2019-919
du 30 août 2019 (annexe). 16 competences in 5 domains, with their official French titles.

Written out here rather than imported: a migration must keep meaning what it meant when it ran.
Re-running it updates the titles in place, by code."""

from django.db import migrations

DOMAINS = [
    (
        "1",
        "Informations et données",
        [
            ("1.1", "Mener une recherche et une veille d'information"),
            ("1.2", "Gérer des données"),
            ("1.3", "Traiter des données"),
        ],
    ),
    (
        "2",
        "Communication et collaboration",
        [
            ("2.1", "Interagir"),
            ("2.2", "Partager et publier"),
            ("2.3", "Collaborer"),
            ("2.4", "S'insérer dans le monde numérique"),
        ],
    ),
    (
        "3",
        "Création de contenus",
        [
            ("3.1", "Développer des documents textuels"),
            ("3.2", "Développer des documents multimédia"),
            ("3.3", "Adapter les documents à leur finalité"),
            ("3.4", "Programmer"),
        ],
    ),
    (
        "4",
        "Protection et sécurité",
        [
            ("4.1", "Sécuriser l'environnement numérique"),
            ("4.2", "Protéger les données personnelles et la vie privée"),
            ("4.3", "Protéger la santé, le bien-être et l'environnement"),
        ],
    ),
    (
        "5",
        "Environnement numérique",
        [
            ("5.1", "Résoudre des problèmes techniques"),
            ("5.2", "Évoluer dans un environnement numérique"),
        ],
    ),
]


def create_competences(apps, schema_editor):
    Competence = apps.get_model("courses", "Competence")
    position = 0
    for domain_code, domain_title, competences in DOMAINS:
        for code, title in competences:
            position += 1
            Competence.objects.update_or_create(
                code=code,
                defaults={
                    "title": title,
                    "domain_code": domain_code,
                    "domain_title": domain_title,
                    "position": position,
                },
            )


def remove_competences(apps, schema_editor):
    codes = [code for _domain, _title, competences in DOMAINS for code, _competence in competences]
    apps.get_model("courses", "Competence").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("courses", "0006_competences_course_themes")]

    operations = [migrations.RunPython(create_competences, remove_competences)]
