"""Who may open which campaign and response. Anything else is a 404 (DESIGN.md §2): another
agency's campaign, another organisation's response, a campaign that does not target it."""

from django.http import Http404

from lms.accounts.models import User
from lms.organisations.models import Membership, Organisation
from surveys.models import Campaign, CampaignTarget, Response
from surveys.selectors import agencies_of


def may_open_campaigns(user: User) -> bool:
    return bool(agencies_of(user))


def access_followed_campaign(user: User, campaign_id: int) -> Campaign:
    """A campaign of an agency this person currently works for."""
    agencies = [agency.pk for agency in agencies_of(user)]
    campaign = (
        Campaign.objects.select_related("questionnaire", "agency").filter(pk=campaign_id, agency__in=agencies).first()
    )
    if campaign is None:
        raise Http404
    return campaign


def access_followed_response(user: User, campaign: Campaign, response_id: int) -> Response:
    response = Response.objects.select_related("organisation").filter(pk=response_id, campaign=campaign).first()
    if response is None:
        raise Http404
    return response


def access_target(user: User, campaign_id: int, slug: str) -> CampaignTarget:
    """The campaign's target organisation `slug`, if this person currently manages it."""
    if not user.is_authenticated:
        raise Http404
    target = (
        CampaignTarget.objects.select_related("campaign__questionnaire", "organisation__territory")
        .filter(
            campaign_id=campaign_id,
            organisation__slug=slug,
            organisation__is_active=True,
            organisation__memberships__in=Membership.objects.current().managers().filter(user=user),
        )
        .first()
    )
    if target is None:
        raise Http404
    return target


def access_managed_organisation_surveys(user: User, slug: str) -> Organisation:
    from lms.organisations.access import access_managed_organisation

    return access_managed_organisation(user, slug)
