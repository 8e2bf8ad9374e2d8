package id.nu.oauth.storage.jdbc;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every difference between the supported databases, in one place. The rest of the module writes
 * plain SQL that PostgreSQL and H2 both understand.
 */
enum Dialect {

    POSTGRESQL("postgresql") {
        @Override
        String updateReturning(String table, String set, String where, String columns) {
            return "UPDATE " + table + " SET " + set + " WHERE " + where + " RETURNING " + columns;
        }

        @Override
        String upsert(String table, List<String> columns, List<String> keys) {
            String updates = columns.stream().filter(c -> !keys.contains(c))
                    .map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
            return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                    + placeholders(columns.size()) + ") ON CONFLICT (" + String.join(", ", keys)
                    + ") DO UPDATE SET " + updates;
        }

        @Override
        String insertUnlessPresent(String table, String columns, int count) {
            return "INSERT INTO " + table + " (" + columns + ") VALUES (" + placeholders(count)
                    + ") ON CONFLICT DO NOTHING";
        }

        @Override
        String skipLocked() {
            // rows a running request holds (a rotation, a revocation) are left for the next batch
            return " FOR UPDATE SKIP LOCKED";
        }

        @Override
        String schemaLock() {
            // nodes starting together apply the schema one after the other
            return "SELECT pg_advisory_xact_lock(7346021987)";
        }
    },

    H2("h2") {
        @Override
        String updateReturning(String table, String set, String where, String columns) {
            // H2's data change delta table: the rows as this UPDATE left them
            return "SELECT " + columns + " FROM FINAL TABLE (UPDATE " + table + " SET " + set + " WHERE "
                    + where + ")";
        }

        @Override
        String upsert(String table, List<String> columns, List<String> keys) {
            return "MERGE INTO " + table + " (" + String.join(", ", columns) + ") KEY ("
                    + String.join(", ", keys) + ") VALUES (" + placeholders(columns.size()) + ")";
        }

        @Override
        String insertUnlessPresent(String table, String columns, int count) {
            // H2 has no ON CONFLICT outside its PostgreSQL mode: a second insert fails on the key
            // (SQLSTATE 23505), which the caller reads as "present"
            return "INSERT INTO " + table + " (" + columns + ") VALUES (" + placeholders(count) + ")";
        }

        @Override
        String skipLocked() {
            return "";
        }

        @Override
        String schemaLock() {
            return null;
        }
    };

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** The classpath folder holding this database's migrations. */
    String migrationFolder() {
        return "db/migration/nuid_oauth/" + folder;
    }

    /** One statement that updates the matching rows and returns {@code columns} of each, as a query. */
    abstract String updateReturning(String table, String set, String where, String columns);

    /** Insert, or update every non-key column of the row with the same key. */
    abstract String upsert(String table, List<String> columns, List<String> keys);

    /**
     * An INSERT of one row that inserts nothing when a row with its key exists: PostgreSQL reports 0
     * rows; H2 fails with SQLSTATE 23505, which the caller must read as 0 rows.
     */
    abstract String insertUnlessPresent(String table, String columns, int count);

    /** What a purge's inner SELECT appends so that it never waits for rows others have locked. */
    abstract String skipLocked();

    /** A statement that serialises schema creation across nodes (in a transaction), or {@code null}. */
    abstract String schemaLock();

    static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
