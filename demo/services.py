"""Demo data for `make run` and manual testing: Ardèche's territories and the accounts of DESIGN.md §4.

Idempotent: running it again finds every row by its natural key and changes nothing. Later
issues extend it with territories, organisations, memberships and course content.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from lms.accounts.models import Audience, AudienceCode, User
from lms.organisations.services.territories import territories_load

DEMO_DEPARTEMENTS = ["07"]  # Ardèche, with its région Auvergne-Rhône-Alpes (DESIGN.md §4)
DEMO_PASSWORD = "passerelle-demo"  # noqa: S105  (documented demo password, refused in production)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    audiences: tuple[str, ...] = ()
    is_staff: bool = False
    is_superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("admin@exemple.fr", "Alix", "Administratrice", is_staff=True, is_superuser=True),
    DemoAccount("formatrice@exemple.fr", "Fanny", "Formatrice", is_staff=True),
    DemoAccount("moderatrice@exemple.fr", "Manon", "Modératrice", is_staff=True),
    DemoAccount("agence@exemple.fr", "Aurélien", "Agence"),
    DemoAccount("maire@exemple.fr", "Michèle", "Maire", audiences=(AudienceCode.ELECTED,)),
    DemoAccount("directrice@exemple.fr", "Diane", "Directrice", audiences=(AudienceCode.TEACHER,)),
    DemoAccount("epn@exemple.fr", "Étienne", "Médiateur"),
    DemoAccount("enseignant@exemple.fr", "Élie", "Enseignant", audiences=(AudienceCode.TEACHER,)),
    DemoAccount("parent@exemple.fr", "Paule", "Parent", audiences=(AudienceCode.PARENT,)),
    DemoAccount("agent@exemple.fr", "Ange", "Agent", audiences=(AudienceCode.AGENT,)),
]


@transaction.atomic
def demo_seed() -> list[str]:
    """Create what is missing of the demo data; return one report line per part."""
    Audience.objects.ensure_all()
    territories = territories_load(departements=DEMO_DEPARTEMENTS)
    created = 0
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email__iexact=account.email).first()
        if user is None:
            user = User.objects.create_user(
                email=account.email,
                password=DEMO_PASSWORD,
                first_name=account.first_name,
                last_name=account.last_name,
                is_staff=account.is_staff,
                is_superuser=account.is_superuser,
                email_confirmed_at=timezone.now(),
            )
            created += 1
        user.audiences.add(*account.audiences)
    return [
        "Territories of Ardèche: " + "; ".join(territories.lines()),
        f"Demo accounts: {created} created, {len(DEMO_ACCOUNTS) - created} already present.",
    ]
