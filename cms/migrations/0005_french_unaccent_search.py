"""On PostgreSQL, a French text-search configuration that ignores accents, for Wagtail search
(settings: SEARCH_CONFIG = "french_unaccent"). Nothing to do on SQLite, whose FTS5 folds accents.
Creating the `unaccent` extension needs a role allowed to (the database owner on PostgreSQL 13+,
where unaccent is a trusted extension)."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_catalogue_roles_workflow")]

    operations = [migrations.RunPython(create, drop)]
