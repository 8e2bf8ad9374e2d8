package id.nu.oauth.storage.jdbc;

import id.nu.oauth.storage.Grant;
import id.nu.oauth.storage.GrantStore;
import id.nu.oauth.storage.Token;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link GrantStore} on {@code nuid_oauth_grant}. Revoking is one UPDATE of the grant row: tokens
 * are not touched, because {@link TokenTable#find} joins the grant and reports its tokens revoked
 * from the moment that UPDATE commits.
 */
final class GrantTable implements GrantStore {

    private static final String COLUMNS = "grant_id, client_id, subject, scopes, auth_time, created_at, expires_at, "
            + "revoked_at";

    private static final String INSERT = "INSERT INTO nuid_oauth_grant (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String FIND = "SELECT " + COLUMNS + " FROM nuid_oauth_grant WHERE grant_id = ?";

    private static final String REVOKE = "UPDATE nuid_oauth_grant SET revoked_at = ? "
            + "WHERE grant_id = ? AND revoked_at IS NULL";

    private final Jdbc jdbc;

    GrantTable(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void create(Grant grant, List<Token> tokens) {
        jdbc.transaction("create grant", (c, tx) -> {
            insert(c, grant, tokens);
            return null;
        });
    }

    /**
     * Inserts the grant and its tokens on the caller's connection, inside the caller's transaction.
     * On PostgreSQL as one statement (the grant's INSERT in a CTE), one round trip instead of two.
     */
    static void insert(Connection c, Dialect dialect, Grant grant, List<Token> tokens) throws SQLException {
        if (dialect != Dialect.POSTGRESQL || tokens.isEmpty()) {
            insert(c, grant, tokens);
            return;
        }
        StringBuilder sql = new StringBuilder("WITH g AS (").append(INSERT).append(") INSERT INTO nuid_oauth_token (")
                .append(TokenTable.COLUMNS).append(") VALUES ");
        for (int t = 0; t < tokens.size(); t++) {
            sql.append(t == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int next = bind(ps, grant);
            TokenTable.bindAll(ps, next, tokens);
            ps.executeUpdate();
        }
    }

    /** Inserts the grant and its tokens on the caller's connection, inside the caller's transaction. */
    static void insert(Connection c, Grant grant, List<Token> tokens) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            bind(ps, grant);
            ps.executeUpdate();
        }
        TokenTable.insert(c, tokens);
    }

    /** Binds the grant's columns as parameters 1 to 8; returns 9. */
    private static int bind(PreparedStatement ps, Grant grant) throws SQLException {
        {
            int i = 0;
            ps.setString(++i, grant.grantId());
            ps.setString(++i, grant.clientId());
            Columns.setNullableString(ps, ++i, grant.subject());
            ps.setString(++i, Columns.joinSorted(grant.scopes()));
            Columns.setInstant(ps, ++i, grant.authTime());
            Columns.setInstant(ps, ++i, grant.createdAt());
            Columns.setInstant(ps, ++i, grant.expiresAt());
            Columns.setInstant(ps, ++i, grant.revokedAt());
            return i + 1;
        }
    }

    @Override
    public Optional<Grant> find(String grantId) {
        return jdbc.autoCommit("find grant", c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND)) {
                ps.setString(1, grantId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Grant>empty();
                    }
                    return Optional.of(new Grant(
                            rs.getString("grant_id"),
                            rs.getString("client_id"),
                            rs.getString("subject"),
                            Columns.splitSet(rs.getString("scopes")),
                            Columns.getInstant(rs, "auth_time"),
                            Columns.getInstant(rs, "created_at"),
                            Columns.getInstant(rs, "expires_at"),
                            Columns.getInstant(rs, "revoked_at")));
                }
            }
        });
    }

    @Override
    public boolean revoke(String grantId, Instant now) {
        return jdbc.autoCommit("revoke grant", c -> {
            try (PreparedStatement ps = c.prepareStatement(REVOKE)) {
                Columns.setInstant(ps, 1, now);
                ps.setString(2, grantId);
                return ps.executeUpdate() > 0;
            }
        });
    }
}
