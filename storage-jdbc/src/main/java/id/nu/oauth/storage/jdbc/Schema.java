package id.nu.oauth.storage.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The migration files shipped in this jar, and a way to run them without a migration tool. Each file
 * is idempotent, so running them all on every start-up is safe.
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
            "V13__grant_fillfactor_consent_by_client.sql");

    private Schema() {
    }

    static void create(Jdbc jdbc, Dialect dialect) {
        List<String> statements = new ArrayList<>();
        for (String migration : MIGRATIONS) {
            statements.addAll(statements(read(dialect.migrationFolder() + "/" + migration)));
        }
        jdbc.transaction("create schema", (c, tx) -> {
            try (Statement st = c.createStatement()) {
                if (dialect.schemaLock() != null) {
                    st.execute(dialect.schemaLock());
                }
                for (String sql : statements) {
                    st.execute(sql);
                }
            }
            return null;
        });
    }

    static String read(String resource) {
        try (InputStream in = Schema.class.getClassLoader().getResourceAsStream(resource)) {
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
