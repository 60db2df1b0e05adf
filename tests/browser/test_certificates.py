"""Attestations in Chromium, checked with axe: a parent finishes a course, then downloads and
shares the attestation; anyone checks a code as typed; a teacher renews an expired one; staff
correct then revoke one in the Wagtail admin, and the public page says so each time."""

import hashlib
import os
import re
import tempfile
from pathlib import Path

from django.core.cache import cache

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate, CertificateEvent, new_code
from cms.models import CoursePage
from courses.models import Course, Enrolment, EnrolmentStatus, Module
from lms.accounts.models import User
from lms.notifications.models import OutboxMessage

pytestmark = pytest.mark.browser

PARENT_COURSE = "Accompagner son enfant sur Internet"
TEACHER_COURSE = "Concevoir une séance avec le numérique"
AGENT_COURSE = "Administrer le parc numérique d'une école"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
# A directory to keep screenshots in, for a person to look at (none by default).
SCREENSHOTS = os.environ.get("PASSERELLE_CERTIFICATE_SCREENSHOTS")
BAD_SHAPE = "Ce code n'a pas la bonne forme : il compte 26 caractères, des chiffres et des lettres."


@pytest.fixture(autouse=True)
def _site_url_is_the_live_server(demo_data, settings):
    """Attestations link to SITE_URL (their verification page, on the dashboard, in the PDF and
    the e-mail): point it at the live server, which reads settings on each request. Verifications
    are throttled through the database cache, which a flush leaves alone: start from zero."""
    settings.SITE_URL = demo_data.url
    cache.clear()
    yield
    cache.clear()


def snapshot(page, name: str) -> None:
    """Save certificates-<name>-<width>.png at desktop and phone widths in
    PASSERELLE_CERTIFICATE_SCREENSHOTS, if set; the page goes back to the desktop width."""
    if not SCREENSHOTS:
        return
    Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"certificates-{name}-{size['width']}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def on_a_phone(page, axe) -> None:
    """At 375 px the page neither scrolls sideways nor fails axe; then back to the desktop width."""
    page.set_viewport_size(PHONE)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways at {PHONE['width']} px ({width} px wide)"
    axe(page)
    page.set_viewport_size(DESKTOP)


def right_answers(module: Module) -> dict[str, dict[str, list[str]]]:
    """{quiz id: {question id: right choice ids}}, from the server's answer key."""
    return {
        quiz_id: {question["id"]: question["correct"] for question in key["questions"]}
        for quiz_id, key in module.quiz_key.items()
    }


def course_modules(title: str) -> list[Module]:
    modules = list(Module.objects.published().filter(course__title=title, is_required=True))
    assert modules and all(module.quiz_key for module in modules), "every demo module ends with a quiz"
    return modules


