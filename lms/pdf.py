"""PDF rendering: the only module that imports weasyprint (DESIGN.md §2, STYLE.md item 6).

The certificates issue completes it: render_pdf(template_name, context) -> bytes, with a
URLFetcher subclass that refuses anything but our own static and media files. Until then it
is deliberately absent rather than half-built, so nothing can call a fake renderer.
"""
