"""The database's own full-text index over the search entries, which Django has no field
for (see ikz.search.models): on PostgreSQL a generated tsvector column with a GIN
index, on SQLite an FTS5 table kept in step by triggers."""

from django.db import migrations

POSTGRESQL = [
    """
    ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('german'::regconfig, title_terms), 'A')
        || setweight(to_tsvector('german'::regconfig, text_terms), 'B')
    ) STORED
    """,
    "CREATE INDEX search_entry_document ON search_searchentry USING gin (document)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX search_entry_document",
    "ALTER TABLE search_searchentry DROP COLUMN document",
]
# The words are stemmed already (ikz.search.terms); unicode61 splits them and takes
# accents off what Snowball left; the prefix indexes serve the words typed as starts.
SQLITE = [
    """
    CREATE VIRTUAL TABLE search_searchentry_fts USING fts5(
        title_terms, text_terms, content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    )
    """,
    """
    CREATE TRIGGER search_searchentry_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(rowid, title_terms, text_terms)
        VALUES (new.id, new.title_terms, new.text_terms);
    END
    """,
    """
    CREATE TRIGGER search_searchentry_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title_terms, text_terms)
        VALUES ('delete', old.id, old.title_terms, old.text_terms);
    END
    """,
    """
    CREATE TRIGGER search_searchentry_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title_terms, text_terms)
        VALUES ('delete', old.id, old.title_terms, old.text_terms);
        INSERT INTO search_searchentry_fts(rowid, title_terms, text_terms)
        VALUES (new.id, new.title_terms, new.text_terms);
    END
    """,
    # Rows there already (none, unless the migration runs again after a reversal).
    "INSERT INTO search_searchentry_fts(search_searchentry_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_searchentry_fts_insert",
    "DROP TRIGGER search_searchentry_fts_delete",
    "DROP TRIGGER search_searchentry_fts_update",
    "DROP TABLE search_searchentry_fts",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_entry")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
