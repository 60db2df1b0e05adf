"""Moderation e-mails (cms.moderation, cms.services.moderation): submitting, approving and
rejecting a page in the Wagtail admin queues our own e-mails in the outbox, and nothing leaves
inside the request, Wagtail's own notifications included."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from wagtail.models import TaskState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail.users.models import UserProfile

import pytest

from lms.notifications.emails import build_email
from lms.notifications.models import OutboxMessage
from tests.factories import UserFactory
from tests.factories.cms import CoursePageFactory, ModulePageFactory, publish
from tests.helpers.outbox import deliver

pytestmark = pytest.mark.django_db

SWITCHES = ["submitted_notifications", "approved_notifications", "rejected_notifications"]


def member_of(group: str, first_name: str, *, wagtail_switches_on: bool = False):
    user = UserFactory(first_name=first_name)
    user.groups.add(Group.objects.get(name=group))
    if wagtail_switches_on:  # as everyone had them before, and as anyone can set them again
        UserProfile.objects.update_or_create(user=user, defaults=dict.fromkeys(SWITCHES, True))
    return user


@pytest.fixture
def trainer():
    return member_of("Formateurs", "Alix", wagtail_switches_on=True)


@pytest.fixture
def moderator():
    return member_of("Modérateurs", "Manon", wagtail_switches_on=True)


@pytest.fixture
def module_page(trainer):
    course_page = publish(CoursePageFactory(title="Les écrans en famille"))
    return publish(ModulePageFactory(parent=course_page, title="Régler le contrôle parental", slug="controle"))


def submit(client, user, page, title="Régler le contrôle parental, pas à pas"):
    """The editor's "Submit for moderation" button."""
    client.force_login(user)
    data = nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "is_required": "on",
            "estimated_minutes": 20,
            "body": streamfield([("paragraph", rich_text("<p>Ouvrez les réglages de la tablette.</p>"))]),
        }
    )
    data["action-submit"] = "1"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS).latest("pk")


def act(client, user, task_state, action, comment=""):
    """A reviewer's approve or reject button in the admin."""
    client.force_login(user)
    page_id = int(task_state.workflow_state.object_id)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page_id, action, task_state.pk])
    assert client.post(url, {"comment": comment}).status_code == 302


def rows(kind: str):
    return OutboxMessage.objects.filter(kind=f"cms.moderation_{kind}")


def rendered(message: OutboxMessage):
    email = build_email(message)
    html = email.alternatives[0][0]
    return email.subject, email.body, html


class TestSubmission:
    def test_moderators_get_an_outbox_row_and_nothing_leaves_in_the_request(
        self, client, trainer, moderator, module_page
    ):
        """Submitting queues one e-mail per moderator; no e-mail is sent in the request, not even
        Wagtail's own to a moderator whose Wagtail switches are on."""
        submit(client, trainer, module_page)
        assert mail.outbox == []
        (message,) = rows("submitted")
        assert message.recipient == moderator

    def test_the_email_is_french_and_links_to_the_page_in_the_admin(
        self, client, settings, trainer, moderator, module_page
    ):
        """Subject, greeting and link, in the product's tone; the submitted title is the one shown."""
        settings.WAGTAILADMIN_BASE_URL = "https://passerelle.example"
        submit(client, trainer, module_page)
        subject, body, html = rendered(rows("submitted").get())
        assert subject == "À relire : « Régler le contrôle parental, pas à pas »"
        assert body.startswith("Bonjour Manon,")
        assert f"{trainer.get_full_name()} a soumis « Régler le contrôle parental, pas à pas » à la relecture" in body
        edit_url = f"https://passerelle.example/admin/pages/{module_page.pk}/edit/"
        assert edit_url in body and f'href="{edit_url}"' in html
        assert "Salut" not in body + html

    def test_the_worker_sends_it(self, client, trainer, moderator, module_page):
        """The outbox's sending (the worker) delivers ours to the moderator, and only ours."""
        submit(client, trainer, module_page)
        assert mail.outbox == []
        (sent,) = deliver()
        assert sent.to == [moderator.email] and sent.subject.startswith("À relire : ")

    def test_the_submitter_is_not_told_of_their_own_submission(self, client, moderator, module_page):
        """A moderator who submits is not among the recipients; the other moderators are."""
        other = member_of("Modérateurs", "Nadia")
        submit(client, moderator, module_page)
        assert list(rows("submitted").values_list("recipient", flat=True)) == [other.pk]

    def test_a_submission_reviewed_before_the_email_left_is_not_sent(self, client, trainer, moderator, module_page):
        """The worker cancels a submission e-mail whose review is already over."""
        task_state = submit(client, trainer, module_page)
        act(client, moderator, task_state, "approve")
        deliver()
        assert rows("submitted").get().status == "cancelled"


