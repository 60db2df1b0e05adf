"""Reminders at 7 and 2 days before closing, to the managers of non-respondents, once each."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from lms.notifications.models import OutboxMessage
from surveys.notifications import GROUP, REMINDER
from surveys.services.reminders import campaign_reminders_sweep
from tests.factories import NotificationPreferenceFactory
from tests.factories.surveys import CampaignFactory, CampaignTargetFactory, ResponseFactory
from tests.surveys.conftest import manager_of, school

PARIS = ZoneInfo("Europe/Paris")
NOON = datetime(2026, 3, 10, 12, 0, tzinfo=PARIS)


def campaign_closing_in(world, days):
    return CampaignFactory(
        agency=world.agency, opens_on=NOON.date() - timedelta(days=20), closes_on=NOON.date() + timedelta(days=days)
    )


def test_only_non_respondents_are_reminded_once_per_step(world):
    """A submitted school gets nothing; a draft or untouched one gets one reminder per step."""
    campaign = campaign_closing_in(world, 7)
    waiting, drafting, done = school(world.commune), school(world.commune), school(world.commune)
    for organisation in (waiting, drafting, done):
        CampaignTargetFactory(campaign=campaign, organisation=organisation)
    heads = {organisation.pk: manager_of(organisation) for organisation in (waiting, drafting, done)}
    ResponseFactory(campaign=campaign, organisation=drafting)
    ResponseFactory(campaign=campaign, organisation=done, status="submitted")
    assert campaign_reminders_sweep(now=NOON) == 2
    assert campaign_reminders_sweep(now=NOON) == 0
    assert campaign_reminders_sweep(now=NOON + timedelta(days=1)) == 0
    reminded = set(OutboxMessage.objects.filter(kind=REMINDER).values_list("recipient", flat=True))
    assert reminded == {heads[waiting.pk].pk, heads[drafting.pk].pk}
    assert campaign_reminders_sweep(now=NOON + timedelta(days=5)) == 2  # the 2-day reminder
    assert campaign_reminders_sweep(now=NOON + timedelta(days=6)) == 0
    assert set(OutboxMessage.objects.filter(kind=REMINDER).values_list("step", flat=True)) == {
        f"j7:{campaign.closes_on.isoformat()}",
        f"j2:{campaign.closes_on.isoformat()}",
    }


def test_no_reminder_far_from_closing_or_after_it(world):
    """Nothing at 10 days, nothing once closed."""
    for days in (10, -1):
        campaign = campaign_closing_in(world, days)
        manager_of(CampaignTargetFactory(campaign=campaign, organisation=school(world.commune)).organisation)
    assert campaign_reminders_sweep(now=NOON) == 0


def test_preferences_and_quiet_hours_are_respected(world, settings):
    """A manager who switched survey reminders off gets none; at night they wait for 8:00."""
    settings.NOTIFICATIONS_QUIET_HOURS = (20, 8)
    campaign = campaign_closing_in(world, 2)
    quiet = manager_of(CampaignTargetFactory(campaign=campaign, organisation=school(world.commune)).organisation)
    NotificationPreferenceFactory(user=quiet, group=GROUP, enabled=False)
    other = manager_of(CampaignTargetFactory(campaign=campaign, organisation=school(world.commune)).organisation)
    night = datetime(2026, 3, 10, 22, 30, tzinfo=PARIS)
    assert campaign_reminders_sweep(now=night) == 1
    message = OutboxMessage.objects.get(kind=REMINDER)
    assert message.recipient == other
    assert timezone.localtime(message.send_after).hour == 8
