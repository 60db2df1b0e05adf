from django.core import mail

import pytest

from lms.organisations.models import ManagerRequest, Membership, MembershipRole, Organisation, RequestStatus
from lms.organisations.services.territories import territories_load
from tests.factories import MembershipFactory, OrganisationFactory, TerritoryFactory, UserFactory
from tests.helpers.outbox import deliver, last_email_to
from tests.helpers.pages import page_text
from tests.organisations.test_territories import EXTRACTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    territories_load(data_dir=EXTRACTS / "v1")
    from lms.organisations.models import Territory

    return {t.code: t for t in Territory.objects.all()}


@pytest.fixture
def ara_agent(places):
    """Staff of the Auvergne-Rhône-Alpes agency (région 84)."""
    agency = OrganisationFactory(kind="regional_agency", territory=places["84"], slug="agence-ara")
    return MembershipFactory(organisation=agency, user__first_name="Aurélien").user


@pytest.fixture
def corsica_agent(places):
    agency = OrganisationFactory(kind="regional_agency", territory=places["94"], slug="agence-corse")
    return MembershipFactory(organisation=agency).user


def test_request_to_manage_an_existing_organisation_then_approval(client, places, ara_agent):
    """A mayor finds the commune, asks to manage it; the agency approves; the mayor is told and manages it."""
    commune = OrganisationFactory(name="Mairie de Coux", territory=places["07072"], slug="mairie-de-coux")
    mayor = UserFactory(email="maire.coux@exemple.fr", first_name="Josette")
    client.force_login(mayor)
    assert "Mairie de Coux" in page_text(client.get("/organisations/demande/", {"q": "coux"}))
    response = client.post(f"/organisations/demande/{commune.pk}/", {"function": "Maire"})
    assert response["Location"] == "/organisations/"
    assert client.get("/organisations/mairie-de-coux/").status_code == 404  # nothing before approval
    assert "En attente" in page_text(client.get("/organisations/"))

    client.force_login(ara_agent)
    assert "Mairie de Coux" in page_text(client.get("/organisations/demandes/"))
    request = ManagerRequest.objects.get()
    client.post(f"/organisations/demandes/{request.pk}/", {"decision": "approve"})
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED and request.reviewed_by == ara_agent
    deliver()
    email = last_email_to("maire.coux@exemple.fr")
    assert email.subject == "Vous gérez maintenant « Mairie de Coux » sur Passerelle"
    assert "/organisations/mairie-de-coux/" in email.body

    client.force_login(mayor)
    assert client.get("/organisations/mairie-de-coux/").status_code == 200
    assert Membership.objects.current().get(user=mayor).function == "Maire"


def test_request_to_create_a_school_from_its_uai(client, places, ara_agent):
    """A head teacher asks for a school that is not there yet; approval creates it with its UAI."""
    head = UserFactory(email="direction@exemple.fr")
    client.force_login(head)
    response = client.post(
        "/organisations/demande/nouvelle/",
        {"kind": "ecole", "name": "École du Pouzat", "commune": "07000", "uai": "0071234d", "function": "Directrice"},
    )
    assert response.status_code == 200  # 07000 is shared by several communes: asked to be precise
    assert "Saisissez le code INSEE de la vôtre" in page_text(response)
    response = client.post(
        "/organisations/demande/nouvelle/",
        {"kind": "ecole", "name": "École du Pouzat", "commune": "07186", "uai": "0071234d", "function": "Directrice"},
    )
    assert response.status_code == 302
    client.force_login(ara_agent)
    client.post(f"/organisations/demandes/{ManagerRequest.objects.get().pk}/", {"decision": "approve"})
    school = Organisation.objects.get(name="École du Pouzat")
    assert (school.uai, school.territory.code, school.kind) == ("0071234D", "07186", "ecole")
    assert Membership.objects.current().managers().get(organisation=school).user == head


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"uai": "0071234A"}, "ne correspond pas à ses chiffres"),
        ({"uai": ""}, "Un établissement scolaire est identifié par son numéro UAI."),
        ({"siren": "210701869"}, "n'est pas un numéro SIREN valide"),
        ({"commune": "99999"}, "Aucune commune ne correspond"),
        ({"function": ""}, "Champ requis."),
    ],
)
def test_bad_identifiers_are_flagged_in_french(client, places, changes, message):
    client.force_login(UserFactory())
    data = {"kind": "ecole", "name": "École", "commune": "07186", "uai": "0071234D", "function": "Directeur", **changes}
    response = client.post("/organisations/demande/nouvelle/", data)
    assert response.status_code == 200
    assert message in page_text(response)
    assert not ManagerRequest.objects.exists()