def complete_course(page, title: str, axe) -> None:
    """From the course's first module, pass every quiz and follow "Module suivant"; passing the
    last one completes the course and lands on the dashboard. axe checks the first module (the
    others share its template, and test_learning.py checks each step of a module)."""
    modules = course_modules(title)
    for number, module in enumerate(modules, start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(module.title)
        if number == 1:
            axe(page)
        for quiz_id, questions in right_answers(module).items():
            for choice_ids in questions.values():
                for choice_id in choice_ids:
                    page.locator(f"#c-{choice_id}").check()
            page.locator(f"#quiz-{quiz_id}").get_by_role("button", name="Valider mes réponses").click()
        if number < len(modules):
            expect(page.get_by_text("Réussi : 100 % de bonnes réponses.")).to_be_visible()
            page.get_by_role("link", name=re.compile("Module suivant")).click()
    expect(page).to_have_url(re.compile(r"/mon-espace/$"))
    expect(page.get_by_text(f"Bravo, vous avez terminé « {title} » !")).to_be_visible()


def agent_certificate(agent: User) -> Certificate:
    """The agent's attestation for the commune's blended course, which the demo data issues: the
    mayor enrolled them, they finished the modules and attended the 3 hours of presence asked."""
    certificate = Certificate.objects.get(user=agent, kind="course", course__title=AGENT_COURSE)
    assert certificate.enrolment.organisation.slug == "mairie-de-privas"
    assert certificate.snapshot["holder_name"] == "Ange Agent" and certificate.pdf_status == "ready"
    return certificate


def message_shown(page) -> None:
    """Wait until Wagtail's message has faded in: axe measuring it half-faded reports a contrast
    failure that no person would see (as in test_courses.py)."""
    page.wait_for_function(
        """element => getComputedStyle(element).opacity === "1"
            && element.getAnimations({subtree: true}).every(animation => animation.playState !== "running")""",
        arg=page.get_by_role("status").locator("> ul").element_handle(),
    )


def admin_fact(page, term: str):
    """The value of one line (Titulaire, Code, État…) of an attestation in the admin."""
    return page.locator("main dl dt").filter(has_text=re.compile(f"^{term}$")).locator("+ dd")


def certificate_card(page, course_title: str):
    """The card of the course's attestation, not of an attestation de présence for one of its
    sessions (the demo parent and teacher have one for the parents' course)."""
    section = page.get_by_role("region", name="Mes attestations")
    return (
        section.get_by_role("listitem")
        .filter(has=page.get_by_role("heading", level=3, name=course_title))
        .filter(has_not_text="Attestation de présence")
    )


def verdict(page):
    return page.locator("#verdict")


def fact(page, term: str):
    """The value of one fact (Titulaire, Formation…) on the verification page."""
    return page.locator("dl.verification-facts dt").filter(has_text=re.compile(f"^{term}$")).locator("+ dd")


def grouped(code: str) -> str:
    """The code as people read it aloud, and as the verification page prints it: 4-4-4-4-4-4-2."""
    return "-".join(code[start : start + 4] for start in range(0, len(code), 4))


def test_parent_completes_a_course_then_downloads_and_shares_the_attestation(page_as, page_for, demo_data, axe):
    page = page_as("parent", "/formations/accompagner-son-enfant-sur-internet/")
    page.get_by_role("button", name="S'inscrire").click()
    expect(page.get_by_text(f"Inscription enregistrée pour « {PARENT_COURSE} »")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Commencer", exact=True).click()
    complete_course(page, PARENT_COURSE, axe)

    certificate = Certificate.objects.get(user__email="parent@exemple.fr", kind="course")
    assert (certificate.status, certificate.pdf_status, certificate.cycle) == ("valid", "ready", 1)
    assert certificate.snapshot["holder_name"] == "Paule Parent"
    assert certificate.expires_on is None  # this course's attestations do not expire

    card = certificate_card(page, PARENT_COURSE)
    expect(card).to_have_count(1)
    # Beside it, the attestation de présence from the demo's past parents' session, a card of its own.
    presence = page.get_by_role("region", name="Mes attestations").get_by_role("listitem")
    expect(presence.filter(has_text="Attestation de présence — session")).to_have_count(1)
    expect(card).to_contain_text("Délivrée le")
    expect(card).not_to_contain_text("valable jusqu'au")
    expect(card.get_by_role("button", name=re.compile("Renouveler"))).to_have_count(0)
    download_link = card.get_by_role("link", name=f"Télécharger le PDF — {PARENT_COURSE}")
    badge_link = card.get_by_role("link", name=f"Badge numérique (Open Badges) — {PARENT_COURSE}")
    verify_link = card.get_by_role("link", name=f"Page de vérification — {PARENT_COURSE}")
    expect(download_link).to_have_attribute("href", f"/attestations/{certificate.code}/pdf/")
    expect(badge_link).to_have_attribute("href", f"/attestations/{certificate.code}/openbadge/")
    expect(verify_link).to_have_attribute("href", f"{demo_data.url}/verifier/{certificate.code}/")
    axe(page)
    snapshot(page, "dashboard")
    on_a_phone(page, axe)

    # Chromium opens the PDF in its viewer (it is served inline): fetch it with the page's cookies.
    response = page.request.get(demo_data.url + download_link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf", response.headers
    assert 'filename="attestation-accompagner-son-enfant-sur-internet.pdf"' in response.headers["content-disposition"]
    assert response.headers["cache-control"] == "private, no-store"
    data = response.body()
    assert data.startswith(b"%PDF-"), data[:20]
    assert hashlib.sha256(data).hexdigest() == certificate.pdf_sha256

    # The Open Badges credential: a signed JWT (header.payload.signature), as an attachment.
    badge = page.request.get(demo_data.url + badge_link.get_attribute("href"))
    assert badge.ok and badge.headers["content-type"] == "application/vc+jwt", badge.headers
    assert badge.headers["content-disposition"].startswith("attachment;")
    assert re.fullmatch(r"[\w-]+\.[\w-]+\.[\w-]+", badge.text()), badge.text()[:80]

    # One e-mail to the holder, through the outbox.
    message = OutboxMessage.objects.get(kind="certificates.issued", object_id=str(certificate.pk))
    assert (message.to_email, message.object_id) == ("parent@exemple.fr", str(certificate.pk))

    # Anyone with the link, signed out, sees that it is valid and whose it is.
    visitor = page_for(None)
    response = visitor.goto(verify_link.get_attribute("href"))
    assert response.status == 200
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Vérification d'une attestation")
    expect(verdict(visitor)).to_have_text("Valide — cette attestation a bien été délivrée par Passerelle.")
    expect(visitor.get_by_role("region", name=re.compile("^Valide"))).to_be_visible()
    expect(fact(visitor, "Titulaire")).to_have_text("Paule Parent")
    expect(fact(visitor, "Formation")).to_have_text(PARENT_COURSE)
    expect(fact(visitor, "Validité")).to_have_text("sans limite de durée")
    expect(fact(visitor, "Code")).to_have_text(grouped(certificate.code))
    axe(visitor)
    snapshot(visitor, "verify-valid")
    on_a_phone(visitor, axe)
    # The PDF itself stays the holder's: signed out, the download asks to sign in first.
    visitor.goto(demo_data.url + download_link.get_attribute("href"))
    expect(visitor).to_have_url(re.compile(r"/connexion/\?next="))


def test_anyone_checks_a_code_as_typed(page_for, demo_data, axe):
    expired = Certificate.objects.get(user__email="enseignant@exemple.fr", kind="course")
    page = page_for(None, "/verifier/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifier une attestation")
    field = page.get_by_label("Code de vérification")
    expect(field).to_have_accessible_description("Avec ou sans espaces ni tirets, en majuscules ou en minuscules.")
    axe(page)

    # Lower case, in groups separated by spaces, as read off the paper: the canonical page.
    field.fill(" ".join(grouped(expired.code).split("-")).lower())
    page.get_by_role("button", name="Vérifier").click()
    expect(page).to_have_url(f"{demo_data.url}/verifier/{expired.code}/")
    expect(verdict(page)).to_contain_text("Expirée — cette attestation est authentique, mais sa validité a pris fin le")
    expect(fact(page, "Titulaire")).to_have_text("Élie Enseignant")
    expect(fact(page, "Formation")).to_have_text(TEACHER_COURSE)
    axe(page)
    # The same, typed in the address bar with dashes and in lower case, is sent to the canonical address.
    page.goto(f"{demo_data.url}/verifier/{grouped(expired.code).lower()}/")
    expect(page).to_have_url(f"{demo_data.url}/verifier/{expired.code}/")

    # A malformed code: the error next to the field, which keeps what was typed.
    page.get_by_role("link", name="Vérifier un autre code").click()
    page.get_by_label("Code de vérification").fill("ABCD-1234")
    with page.expect_response(re.compile(r"/verifier/\?code=")) as response_info:
        page.get_by_role("button", name="Vérifier").click()
    assert response_info.value.status == 400
    field = page.get_by_label("Code de vérification")
    expect(field).to_have_value("ABCD-1234")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile(re.escape(BAD_SHAPE)))
    expect(page.locator(".field--error").get_by_text(BAD_SHAPE)).to_be_visible()
    axe(page)

    # A well-formed code that no attestation carries.
    unknown = new_code()
    field.fill(grouped(unknown))
    with page.expect_response(re.compile(rf"/verifier/{unknown}/$")) as response_info:
        page.get_by_role("button", name="Vérifier").click()
    assert response_info.value.status == 404
    expect(verdict(page)).to_have_text(
        "Inconnue — aucune attestation ne correspond à ce code. "
        "Vérifiez chaque caractère : le code compte 26 caractères."
    )
    expect(fact(page, "Code saisi")).to_have_text(grouped(unknown))
    expect(page.get_by_text("Titulaire")).to_have_count(0)
    axe(page)


def test_teacher_renews_an_expired_attestation(page_as, page_for, demo_data, axe):
    old = Certificate.objects.get(user__email="enseignant@exemple.fr", kind="course")
    assert old.status == "expired"
    page = page_as("enseignant", "/mon-espace/")
    card = certificate_card(page, TEACHER_COURSE)
    expect(card).to_contain_text("expirée depuis le")
    expect(card).to_contain_text(
        "Cette formation se renouvelle : suivez-la à nouveau pour obtenir une attestation à jour."
    )
    expect(card.get_by_role("link", name=f"Télécharger le PDF — {TEACHER_COURSE}")).to_be_visible()
    renew = card.get_by_role("button", name=f"Renouveler — {TEACHER_COURSE}")
    expect(renew).to_be_visible()
    axe(page)
    snapshot(page, "renewable")
    on_a_phone(page, axe)

    renew.click()
    expect(page).to_have_url(demo_data.url + Course.objects.get(title=TEACHER_COURSE).url)
    expect(page.get_by_text(f"C'est reparti : « {TEACHER_COURSE} » recommence pour vous.")).to_be_visible()
    expect(page.get_by_text("Votre progression : 0 %")).to_be_visible()
    axe(page)
    enrolment = Enrolment.objects.get(user__email="enseignant@exemple.fr", course__title=TEACHER_COURSE)
    assert (enrolment.cycle, enrolment.status) == (2, EnrolmentStatus.ACTIVE)

    # Until the new cycle is done, the old attestation stays, with the renewal under way.
    page.get_by_role("link", name="Mon espace").click()
    card = certificate_card(page, TEACHER_COURSE)
    expect(card).to_contain_text("Renouvellement en cours : vous suivez à nouveau la formation (session 2).")
    expect(card.get_by_role("button", name=re.compile("Renouveler"))).to_have_count(0)
    # The course's own card (its in-person sessions have cards of their own in "Mes sessions").
    course_card = page.locator(".course-card", has_text=TEACHER_COURSE).filter(has=page.locator("progress"))
    expect(course_card).to_contain_text("Modules terminés : 0 sur 5")
    axe(page)
    snapshot(page, "renewing")
    on_a_phone(page, axe)
    card.get_by_role("link", name=f"Continuer — {TEACHER_COURSE}").click()
    page.get_by_role("link", name="Commencer", exact=True).click()
    complete_course(page, TEACHER_COURSE, axe)

    new = Certificate.objects.get(user__email="enseignant@exemple.fr", kind="course", cycle=2)
    old.refresh_from_db()
    assert old.superseded_by == new and old.status == "superseded"
    assert new.status == "valid" and new.expires_on > old.expires_on
    assert CertificateEvent.objects.filter(certificate=old, kind="renewed", related=new).exists()
    card = certificate_card(page, TEACHER_COURSE)
    expect(card).to_have_count(1)  # the new one only
    expect(card).to_contain_text(f"valable jusqu'au {new.expires_on.day} ")
    expect(card).not_to_contain_text("expirée")
    expect(card.get_by_role("button", name=re.compile("Renouveler"))).to_have_count(0)
    expect(card.get_by_role("link", name=f"Page de vérification — {TEACHER_COURSE}")).to_have_attribute(
        "href", f"{demo_data.url}/verifier/{new.code}/"
    )
    axe(page)
    snapshot(page, "renewed")

    visitor = page_for(None, f"/verifier/{old.code}/")
    expect(verdict(visitor)).to_contain_text("Remplacée — une attestation plus récente la remplace :")
    axe(visitor)
    visitor.get_by_role("link", name="voir l'attestation en vigueur").click()
    expect(visitor).to_have_url(f"{demo_data.url}/verifier/{new.code}/")
    expect(verdict(visitor)).to_contain_text("Valide")
    expect(fact(visitor, "Titulaire")).to_have_text("Élie Enseignant")
    axe(visitor)


def test_staff_reissue_then_revoke_an_attestation(page_as, page_for, demo_data, axe):
    agent = User.objects.get(email="agent@exemple.fr")
    first = agent_certificate(agent)
    total = Certificate.objects.count()

    page = page_as("admin", "/admin/")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Attestations", exact=True).click()
    expect(page).to_have_url(f"{demo_data.url}/admin/attestations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Attestations")
    listing = page.get_by_role("table", name=f"{total} attestations")
    # Those of the demo data (the teacher's expired one, the agent's for the blended course, the
    # attestations de présence of the past sessions); narrowed down with the filters.
    expect(listing.get_by_role("row")).to_have_count(total + 1)
    axe(page)
    page.get_by_label("Organisation").select_option(label="Mairie de Privas")
    page.get_by_label("État").select_option(label="Valide")
    page.get_by_label("Formation").select_option(label=AGENT_COURSE)
    page.get_by_role("button", name="Filtrer").click()
    row = page.get_by_role("table", name="1 attestation").get_by_role("row", name=re.compile("Ange Agent"))
    expect(row).to_contain_text(grouped(first.code))
    expect(row).to_contain_text("Mairie de Privas")
    expect(page.get_by_label("Organisation")).to_have_value(str(first.enrolment.organisation_id))
    page.get_by_label("État").select_option(label="Expirée")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_text("Aucune attestation ne correspond à ces critères.")).to_be_visible()
    axe(page)
    # The search takes a name, or a code as printed (lower case and dashes are fine).
    page.get_by_label("État").select_option(label="Tous")
    page.get_by_label("Code ou nom").fill(grouped(first.code).lower())
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("table", name="1 attestation")).to_contain_text(grouped(first.code))
    page.get_by_label("Code ou nom").fill("enseignant")
    page.get_by_label("Organisation").select_option(label="Toutes")
    page.get_by_label("Formation").select_option(label="Toutes")
    page.get_by_role("button", name="Filtrer").click()
    # The teacher's expired attestation, and their attestation de présence.
    rows = page.get_by_role("table", name="2 attestations").get_by_role("row")
    expect(rows.filter(has_text="Élie Enseignant")).to_have_count(2)
    page.get_by_label("Code ou nom").fill("agent")
    page.get_by_role("button", name="Filtrer").click()
    # The agent's attestation de présence is listed too: open the course's one.
    page.get_by_role("row").filter(has_text=grouped(first.code)).get_by_role(
        "link", name="Ange Agent", exact=True
    ).click()

    expect(page).to_have_url(f"{demo_data.url}/admin/attestations/{first.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Ange Agent"))
    expect(page.get_by_role("heading", level=2, name=AGENT_COURSE)).to_be_visible()
    expect(admin_fact(page, "Code")).to_contain_text(grouped(first.code))
    # Titled by what it shows, under Wagtail's breadcrumbs (not a lone "Accueil").
    expect(page).to_have_title(re.compile("^Attestation: Ange Agent"))
    expect(page.get_by_role("navigation", name=re.compile("Breadcrumb|Fil d'Ariane", re.I))).to_contain_text(
        "Attestations"
    )
    axe(page)
    expect(page.get_by_role("heading", level=2, name="Réémettre (corriger le nom ou le modèle)")).to_be_visible()
    reissue = page.locator("form").filter(has=page.get_by_role("button", name="Réémettre", exact=True))
    # Without a reason nothing is re-issued, and the field says why.
    reissue.get_by_label("Nom du titulaire").fill("Ange Agent-Vidal")
    reissue.get_by_role("button", name="Réémettre", exact=True).click()
    expect(reissue.get_by_text("Champ requis.")).to_be_visible()
    expect(reissue.get_by_label("Motif de la correction")).to_have_attribute("aria-invalid", "true")
    expect(reissue.get_by_label("Nom du titulaire")).to_have_value("Ange Agent-Vidal")
    assert Certificate.objects.count() == total
    axe(page)
    expect(reissue.get_by_label("Modèle")).to_have_value("")  # "Le même modèle"
    reissue.get_by_label("Motif de la correction").fill("Nom d'usage oublié à l'inscription.")
    reissue.get_by_role("button", name="Réémettre", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Attestation réémise : la nouvelle remplace l'ancienne.")

    second = Certificate.objects.get(supersedes=first)
    expect(page).to_have_url(f"{demo_data.url}/admin/attestations/{second.pk}/")
    assert (second.snapshot["holder_name"], second.cycle, second.template) == ("Ange Agent-Vidal", 1, first.template)
    assert second.snapshot["completed_on"] == first.snapshot["completed_on"]
    expect(admin_fact(page, "Titulaire")).to_have_text("Ange Agent-Vidal")
    expect(admin_fact(page, "Code")).to_contain_text(grouped(second.code))
    expect(page.get_by_role("link", name=grouped(first.code))).to_have_attribute(
        "href", f"/admin/attestations/{first.pk}/"
    )
    message_shown(page)
    axe(page)

    revoke = page.locator("form").filter(has=page.get_by_role("button", name="Révoquer l'attestation…"))
    revoke.get_by_label("Motif de la révocation").fill("Formation suivie par une autre personne.")
    revoke.get_by_role("button", name="Révoquer l'attestation…").click()
    # One click never revokes: the reason is read back, and confirming is a second step.
    expect(page.get_by_text("Formation suivie par une autre personne.")).to_be_visible()
    second.refresh_from_db()
    assert second.revoked_at is None
    axe(page)
    page.screenshot(path=str(Path(tempfile.gettempdir()) / "h32a-revoke-confirm-1280.png"), full_page=True)
    page.get_by_role("button", name="Oui, révoquer").click()
    expect(page.get_by_role("status")).to_contain_text("Attestation révoquée : sa page de vérification le dit")
    expect(page).to_have_url(f"{demo_data.url}/admin/attestations/{second.pk}/")
    expect(admin_fact(page, "État")).to_contain_text("Formation suivie par une autre personne.")
    expect(page.get_by_role("button", name=re.compile("Réémettre|Révoquer"))).to_have_count(0)
    history = page.get_by_role("table", name="Historique de l'attestation")
    expect(history.get_by_role("row", name=re.compile("^\\d.* Révoquée"))).to_contain_text(
        "Formation suivie par une autre personne."
    )
    expect(history.get_by_role("row", name=re.compile("Délivrée"))).to_contain_text(
        "Nom d'usage oublié à l'inscription."
    )
    message_shown(page)
    axe(page)
    second.refresh_from_db()
    assert second.status == "revoked" and second.revoked_by.email == "admin@exemple.fr"
    # One e-mail per attestation issued, the corrected one included.
    issued = OutboxMessage.objects.filter(kind="certificates.issued", recipient=agent)
    assert issued.filter(object_id__in=[str(first.pk), str(second.pk)]).count() == 2
    # And the holder is told of the revocation, through the outbox.
    assert (
        OutboxMessage.objects.filter(kind="certificates.revoked", recipient=agent, object_id=str(second.pk)).count()
        == 1
    )

    visitor = page_for(None, f"/verifier/{first.code}/")
    expect(verdict(visitor)).to_contain_text("Remplacée — une attestation plus récente la remplace :")
    expect(fact(visitor, "Titulaire")).to_have_text("Ange Agent")
    axe(visitor)
    visitor.get_by_role("link", name="voir l'attestation en vigueur").click()
    expect(visitor).to_have_url(f"{demo_data.url}/verifier/{second.code}/")
    expect(verdict(visitor)).to_contain_text("Révoquée — cette attestation a été retirée le")
    expect(verdict(visitor)).to_contain_text("Motif : Formation suivie par une autre personne.")
    expect(fact(visitor, "Titulaire")).to_have_text("Ange Agent-Vidal")
    axe(visitor)
    snapshot(visitor, "verify-revoked")

    # The holder keeps it on the dashboard, marked, without the PDF or the badge.
    holder = page_for(agent, "/mon-espace/")
    card = certificate_card(holder, AGENT_COURSE)
    expect(card).to_have_count(1)
    expect(card).to_contain_text("révoquée")
    expect(card.get_by_role("link", name=re.compile("Télécharger le PDF|Badge numérique"))).to_have_count(0)
    expect(card.get_by_role("link", name=f"Page de vérification — {AGENT_COURSE}")).to_be_visible()
    axe(holder)
    assert holder.request.get(f"{demo_data.url}/attestations/{second.code}/openbadge/").status == 404

    # The course's statistics are one click from its editor's header (issue 32, defect 11).
    course_page = CoursePage.objects.get(course__title=AGENT_COURSE, alias_of__isnull=True)
    page.goto(f"{demo_data.url}/admin/pages/{course_page.pk}/edit/")
    page.locator("header").get_by_role("link", name="Statistiques", exact=True).click()
    expect(page).to_have_title(re.compile(f"^Statistiques de la formation: {re.escape(AGENT_COURSE)}"))
    expect(page.get_by_role("table", name="Inscriptions à la formation")).to_be_visible()
    axe(page)
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(tempfile.gettempdir()) / f"h32a-statistics-{width}.png"), full_page=True)


