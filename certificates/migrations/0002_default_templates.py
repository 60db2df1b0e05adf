"""One default attestation template per audience, so that a completion anywhere issues a proper
attestation from the first day. Staff adapt them in the Wagtail admin."""

from django.db import migrations

SIGNATORY = ("L'équipe Passerelle", "Plateforme de formation aux usages du numérique autour de l'école")

DEFAULTS = {
    "teacher": (
        "Attestation — enseignants",
        "{nom} a suivi la formation « {formation} » ({duree}) et l'a terminée le {date}. "
        "Cette formation peut être mentionnée dans le parcours de développement professionnel.",
    ),
    "parent": (
        "Attestation — parents",
        "{nom} a suivi la formation « {formation} » ({duree}) et l'a terminée le {date}.",
    ),
    "elected": (
        "Attestation — élus",
        "{nom} a suivi la formation « {formation} » ({duree}) et l'a terminée le {date}, "
        "dans le cadre de la formation des élus aux usages du numérique.",
    ),
    "agent": (
        "Attestation — agents",
        "{nom} a suivi la formation « {formation} » ({duree}) et l'a terminée le {date}, "
        "au titre de la formation des agents territoriaux aux usages du numérique.",
    ),
}


def create_defaults(apps, schema_editor):
    template_model = apps.get_model("certificates", "CertificateTemplate")
    for audience, (title, body) in DEFAULTS.items():
        if template_model.objects.filter(audience=audience, is_default=True).exists():
            continue
        template_model.objects.create(
            title=title,
            audience=audience,
            is_default=True,
            body=body,
            signatory_name=SIGNATORY[0],
            signatory_title=SIGNATORY[1],
        )
    if not template_model.objects.filter(audience="", is_default=True).exists():
        template_model.objects.create(
            title="Attestation — tous publics",
            audience="",
            is_default=True,
            body="{nom} a suivi la formation « {formation} » ({duree}) et l'a terminée le {date}.",
            signatory_name=SIGNATORY[0],
            signatory_title=SIGNATORY[1],
        )


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
