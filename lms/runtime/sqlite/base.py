"""Django's SQLite backend, told the real bound-parameter limit of the library it runs on.

Django assumes 999 parameters per statement, the limit of SQLite before 3.32. Since 3.32 the
default is 32,766, so a bulk insert of 1,000 imported people fits in one statement instead of
seventy. The limit is read from the connection itself (Python 3.11: Connection.getlimit)."""

import sqlite3

from django.db.backends.sqlite3 import base, features


class DatabaseFeatures(features.DatabaseFeatures):
    # The stub declares a plain attribute; Django only ever reads it, so a property serves.
    @property
    def max_query_params(self) -> int:  # type: ignore[override]
        connection = self.connection.connection
        if connection is None:
            self.connection.ensure_connection()
            connection = self.connection.connection
        return connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