def test_staff_see_the_state_of_each_attestation(page_as, demo_data):
    first = agent_certificate(User.objects.get(email="agent@exemple.fr"))
    page = page_as("admin", "/admin/attestations/")
    expect(page.get_by_role("row", name=re.compile("Élie Enseignant")).get_by_role("cell").last).to_have_text(
        "Expirée", timeout=2_000
    )
    expect(page.get_by_role("row", name=re.compile("Ange Agent")).get_by_role("cell").last).to_have_text(
        "Valide", timeout=2_000
    )
    page.goto(f"{demo_data.url}/admin/attestations/{first.pk}/")
    expect(admin_fact(page, "État")).to_have_text("Valide", timeout=2_000)


def test_each_admin_field_has_its_own_label(page_as, demo_data, axe):
    first = agent_certificate(User.objects.get(email="agent@exemple.fr"))
    page = page_as("admin", f"/admin/attestations/{first.pk}/")
    violations = axe(page)  # axe only rates duplicate ids "minor", so it does not fail on them
    revoke = page.locator("form").filter(has=page.get_by_role("button", name="Révoquer l'attestation…"))
    reissue = page.locator("form").filter(has=page.get_by_role("button", name="Réémettre", exact=True))
    expect(reissue.get_by_role("textbox", name=re.compile("^Motif de la correction"))).to_have_count(1, timeout=2_000)
    expect(revoke.get_by_role("textbox", name=re.compile("^Motif de la révocation"))).to_have_count(1, timeout=2_000)
    ids = page.evaluate("() => [...document.querySelectorAll('main [id]')].map(element => element.id)")
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert not [violation["id"] for violation in violations if violation["id"].startswith("duplicate-id")]
