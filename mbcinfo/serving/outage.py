"""Which errors mean "the database cannot be read", and what to do about one.

Not only a refused connection (OperationalError): a SQLite file that is not a database, or a
corrupt one, raises the base DatabaseError, and a PostgreSQL server that cannot read its own
files raises InternalError. Those are outages too, and get the 503 page. Errors that mean the
code or the data is wrong (a bad query, a broken constraint) are bugs: the usual 500.

A connection that failed so is closed at once, so the next request opens a fresh one:
CONN_HEALTH_CHECKS cannot find it out on SQLite (its health check always passes), and a kept
connection to a replaced database file goes on reading the old, broken one until
CONN_MAX_AGE has passed.
"""
from django.db import DataError, DatabaseError, IntegrityError, NotSupportedError, ProgrammingError, connections

CODE_ERRORS = (ProgrammingError, IntegrityError, DataError, NotSupportedError)


def is_database_outage(error):
    return isinstance(error, DatabaseError) and not isinstance(error, CODE_ERRORS)


def close_connections():
    """Close this thread's database connections; the next query opens new ones. One inside a
    transaction is left to the code that opened the transaction (a request has none open by
    the time the error reaches the error handler; a test does)."""
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue
        try:
            connection.close()
        except Exception:  # closing a broken connection can fail too; it is dropped either way
            pass
