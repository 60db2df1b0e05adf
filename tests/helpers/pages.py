import html


def page_text(response) -> str:
    """The response's HTML with entities decoded, so that French apostrophes compare as typed."""
    return html.unescape(response.content.decode())
