package id.nu.oauth.storage.jdbc;

import id.nu.oauth.storage.Grant;
import id.nu.oauth.storage.GrantStore;
import id.nu.oauth.storage.GrantUsage;
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
            + "revoked_at, resources, acr, claims, session_id";

    private static final String INSERT = "INSERT INTO nuid_oauth_grant (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String FIND = "SELECT " + COLUMNS + " FROM nuid_oauth_grant WHERE grant_id = ?";

    private static final String REVOKE = "UPDATE nuid_oauth_grant SET revoked_at = ? "
            + "WHERE grant_id = ? AND revoked_at IS NULL";

    private static final String REVOKE_OR_STORE_REVOKED_PG = "INSERT INTO nuid_oauth_grant (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (grant_id) DO UPDATE SET revoked_at = EXCLUDED.revoked_at "
            + "WHERE nuid_oauth_grant.revoked_at IS NULL";

    private final Jdbc jdbc;
    private final Dialect dialect;
    private final String revokeSession;

    GrantTable(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.revokeSession = dialect.updateReturning("nuid_oauth_grant", "revoked_at = ?",
                "session_id = ? AND subject = ? AND revoked_at IS NULL", COLUMNS);
    }

    /**
     * On PostgreSQL one statement: the grant's INSERT ... ON CONFLICT DO NOTHING in a CTE, then the
     * tokens, returning whether the grant row was new. A concurrent {@link #revokeBeforeCreation} of
     * the same id waits for this statement's row (the primary key) and then revokes it, or came first
     * and this leaves its revoked row alone. On H2 a transaction does the same in three statements.
     */
    @Override
    public boolean createFromCode(Grant grant, List<Token> tokens) {
        if (dialect == Dialect.POSTGRESQL && !tokens.isEmpty()) {
            StringBuilder sql = new StringBuilder("WITH g AS (").append(INSERT)
                    .append(" ON CONFLICT (grant_id) DO NOTHING RETURNING grant_id) INSERT INTO nuid_oauth_token (")
                    .append(TokenTable.COLUMNS).append(") VALUES ");
            for (int t = 0; t < tokens.size(); t++) {
                sql.append(t == 0 ? "" : ", ").append(TokenTable.ROW);
            }
            sql.append(" RETURNING (SELECT COUNT(*) FROM g) AS live");
            return jdbc.autoCommit("create grant from code", c -> {
                try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                    TokenTable.bindAll(ps, bind(ps, grant), tokens);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() && rs.getLong("live") > 0;
                    }
                }
            });
        }
        return raceOnce(() -> jdbc.transaction("create grant from code", (c, tx) -> {
            boolean live = find(c, grant.grantId()) == null;
            if (live) {
                try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                    bind(ps, grant);
                    ps.executeUpdate();
                }
            }
            TokenTable.insert(c, tokens);
            return live;
        }));
    }

    /**
     * On PostgreSQL one upsert (INSERT ... ON CONFLICT DO UPDATE SET revoked_at): it waits for a
     * concurrent {@link #createFromCode}'s row and revokes it, or stores the grant revoked before it.
     * On H2 a transaction that reads the row with a lock, then updates or inserts it.
     */
    @Override
    public boolean revokeBeforeCreation(Grant grant, Instant now) {
        Grant revoked = grant.withRevokedAt(now);
        if (dialect == Dialect.POSTGRESQL) {
            return jdbc.autoCommit("revoke grant before creation", c -> {
                try (PreparedStatement ps = c.prepareStatement(REVOKE_OR_STORE_REVOKED_PG)) {
                    bind(ps, revoked);
                    return ps.executeUpdate() > 0;
                }
            });
        }
        return raceOnce(() -> jdbc.transaction("revoke grant before creation", (c, tx) -> {
            Grant existing = find(c, grant.grantId());
            if (existing != null) {
                try (PreparedStatement ps = c.prepareStatement(REVOKE)) {
                    Columns.setInstant(ps, 1, now);
                    ps.setString(2, grant.grantId());
                    return ps.executeUpdate() > 0;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                bind(ps, revoked);
                return ps.executeUpdate() > 0;
            }
        }));
    }

    /**
     * H2: two transactions that both found no row insert it together and one fails on the primary
     * key; it runs again once and then finds the other's row.
     */
    private static boolean raceOnce(java.util.function.BooleanSupplier work) {
        try {
            return work.getAsBoolean();
        } catch (JdbcStorageException e) {
            if (!(e.getCause() instanceof SQLException sql) || !"23505".equals(sql.getSQLState())) {
                throw e;
            }
            return work.getAsBoolean();
        }
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
            sql.append(t == 0 ? "" : ", ").append(TokenTable.ROW);
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

    /** Binds the grant's columns as parameters 1 to 12; returns 13. */
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
            ps.setString(++i, Columns.joinSorted(grant.resources()));
            Columns.setNullableString(ps, ++i, grant.acr());
            Columns.setNullableString(ps, ++i, grant.claims());
            Columns.setNullableString(ps, ++i, grant.sessionId());
            return i + 1;
        }
    }

    @Override
    public Optional<Grant> find(String grantId) {
        return jdbc.autoCommit("find grant", c -> Optional.ofNullable(find(c, grantId)));
    }

    /** The grant on the caller's connection; in a transaction on H2 the row is locked until it ends. */
    private Grant find(Connection c, String grantId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(c.getAutoCommit() ? FIND : FIND + " FOR UPDATE")) {
            ps.setString(1, grantId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return read(rs);
            }
        }
    }

    private static Grant read(ResultSet rs) throws SQLException {
        return new Grant(
                rs.getString("grant_id"),
                rs.getString("client_id"),
                rs.getString("subject"),
                Columns.splitSet(rs.getString("scopes")),
                Columns.getInstant(rs, "auth_time"),
                Columns.getInstant(rs, "created_at"),
                Columns.getInstant(rs, "expires_at"),
                Columns.getInstant(rs, "revoked_at"),
                Columns.splitSet(rs.getString("resources")),
                rs.getString("acr"),
                rs.getString("claims"),
                rs.getString("session_id"));
    }

    /** One UPDATE that returns the rows it revoked (PostgreSQL RETURNING, H2 FINAL TABLE). */
    @Override
    public List<Grant> revokeSession(String subject, String sessionId, Instant now) {
        java.util.Objects.requireNonNull(subject, "subject");
        java.util.Objects.requireNonNull(sessionId, "sessionId");
        return jdbc.autoCommit("revoke session grants", c -> {
            try (PreparedStatement ps = c.prepareStatement(revokeSession)) {
                Columns.setInstant(ps, 1, now);
                ps.setString(2, sessionId);
                ps.setString(3, subject);
                List<Grant> revoked = new java.util.ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        revoked.add(read(rs));
                    }
                }
                return List.copyOf(revoked);
            }
        });
    }

    /** By the index on (subject, grant_id); in Java's order of grant ids, whatever the collation. */
    @Override
    public List<GrantUsage> listBySubject(String subject, Instant now, String afterGrantId, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        String id = "grant_id" + dialect.binaryCollation();
        String sql = "SELECT " + COLUMNS + ", last_used_at FROM nuid_oauth_grant WHERE subject = ? "
                + "AND revoked_at IS NULL AND expires_at > ?" + (afterGrantId == null ? "" : " AND " + id + " > ?")
                + " ORDER BY " + id + " LIMIT ?";
        return jdbc.autoCommit("list a user's grants", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 0;
                ps.setString(++i, subject);
                Columns.setInstant(ps, ++i, now);
                if (afterGrantId != null) {
                    ps.setString(++i, afterGrantId);
                }
                ps.setInt(++i, limit);
                List<GrantUsage> page = new java.util.ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Grant grant = read(rs);
                        Instant lastUsed = Columns.getInstant(rs, "last_used_at");
                        page.add(new GrantUsage(grant, lastUsed != null ? lastUsed : grant.createdAt()));
                    }
                }
                return List.copyOf(page);
            }
        });
    }

    @Override
    public int revokeAllForSubject(String subject, Instant now) {
        return jdbc.autoCommit("revoke a user's grants", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE nuid_oauth_grant SET revoked_at = ? WHERE subject = ? AND revoked_at IS NULL")) {
                Columns.setInstant(ps, 1, now);
                ps.setString(2, subject);
                return ps.executeUpdate();
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
