"""Set-based writes the ORM cannot express: INSERT … SELECT … ON CONFLICT DO NOTHING, built from
Django's own compiled SELECT, for SQLite and PostgreSQL alike."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Model, QuerySet


def insert_select(
    model: type[Model], columns: Sequence[str], rows: QuerySet, constants: Sequence[tuple[str, Any]] = ()
) -> int:
    """Insert into `model` the rows that `rows` (a values_list) selects, followed by the same
    `constants` on every row, each a (placeholder, value) pair with one %s, such as ("%s", "pending") or
    ("%s::jsonb", "{}"). Rows that would break a unique constraint are skipped. `columns` names
    the database columns in that order: the selected ones, then the constants'. One statement,
    autocommitted when no transaction is open, so no row passes through Python; returns how
    many rows were inserted."""
    # An order is meaningless here and would cost a sort (and joins, for orders on relations).
    select_sql, select_params = rows.order_by().query.sql_with_params()
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    extra = "".join(f", {placeholder}" for placeholder, _value in constants)
    # Only quoted identifiers, fixed placeholders and Django's compiled SELECT go into the text;
    # every value is a parameter. SQLite's parser needs a WHERE before ON CONFLICT here.
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({names}) "  # noqa: S608
        f"SELECT source.*{extra} FROM ({select_sql}) AS source WHERE 1 = 1 ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*(value for _placeholder, value in constants), *select_params))
        return max(cursor.rowcount, 0)


@contextmanager
def prepared_cursor() -> Iterator[CursorWrapper]:
    """A cursor for a hot path's fixed statements: on PostgreSQL, with server-side binding, so
    that psycopg prepares each statement after its fifth run on a connection (settings:
    prepare_threshold) and PostgreSQL reuses one plan from then on. Django's own cursors bind on
    the client: every run is parsed and planned again, which cost more than running the statements
    (module_done: about 0.5 of 0.7 ms of the server's time, bench P2b). On SQLite, the ordinary
    cursor: Python's sqlite3 keeps its compiled statements already. Statements are counted as any
    others (the query log shows PostgreSQL's $1…$n placeholders, not the values); their text must
    not vary between runs. With DATABASE_PREPARE=0 (settings) they are bound on the server but
    never prepared."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    # Both are Django 5.2's own (the stubs lack them); tests/courses/test_progress_queries.py
    # checks on PostgreSQL that the statements really are prepared.
    from django.db.backends.postgresql.base import ServerBindingCursor  # type: ignore[attr-defined]

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        # What connection.cursor() does, with the other cursor class Django has.
        cursor = connection._prepare_cursor(  # type: ignore[attr-defined]
            ServerBindingCursor(connection.connection)
        )
    with cursor:
        yield cursor
