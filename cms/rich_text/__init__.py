"""Links in rich text: refused when an editor saves a broken one, and rendered as plain text if
one is stored all the same, so that no link takes a page down (issue 21, item 5).

Stored rich text is Wagtail's database format: `<a linktype="page" id="3">` for a page,
`<a linktype="document" id="7">` for a document, `<a href="…">` for any other address. Wagtail
reads ids straight into a query, so a stored `id="5x"` was a 500 on the public page for everyone,
and in the editor that could have repaired it. A broken link can also appear without anyone
typing it: the page or document it points at is deleted.

The form side (validation.py) is imported with the models; the Wagtail side (handlers.py), which
needs the app registry ready, by the `register_rich_text_features` hook and by the editor setting
WAGTAILADMIN_RICH_TEXT_EDITORS.
"""
