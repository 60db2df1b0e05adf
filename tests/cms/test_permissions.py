"""Who may replace and delete documents and images in the Wagtail admin (cms.permissions), and
which groups exist. Everything goes over HTTP through Wagtail's own admin views."""

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

import pytest

from tests.factories import UserFactory
from tests.factories.cms import CoursePageFactory, ModulePageFactory, block_id, publish
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def member_of(group: str):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def trainer():
    return member_of("Formateurs")


@pytest.fixture
def other_trainer():
    return member_of("Formateurs")


@pytest.fixture
def moderator():
    return member_of("Modérateurs")


def document_of(user, content: bytes = b"Programme de la formation") -> Document:
    return Document.objects.create(
        title="Programme", file=ContentFile(content, name="programme.txt"), uploaded_by_user=user
    )


def image_of(user) -> Image:
    return Image.objects.create(title="Tablette", file=get_test_image_file(), uploaded_by_user=user)


def document_form(document: Document, content: bytes) -> dict:
    return {
        "title": document.title,
        "file": ContentFile(content, name="remplacement.txt"),
        "collection": document.collection_id,
        "tags": "",
    }


def image_form(image: Image) -> dict:
    return {
        "title": "Tablette remplacée",
        "file": SimpleUploadedFile("remplacement.png", get_test_image_file(colour="red").file.getvalue(), "image/png"),
        "collection": image.collection_id,
        "tags": "",
        "description": "",
    }


def refused(response) -> bool:
    """Wagtail's refusal: its admin turns PermissionDenied into a redirect to the dashboard with
    "Sorry, you do not have permission…" (a 403 for background requests)."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def module_using(**block) -> None:
    """A live module page whose body shows the given file."""
    course_page = publish(CoursePageFactory())
    publish(ModulePageFactory(parent=course_page, body=[{"id": block_id(), **block}]))


def file_content(document: Document) -> bytes:
    document.refresh_from_db()
    with document.file.open("rb") as handle:
        return handle.read()


class TestTrainersAndOthersFiles:
    def test_a_trainer_cannot_replace_another_trainers_document(self, client, trainer, other_trainer):
        """Replacing someone else's document is refused and the file stays as it was."""
        document = document_of(other_trainer)
        client.force_login(trainer)
        url = reverse("wagtaildocs:edit", args=[document.pk])
        assert refused(client.get(url))
        assert refused(client.post(url, document_form(document, b"Contenu piege")))
        assert file_content(document) == b"Programme de la formation"

    def test_a_trainer_cannot_delete_another_trainers_document(self, client, trainer, other_trainer):
        """Deleting someone else's document is refused: the document is still there."""
        document = document_of(other_trainer)
        client.force_login(trainer)
        url = reverse("wagtaildocs:delete", args=[document.pk])
        assert refused(client.get(url))
        assert refused(client.post(url))
        assert Document.objects.filter(pk=document.pk).exists()

    def test_a_trainer_cannot_bulk_delete_another_trainers_document(self, client, trainer, other_trainer):
        """The bulk delete skips a document the trainer may not delete."""
        document = document_of(other_trainer)
        client.force_login(trainer)
        url = reverse("wagtail_bulk_action", args=["wagtaildocs", "document", "delete"]) + f"?id={document.pk}"
        client.post(url)
        assert Document.objects.filter(pk=document.pk).exists()

    def test_a_trainer_cannot_replace_or_delete_another_trainers_image(self, client, trainer, other_trainer):
        """Images follow the same rule: someone else's image can be neither replaced nor deleted."""
        image = image_of(other_trainer)
        original = image.file.name
        client.force_login(trainer)
        assert refused(client.post(reverse("wagtailimages:edit", args=[image.pk]), image_form(image)))
        assert refused(client.post(reverse("wagtailimages:delete", args=[image.pk])))
        image.refresh_from_db()
        assert image.file.name == original and image.title == "Tablette"

    def test_a_trainer_sees_only_their_own_documents_in_the_listing(self, client, trainer, other_trainer):
        """The documents listing shows a trainer their own uploads, not everyone's."""
        mine, theirs = document_of(trainer), document_of(other_trainer)
        client.force_login(trainer)
        html = client.get(reverse("wagtaildocs:index")).content.decode()
        assert reverse("wagtaildocs:edit", args=[mine.pk]) in html
        assert reverse("wagtaildocs:edit", args=[theirs.pk]) not in html


class TestTrainersOwnFiles:
    def test_a_trainer_replaces_their_own_document(self, client, trainer):
        """A trainer edits their own upload, file included."""
        document = document_of(trainer)
        client.force_login(trainer)
        response = client.post(reverse("wagtaildocs:edit", args=[document.pk]), document_form(document, b"Version 2"))
        assert response.status_code == 302
        assert file_content(document) == b"Version 2"

    def test_a_trainer_deletes_their_own_unused_document_and_image(self, client, trainer):
        """A trainer deletes what they uploaded, when no live page uses it."""
        document, image = document_of(trainer), image_of(trainer)
        client.force_login(trainer)
        assert client.post(reverse("wagtaildocs:delete", args=[document.pk])).status_code == 302
        assert client.post(reverse("wagtailimages:delete", args=[image.pk])).status_code == 302
        assert not Document.objects.filter(pk=document.pk).exists()
        assert not Image.objects.filter(pk=image.pk).exists()

    def test_a_trainer_replaces_their_own_image(self, client, trainer):
        """A trainer edits their own image."""
        image = image_of(trainer)
        client.force_login(trainer)
        assert client.post(reverse("wagtailimages:edit", args=[image.pk]), image_form(image)).status_code == 302
        original = image.file.name
        image.refresh_from_db()
        assert image.title == "Tablette remplacée" and image.file.name != original


