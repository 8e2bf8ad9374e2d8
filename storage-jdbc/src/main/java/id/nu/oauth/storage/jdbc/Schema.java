package id.nu.oauth.storage.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migration files shipped in this jar, and a way to run them without a migration tool. Each file
 * is idempotent, so running them all on every start-up is safe.
 *
 * <p>Safe, and also harmless to the nodes already serving: a statement of the three kinds the
 * migrations use ({@code CREATE TABLE IF NOT EXISTS t}, {@code CREATE INDEX IF NOT EXISTS i ON t},
 * {@code ALTER TABLE t ADD COLUMN IF NOT EXISTS c}) runs only if the catalog lacks what it makes.
 * PostgreSQL takes a table's strongest lock for {@code ALTER TABLE} (and a share lock for
 * {@code CREATE INDEX}) before it looks whether there is anything to do, so running them all on a
 * current schema queued every other node's requests behind the start-up, and deadlocked the ones
 * that touch two tables (a refresh's rotation, a code's redemption): a node restarting under load
 * made the others answer {@code server_error}. A statement of any other kind always runs: keep
 * migrations to these three forms. The advisory lock is taken only when something is missing.
 */
final class Schema {

    /** Every migration, oldest first; a new version is added here and as a file in each dialect folder. */
    static final List<String> MIGRATIONS = List.of(
            "V1__nuid_oauth_schema.sql",
            "V2__client_access_token_format.sql",
            "V3__client_resource_server.sql",
            "V4__single_use_and_pushed_requests.sql",
            "V5__signing_keys.sql",
            "V6__client_keys_requirements_logout.sql",
            "V7__grants_by_user_client_management_refresh_grace.sql",
            "V8__login_session.sql",
            "V9__resources_acr_claims.sql",
            "V10__dpop_bindings.sql",
            "V11__client_registration.sql",
            "V12__mutual_tls.sql",
            "V13__grant_fillfactor_consent_by_client.sql",
            "V14__client_secret_jwt.sql");

    private Schema() {
    }

    static void create(Jdbc jdbc, Dialect dialect) {
        List<String> statements = new ArrayList<>();
        for (String migration : MIGRATIONS) {
            statements.addAll(statements(read(dialect.migrationFolder() + "/" + migration)));
        }
        jdbc.transaction("create schema", (c, tx) -> {
            try (Statement st = c.createStatement()) {
                boolean locked = false;
                for (String sql : statements) {
                    if (present(c, sql)) {
                        continue;
                    }
                    if (!locked && dialect.schemaLock() != null) {
                        // nodes starting together apply the schema one after the other; a node that
                        // waited here sees the others' tables and columns in the checks that follow
                        st.execute(dialect.schemaLock());
                        locked = true;
                    }
                    st.execute(sql);
                }
            }
            return null;
        });
    }

    /** {@code ALTER TABLE t SET (name = value)}: one storage parameter, e.g. V13's fillfactor. */
    private static final Pattern SET_STORAGE_PARAMETER = Pattern.compile(
            "ALTER\\s+TABLE\\s+(\\w+)\\s+SET\\s*\\(\\s*(\\w+)\\s*=\\s*(\\w+)\\s*\\)\\s*;?\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "CREATE\\s+TABLE\\s+IF\\s+NOT\\s+EXISTS\\s+(\\w+)\\s*\\(.*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern CREATE_INDEX = Pattern.compile(
            "CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+IF\\s+NOT\\s+EXISTS\\s+(\\w+)\\s+ON\\s+(\\w+)\\s*\\(.*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern ADD_COLUMN = Pattern.compile(
            "ALTER\\s+TABLE\\s+(\\w+)\\s+ADD\\s+COLUMN\\s+IF\\s+NOT\\s+EXISTS\\s+(\\w+)\\s+.*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /**
     * Whether the catalog already has what {@code sql} would make (read through
     * {@link DatabaseMetaData}, which takes no lock on the tables). {@code false} for a statement
     * of another kind: it runs.
     */
    static boolean present(Connection c, String sql) throws SQLException {
        Matcher m = SET_STORAGE_PARAMETER.matcher(sql);
        if (m.matches()) {
            // PostgreSQL only (H2 has no such statement): the table's reloptions already hold the value
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM pg_class WHERE oid = to_regclass(?) AND ? = ANY (reloptions)")) {
                ps.setString(1, m.group(1));
                ps.setString(2, m.group(2).toLowerCase(java.util.Locale.ROOT) + "=" + m.group(3));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        }
        m = CREATE_TABLE.matcher(sql);
        if (m.matches()) {
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet rs = md.getTables(c.getCatalog(), pattern(md, c.getSchema()), pattern(md, m.group(1)), null)) {
                return rs.next();
            }
        }
        m = ADD_COLUMN.matcher(sql);
        if (m.matches()) {
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet rs = md.getColumns(c.getCatalog(), pattern(md, c.getSchema()), pattern(md, m.group(1)),
                    pattern(md, m.group(2)))) {
                return rs.next();
            }
        }
        m = CREATE_INDEX.matcher(sql);
        if (m.matches()) {
            DatabaseMetaData md = c.getMetaData();
            String index = identifier(md, m.group(1));
            try (ResultSet rs = md.getIndexInfo(c.getCatalog(), c.getSchema(), identifier(md, m.group(2)), false, true)) {
                while (rs.next()) {
                    if (index.equals(rs.getString("INDEX_NAME"))) {
                        return true;
                    }
                }
            }
            return false;
        }
        return false;
    }

    /** An unquoted identifier as the catalog stores it (H2: upper case; PostgreSQL: lower case). */
    private static String identifier(DatabaseMetaData md, String name) throws SQLException {
        if (md.storesUpperCaseIdentifiers()) {
            return name.toUpperCase(Locale.ROOT);
        }
        return md.storesLowerCaseIdentifiers() ? name.toLowerCase(Locale.ROOT) : name;
    }

    /** {@link #identifier} as a metadata search pattern: {@code _} and {@code %} matched literally. */
    private static String pattern(DatabaseMetaData md, String name) throws SQLException {
        if (name == null) {
            return null;
        }
        String escape = md.getSearchStringEscape();
        String id = identifier(md, name);
        return escape == null || escape.isEmpty() ? id
                : id.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }

    static String read(String resource) {
        // this class's own jar or module (on the module path a class loader finds a module's resources only in open packages)
        try (InputStream in = Schema.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing from the nuid-oauth-storage-jdbc jar: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The statements of a migration file: {@code --} comments dropped, split at each {@code ;}. */
    static List<String> statements(String script) {
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            int comment = line.indexOf("--");
            sql.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
        }
        List<String> statements = new ArrayList<>();
        for (String statement : sql.toString().split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }
}
