import factory

from certificates.models import Certificate, CertificateEvent, CertificateEventKind, CertificateTemplate


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Modèle d'essai {n}")
    body = "{nom} a suivi la formation « {formation} »."
    signatory_name = "Claire Martin"
    signatory_title = "Directrice"

    class Meta:
        model = CertificateTemplate


class CertificateFactory(factory.django.DjangoModelFactory):
    enrolment = factory.SubFactory("tests.factories.courses.EnrolmentFactory", status="completed")
    cycle = 1
    user = factory.SelfAttribute("enrolment.user")
    course = factory.SelfAttribute("enrolment.course")
    snapshot = factory.LazyAttribute(
        lambda certificate: {
            "holder_name": certificate.user.get_full_name(),
            "course_title": certificate.course.title,
            "completed_on": "2026-11-25",
            "issued_on": "2026-11-25",
            "issuer": {"organisation": None, "signatory_name": "", "signatory_title": ""},
            "template": {"id": None, "title": "", "body": ""},
        }
    )

    class Meta:
        model = Certificate


class CertificateEventFactory(factory.django.DjangoModelFactory):
    certificate = factory.SubFactory(CertificateFactory)
    kind = CertificateEventKind.ISSUED

    class Meta:
        model = CertificateEvent