class TestFilesUsedByLivePages:
    def test_a_document_shown_by_a_live_page_cannot_be_deleted(self, client, trainer, moderator):
        """Not even a moderator deletes a document that a live page shows: a French message says why."""
        document = document_of(trainer)
        module_using(type="document", value={"document": document.pk, "title": "", "description": ""})
        client.force_login(moderator)
        url = reverse("wagtaildocs:delete", args=[document.pk])
        for response in (client.get(url, follow=True), client.post(url, follow=True)):
            assert response.redirect_chain[-1][0] == reverse("wagtaildocs:edit", args=[document.pk])
            assert "Ce document est utilisé par la page publiée « Module" in page_text(response)
        assert Document.objects.filter(pk=document.pk).exists()

    def test_its_owner_cannot_delete_it_either(self, client, trainer):
        """The trainer who uploaded it gets the same refusal."""
        document = document_of(trainer)
        module_using(type="document", value={"document": document.pk, "title": "", "description": ""})
        client.force_login(trainer)
        client.post(reverse("wagtaildocs:delete", args=[document.pk]))
        assert Document.objects.filter(pk=document.pk).exists()

    def test_an_image_shown_by_a_live_page_cannot_be_deleted(self, client, trainer, moderator):
        """Images are checked the same way."""
        image = image_of(trainer)
        figure = {"image": {"image": image.pk, "alt_text": "Une tablette", "decorative": False}}
        module_using(type="figure", value=figure)
        client.force_login(moderator)
        response = client.post(reverse("wagtailimages:delete", args=[image.pk]), follow=True)
        assert "Cette image est utilisée par la page publiée « Module" in page_text(response)
        assert Image.objects.filter(pk=image.pk).exists()

    def test_the_bulk_delete_keeps_a_document_in_use(self, client, trainer, moderator):
        """The bulk delete asks the same policy: the document in use stays."""
        document = document_of(trainer)
        module_using(type="document", value={"document": document.pk, "title": "", "description": ""})
        client.force_login(moderator)
        url = reverse("wagtail_bulk_action", args=["wagtaildocs", "document", "delete"]) + f"?id={document.pk}"
        client.post(url)
        assert Document.objects.filter(pk=document.pk).exists()

    def test_the_multiple_upload_delete_keeps_a_document_in_use(self, client, trainer):
        """The upload form's own delete button asks the policy too."""
        document = document_of(trainer)
        module_using(type="document", value={"document": document.pk, "title": "", "description": ""})
        client.force_login(trainer)
        response = client.post(reverse("wagtaildocs:delete_multiple", args=[document.pk]))
        assert refused(response)
        assert Document.objects.filter(pk=document.pk).exists()

    def test_a_moderator_deletes_anyones_unused_document(self, client, trainer, moderator):
        """Moderators keep the right to clean up files that no live page uses."""
        document = document_of(trainer)
        client.force_login(moderator)
        assert client.post(reverse("wagtaildocs:delete", args=[document.pk])).status_code == 302
        assert not Document.objects.filter(pk=document.pk).exists()

    def test_a_document_only_a_draft_uses_can_be_deleted(self, client, trainer, moderator):
        """A page never published does not hold a document back."""
        document = document_of(trainer)
        ModulePageFactory(
            parent=publish(CoursePageFactory()),
            live=False,
            body=[{"id": block_id(), "type": "document", "value": {"document": document.pk}}],
        )
        client.force_login(moderator)
        assert client.post(reverse("wagtaildocs:delete", args=[document.pk])).status_code == 302
        assert not Document.objects.filter(pk=document.pk).exists()


class TestGroups:
    def test_wagtails_leftover_groups_are_gone(self):
        """Only our editorial groups remain: Wagtail's "Editors" and "Moderators" are deleted."""
        assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
        assert Group.objects.filter(name__in=["Formateurs", "Modérateurs"]).count() == 2

    def test_no_group_has_rights_on_the_root_page(self):
        """Nobody but superusers holds rights on the whole tree (the leftovers held publish there)."""
        assert not GroupPagePermission.objects.filter(page__depth=1).exists()

    def test_trainers_hold_add_and_choose_only_on_files(self):
        """Formateurs: add and choose on documents and images; Modérateurs also change and delete."""

        def codenames(group):
            return set(
                GroupCollectionPermission.objects.filter(
                    group__name=group, collection=Collection.get_first_root_node()
                ).values_list("permission__codename", flat=True)
            )

        assert codenames("Formateurs") == {"add_document", "choose_document", "add_image", "choose_image"}
        assert codenames("Modérateurs") >= {"change_document", "delete_document", "change_image", "delete_image"}
