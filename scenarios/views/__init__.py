"""The scenarios app's front-end views, one module per topic."""