def test_refusal_needs_a_reason_which_the_requester_reads(client, places, ara_agent):
    commune = OrganisationFactory(territory=places["07072"])
    requester = UserFactory(email="curieux@exemple.fr")
    request = ManagerRequest.objects.create(requester=requester, organisation=commune, function="Habitant")
    client.force_login(ara_agent)
    response = client.post(f"/organisations/demandes/{request.pk}/", {"decision": "refuse", "reason": " "})
    assert "Expliquez le refus" in page_text(response)
    client.post(
        f"/organisations/demandes/{request.pk}/",
        {"decision": "refuse", "reason": "Seuls les élus et agents de la commune peuvent la gérer."},
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.REFUSED
    deliver()
    email = last_email_to("curieux@exemple.fr")
    assert "Seuls les élus et agents de la commune peuvent la gérer." in email.body
    assert not Membership.objects.filter(user=requester).exists()
    assert mail.outbox[-1].subject.startswith("Votre demande pour")


def test_a_decided_request_cannot_be_decided_again(client, places, ara_agent):
    request = ManagerRequest.objects.create(
        requester=UserFactory(), organisation=OrganisationFactory(territory=places["07072"]), function="Maire"
    )
    client.force_login(ara_agent)
    client.post(f"/organisations/demandes/{request.pk}/", {"decision": "approve"})
    response = client.post(f"/organisations/demandes/{request.pk}/", {"decision": "refuse", "reason": "Non"})
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    assert response.status_code == 200


def test_agencies_see_only_their_territory_and_others_get_404(client, places, ara_agent, corsica_agent):
    """The Corsican agency cannot see or decide Ardèche's requests; non-agency people get 404."""
    request = ManagerRequest.objects.create(
        requester=UserFactory(), organisation=OrganisationFactory(territory=places["07072"]), function="Maire"
    )
    client.force_login(corsica_agent)
    assert request.organisation.name not in page_text(client.get("/organisations/demandes/"))
    assert client.get(f"/organisations/demandes/{request.pk}/").status_code == 404
    assert client.post(f"/organisations/demandes/{request.pk}/", {"decision": "approve"}).status_code == 404
    manager = MembershipFactory(role=MembershipRole.MANAGER).user
    for user in [UserFactory(), manager]:
        client.force_login(user)
        assert client.get("/organisations/demandes/").status_code == 404
        assert client.post(f"/organisations/demandes/{request.pk}/", {"decision": "approve"}).status_code == 404
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_asking_twice_keeps_one_pending_request(client, places):
    commune = OrganisationFactory(territory=places["07072"])
    client.force_login(UserFactory())
    client.post(f"/organisations/demande/{commune.pk}/", {"function": "Maire"})
    client.post(f"/organisations/demande/{commune.pk}/", {"function": "Maire"})
    assert ManagerRequest.objects.count() == 1


def test_new_organisations_get_a_readable_slug(client, places, ara_agent):
    """Approval makes "mairie-de-coux", and only adds the commune when the name is taken."""
    from lms.organisations.services.requests import _unique_slug

    assert _unique_slug("Mairie de Coux", places["07072"]) == "mairie-de-coux"
    OrganisationFactory(slug="mairie-de-coux")
    assert _unique_slug("Mairie de Coux", places["07072"]) == "mairie-de-coux-coux"
    OrganisationFactory(slug="mairie-de-coux-coux")
    assert _unique_slug("Mairie de Coux", places["07072"]) == "mairie-de-coux-coux-2"


def test_a_new_organisation_never_takes_a_fixed_path_s_slug(places):
    """An organisation named "Imprimer" or "Demandes" gets the commune in its slug: a bare
    /relais/imprimer/ or /organisations/demandes/ is a fixed page, not its page."""
    from lms.organisations.services.requests import _unique_slug

    assert _unique_slug("Imprimer", places["07072"]) == "imprimer-coux"
    assert _unique_slug("Expériences", places["07072"]) == "experiences-coux"
    assert _unique_slug("Demandes", places["07072"]) == "demandes-coux"


def test_an_organisation_s_form_refuses_a_reserved_slug_in_french(places):
    """Whoever sets a slug by hand gets a French error beside the field, never a shadowed page."""
    from django.core.exceptions import ValidationError

    organisation = OrganisationFactory.build(kind="epn", slug="imprimer", territory=places["07072"])
    with pytest.raises(ValidationError) as error:
        organisation.clean()
    message = "Cette adresse courte est réservée par le site : choisissez-en une autre."
    assert error.value.message_dict["slug"] == [message]


def test_the_territorys_agency_staff_are_told_of_a_new_request(client, places, ara_agent, corsica_agent):
    """A request in Ardèche e-mails the Auvergne-Rhône-Alpes agency's staff, not Corsica's."""
    commune = OrganisationFactory(name="Mairie de Coux", territory=places["07072"])
    client.force_login(UserFactory(first_name="Josette", last_name="Ribes"))
    client.post(f"/organisations/demande/{commune.pk}/", {"function": "Maire"})
    deliver()
    email = last_email_to(ara_agent.email)
    assert email.subject == "Nouvelle demande de gestion : « Mairie de Coux »"
    assert "Josette Ribes (Maire) demande à gérer « Mairie de Coux » (Coux)." in email.body
    assert f"/organisations/demandes/{ManagerRequest.objects.get().pk}/" in email.body
    assert not [message for message in mail.outbox if corsica_agent.email in message.to]


def test_agency_staff_cannot_decide_their_own_request(client, places, ara_agent):
    """Issue 21: an agent who asks to manage a commune neither sees nor decides that request."""
    commune = OrganisationFactory(name="Mairie de Coux", territory=places["07072"])
    client.force_login(ara_agent)
    client.post(f"/organisations/demande/{commune.pk}/", {"function": "Maire"})
    request = ManagerRequest.objects.get()
    assert "Mairie de Coux" not in page_text(client.get("/organisations/demandes/"))
    assert client.get(f"/organisations/demandes/{request.pk}/").status_code == 404
    assert client.post(f"/organisations/demandes/{request.pk}/", {"decision": "approve"}).status_code == 404
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING
    assert not Membership.objects.current().managers().filter(user=ara_agent, organisation=commune).exists()


def test_the_service_refuses_a_decision_on_ones_own_request(places, ara_agent):
    """The rule holds below the views too: approving one's own request raises, nothing changes."""
    from django.core.exceptions import ValidationError

    from lms.organisations.services.requests import manager_request_approve

    request = ManagerRequest.objects.create(
        requester=ara_agent, organisation=OrganisationFactory(territory=places["07072"]), function="Maire"
    )
    with pytest.raises(ValidationError):
        manager_request_approve(request=request, reviewer=ara_agent)
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_a_sole_agent_s_request_goes_to_a_colleague_or_to_the_superusers(client, places, ara_agent):
    """The requester is not told to review their own request; another agent is, else a superuser,
    who can decide it."""
    from lms.organisations.services.requests import reviewers_of

    commune = OrganisationFactory(name="Mairie de Coux", territory=places["07072"])
    admin = UserFactory(is_superuser=True, is_staff=True)
    request = ManagerRequest.objects.create(requester=ara_agent, organisation=commune, function="Maire")
    assert list(reviewers_of(request)) == [admin]
    colleague = MembershipFactory(organisation=Membership.objects.get(user=ara_agent).organisation).user
    assert list(reviewers_of(request)) == [colleague]

    client.force_login(admin)
    assert "Mairie de Coux" in page_text(client.get("/organisations/demandes/"))
    client.post(f"/organisations/demandes/{request.pk}/", {"decision": "approve"})
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED and request.reviewed_by == admin


def test_a_new_organisation_s_name_is_stored_without_bidi_characters(client, places, ara_agent):
    """A right-to-left override (U+202E) in a requested organisation's name reaches neither the
    request nor the organisation created on approval (its name is on attestations)."""
    client.force_login(UserFactory())
    data = {"kind": "ecole", "name": "École \u202etazuoP", "commune": "07186", "uai": "0071234D", "function": "Dir."}
    assert client.post("/organisations/demande/nouvelle/", data).status_code == 302
    request = ManagerRequest.objects.get()
    assert request.name == "École tazuoP"
    client.force_login(ara_agent)
    client.post(f"/organisations/demandes/{request.pk}/", {"decision": "approve"})
    assert Organisation.objects.filter(name="École tazuoP").exists()


def test_a_request_for_a_new_organisation_without_its_commune_is_refused_before_it_is_stored():
    """The agency of the commune's région decides a new organisation: without the commune, the service refuses."""
    from lms.organisations.services.requests import manager_request_create

    with pytest.raises(ValueError, match="commune"):
        manager_request_create(requester=UserFactory(), function="Maire", kind="commune", name="Mairie de Coux")
    assert not ManagerRequest.objects.exists()


def test_a_postcode_lists_every_one_of_its_communes(client, places):
    """07000 names all 13 of its communes, Privas included, and the name alone finds Privas."""
    for number in range(10):  # the extract has Coux, Privas and Veyras in 07000
        TerritoryFactory(code=f"079{number:02d}", name=f"Village {number:02d}", postcodes=["07000"])
    client.force_login(UserFactory())
    data = {"kind": "ecole", "name": "École", "commune": "07000", "uai": "0071234D", "function": "Directeur"}
    text = page_text(client.post("/organisations/demande/nouvelle/", data))
    assert "13 communes correspondent à « 07000 »" in text
    assert "Privas (07186)" in text and "Village 09 (07909)" in text and "Veyras (07340)" in text
    response = client.post("/organisations/demande/nouvelle/", {**data, "commune": "privas"})
    assert response.status_code == 302
    assert ManagerRequest.objects.get().territory.code == "07186"


def test_organisation_search_says_how_many_more_it_did_not_show(client, places):
    """Past the 20 results shown, the search says how many others match instead of cutting silently."""
    for number in range(23):
        OrganisationFactory(name=f"Association {number:02d}", territory=places["07072"])
    client.force_login(UserFactory())
    text = page_text(client.get("/organisations/demande/", {"q": "association"}))
    assert "Et 3 autres organisations" in text


def test_emails_that_invite_a_reply_name_who_reads_it(client, places, ara_agent):
    """The agency is told of a request with Reply-To the requester; the decision, with Reply-To the agency member."""
    requester = UserFactory(email="curieuse@exemple.fr")
    client.force_login(requester)
    commune = OrganisationFactory(name="Mairie de Coux", territory=places["07072"])
    client.post(f"/organisations/demande/{commune.pk}/", {"function": "Adjointe"})
    deliver()
    assert last_email_to(ara_agent.email).reply_to == ["curieuse@exemple.fr"]
    client.force_login(ara_agent)
    request = ManagerRequest.objects.get()
    client.post(f"/organisations/demandes/{request.pk}/", {"decision": "refuse", "reason": "Le maire gère déjà."})
    deliver()
    email = last_email_to("curieuse@exemple.fr")
    assert "Vous pouvez répondre à l'agence" in email.body
    assert email.reply_to == [ara_agent.email]
    assert email.from_email != ara_agent.email  # still sent from the platform's address


def test_the_agency_sees_who_already_manages_the_organisation(client, places, ara_agent):
    """Deciding a request for an organisation that has a manager shows that manager; a first one says so."""
    commune = OrganisationFactory(name="Mairie de Coux", territory=places["07072"])
    MembershipFactory(
        organisation=commune, role="manager", function="Maire", user__first_name="Josette", user__last_name="Roux"
    )
    empty = OrganisationFactory(name="EPN de Coux", territory=places["07072"])
    request = ManagerRequest.objects.create(requester=UserFactory(), organisation=commune, function="Adjointe")
    first = ManagerRequest.objects.create(requester=UserFactory(), organisation=empty, function="Animatrice")
    client.force_login(ara_agent)
    text = " ".join(page_text(client.get(f"/organisations/demandes/{request.pk}/")).split())
    assert "Gérée aujourd'hui par</dt> <dd>Josette Roux (" in text and ", Maire</dd>" in text
    text = " ".join(page_text(client.get(f"/organisations/demandes/{first.pk}/")).split())
    assert "Gérée aujourd'hui par</dt> <dd>Personne pour l'instant.</dd>" in text
