"""Short addresses an organisation may not take, because a fixed path sits where its slug goes:
`/organisations/demandes/` beside `/organisations/<slug>/`, `/relais/imprimer/` beside
`/relais/<slug>/`. Apps above organisations reserve theirs in ready() (DESIGN.md §2: a lower app
offers a registry instead of importing the higher one)."""

_reserved: set[str] = {"demande", "demandes"}


def reserve_slugs(*slugs: str) -> None:
    """Keep these short addresses from any organisation (called from an app's ready())."""
    _reserved.update(slugs)


def is_reserved(slug: str) -> bool:
    return slug in _reserved