class TestDecisions:
    def test_approval_tells_the_trainer(self, client, settings, trainer, moderator, module_page):
        """Approving queues one e-mail to who submitted, none in the request; it says the page is online."""
        settings.WAGTAILADMIN_BASE_URL = "https://passerelle.example"
        task_state = submit(client, trainer, module_page)
        mail.outbox.clear()
        act(client, moderator, task_state, "approve")
        assert mail.outbox == []
        (message,) = rows("approved")
        assert message.recipient == trainer
        subject, body, _html = rendered(message)
        assert subject == "Page validée : « Régler le contrôle parental, pas à pas »"
        assert body.startswith("Bonjour Alix,")
        assert f"{moderator.get_full_name()} a validé « Régler le contrôle parental, pas à pas »" in body
        assert f"La page est en ligne :\n{settings.SITE_URL}/formations/les-ecrans-en-famille/controle/" in body
        assert f"https://passerelle.example/admin/pages/{module_page.pk}/edit/" in body

    def test_rejection_tells_the_trainer_with_the_comment(self, client, trainer, moderator, module_page):
        """Rejecting queues one e-mail to who submitted, with the reviewer's comment."""
        task_state = submit(client, trainer, module_page)
        act(client, moderator, task_state, "reject", comment="Ajoutez une capture d'écran des réglages.")
        assert mail.outbox == []
        (message,) = rows("rejected")
        assert message.recipient == trainer
        subject, body, html = rendered(message)
        assert subject == "Modifications demandées : « Régler le contrôle parental, pas à pas »"
        assert f"{moderator.get_full_name()} a relu « Régler le contrôle parental, pas à pas »" in body
        assert "Son commentaire :\nAjoutez une capture d'écran des réglages." in body
        assert "Ajoutez une capture d&#x27;écran des réglages." in html

    def test_rejection_without_a_comment_says_so_plainly(self, client, trainer, moderator, module_page):
        """No comment: no empty "Son commentaire" heading."""
        task_state = submit(client, trainer, module_page)
        act(client, moderator, task_state, "reject")
        _subject, body, _html = rendered(rows("rejected").get())
        assert "Son commentaire" not in body

    def test_the_last_editor_is_told_too(self, client, trainer, moderator, module_page):
        """Someone who edited the page after the submission hears the outcome as well; the
        person who decides does not."""
        editor = member_of("Modérateurs", "Nadia")
        task_state = submit(client, trainer, module_page)
        module_page.refresh_from_db()
        module_page.save_revision(user=editor)
        act(client, moderator, task_state, "approve")
        assert set(rows("approved").values_list("recipient", flat=True)) == {trainer.pk, editor.pk}


class TestWagtailSwitches:
    def test_a_new_wagtail_profile_starts_with_moderation_mail_off(self):
        """Profiles Wagtail creates on demand have its e-mail switches off."""
        profile = UserProfile.get_for_user(UserFactory())
        assert not any(getattr(profile, name) for name in [*SWITCHES, "updated_comments_notifications"])

    def test_the_migration_turns_existing_switches_off(self):
        """Profiles that existed before are switched off by the data migration."""
        profile = UserProfile.get_for_user(UserFactory())
        UserProfile.objects.filter(pk=profile.pk).update(**dict.fromkeys(SWITCHES, True))
        migration = importlib.import_module("cms.migrations.0008_moderation_mail_switches_off")
        migration.switches_off(apps, None)
        profile.refresh_from_db()
        assert not any(getattr(profile, name) for name in SWITCHES)
