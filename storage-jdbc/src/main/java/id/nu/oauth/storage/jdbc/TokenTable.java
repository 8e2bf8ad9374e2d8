package id.nu.oauth.storage.jdbc;

import id.nu.oauth.storage.Grant;
import id.nu.oauth.storage.RotateResult;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenKind;
import id.nu.oauth.storage.TokenStatus;
import id.nu.oauth.storage.TokenStore;
import id.nu.oauth.storage.TokenWithGrant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link TokenStore} on {@code nuid_oauth_token}, joined to {@code nuid_oauth_grant}.
 *
 * <p>{@link #rotate} and {@link #renew} are a compare-and-swap in SQL: one conditional UPDATE of the
 * old refresh token (active, unexpired, grant not revoked) and, only if it changed a row, the insert
 * of the new tokens, in one short transaction. Concurrent callers queue on the row lock and the
 * database re-checks the condition for each, so exactly one wins.
 */
final class TokenTable implements TokenStore {

    static final String COLUMNS = "token_hash, kind, grant_id, client_id, subject, scopes, issued_at, "
            + "expires_at, absolute_expires_at, status, jkt, resources, x5t";

    /** One row's placeholders for {@link #COLUMNS}. */
    static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String INSERT = "INSERT INTO nuid_oauth_token (" + COLUMNS
            + ") VALUES " + ROW;

    /**
     * REVOKED when the token's grant is revoked or gone, or its client disabled or gone: both joined by
     * primary key, so a revocation or a disable committed at any node is seen by the next lookup.
     */
    private static final String STATUS = "CASE WHEN g.grant_id IS NULL OR g.revoked_at IS NOT NULL "
            + "OR c.client_id IS NULL OR c.disabled THEN 'REVOKED' ELSE t.status END AS status ";

    private static final String JOINS = "FROM nuid_oauth_token t LEFT JOIN nuid_oauth_grant g ON g.grant_id = t.grant_id "
            + "LEFT JOIN nuid_oauth_client c ON c.client_id = t.client_id ";

    /** The token as its holder sees it: REVOKED when the token, its grant or its client is revoked, disabled or gone. */
    private static final String FIND = "SELECT t.token_hash, t.kind, t.grant_id, t.client_id, t.subject, t.scopes, "
            + "t.issued_at, t.expires_at, t.absolute_expires_at, t.jkt, t.resources, t.x5t, " + STATUS + JOINS
            + "WHERE t.token_hash = ?";

    /** {@link #FIND} with every column of the grant, which the join reads anyway. */
    private static final String FIND_WITH_GRANT = "SELECT t.token_hash, t.kind, t.grant_id, t.client_id, t.subject, "
            + "t.scopes, t.issued_at, t.expires_at, t.absolute_expires_at, t.jkt, t.x5t, " + STATUS
            + ", g.grant_id AS g_grant_id, g.client_id AS g_client_id, g.subject AS g_subject, g.scopes AS g_scopes, "
            + "g.auth_time AS g_auth_time, g.created_at AS g_created_at, g.expires_at AS g_expires_at, "
            + "g.revoked_at AS g_revoked_at, t.resources, g.resources AS g_resources, g.acr AS g_acr, "
            + "g.claims AS g_claims, g.session_id AS g_session_id " + JOINS
            + "WHERE t.token_hash = ?";

    /** The token as stored, whatever its grant. */
    private static final String FIND_RAW = "SELECT " + COLUMNS + " FROM nuid_oauth_token WHERE token_hash = ?";

    /** The grant and the client of the token being changed are live. */
    private static final String LIVE = "EXISTS (SELECT 1 FROM nuid_oauth_grant g "
            + "WHERE g.grant_id = nuid_oauth_token.grant_id AND g.revoked_at IS NULL) "
            + "AND EXISTS (SELECT 1 FROM nuid_oauth_client c WHERE c.client_id = nuid_oauth_token.client_id "
            + "AND NOT c.disabled)";

    private static final String USABLE_REFRESH = "token_hash = ? AND kind = 'REFRESH' AND status = 'ACTIVE' "
            + "AND expires_at > ? AND " + LIVE;

    /** Parameters: rotated_at, token_hash, now. */
    private static final String ROTATE = "UPDATE nuid_oauth_token SET status = 'ROTATED', rotated_at = ? WHERE "
            + USABLE_REFRESH;

    /**
     * One grace reuse; parameters: token_hash, rotated after, max reuses, now. Concurrent callers queue
     * on the row lock and the database re-checks {@code grace_reuses < ?} on the row as the previous
     * one left it, so at most max reuses are taken.
     */
    private static final String GRACE = "UPDATE nuid_oauth_token SET grace_reuses = grace_reuses + 1 "
            + "WHERE token_hash = ? AND kind = 'REFRESH' AND status = 'ROTATED' AND rotated_at > ? "
            + "AND grace_reuses < ? AND expires_at > ? AND " + LIVE;

    /** The grant's last use (H2; on PostgreSQL a CTE of the changing statement). Parameters: now, token_hash. */
    private static final String USED = "UPDATE nuid_oauth_grant SET last_used_at = ? "
            + "WHERE grant_id = (SELECT grant_id FROM nuid_oauth_token WHERE token_hash = ?)";

    /** Never past the absolute limit the token carries. */
    private static final String RENEW = "UPDATE nuid_oauth_token SET expires_at = "
            + "CASE WHEN ? < absolute_expires_at THEN ? ELSE absolute_expires_at END WHERE " + USABLE_REFRESH;

    private static final String REVOKE = "UPDATE nuid_oauth_token SET status = 'REVOKED' WHERE token_hash = ?";

    private final Jdbc jdbc;
    private final Dialect dialect;

    TokenTable(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    /** The token and its grant in one SELECT (the join {@link #find} makes anyway). */
    Optional<TokenWithGrant> findWithGrant(String tokenHash) {
        return jdbc.autoCommit("find token", c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND_WITH_GRANT)) {
                ps.setString(1, tokenHash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<TokenWithGrant>empty();
                    }
                    Token token = read(rs);
                    String grantId = rs.getString("g_grant_id");
                    Grant grant = grantId == null ? null : new Grant(grantId,
                            rs.getString("g_client_id"),
                            rs.getString("g_subject"),
                            Columns.splitSet(rs.getString("g_scopes")),
                            Columns.getInstant(rs, "g_auth_time"),
                            Columns.getInstant(rs, "g_created_at"),
                            Columns.getInstant(rs, "g_expires_at"),
                            Columns.getInstant(rs, "g_revoked_at"),
                            Columns.splitSet(rs.getString("g_resources")),
                            rs.getString("g_acr"),
                            rs.getString("g_claims"),
                            rs.getString("g_session_id"));
                    return Optional.of(new TokenWithGrant(token, grant));
                }
            }
        });
    }

    @Override
    public Optional<Token> find(String tokenHash) {
        return jdbc.autoCommit("find token", c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND)) {
                ps.setString(1, tokenHash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.<Token>empty();
                }
            }
        });
    }

    @Override
    public void save(Token token) {
        jdbc.autoCommit("save token", c -> {
            insert(c, List.of(token));
            return null;
        });
    }

    @Override
    public boolean revoke(String tokenHash) {
        return jdbc.autoCommit("revoke token", c -> {
            try (PreparedStatement ps = c.prepareStatement(REVOKE)) {
                ps.setString(1, tokenHash);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public RotateResult rotate(String refreshHash, List<Token> newTokens, Instant now) {
        if (dialect == Dialect.POSTGRESQL && !newTokens.isEmpty()) {
            return rotateInOneStatement(refreshHash, newTokens, now);
        }
        return jdbc.transaction("rotate refresh token", (c, tx) -> {
            int changed;
            try (PreparedStatement ps = c.prepareStatement(ROTATE)) {
                Columns.setInstant(ps, 1, now);
                ps.setString(2, refreshHash);
                Columns.setInstant(ps, 3, now);
                changed = ps.executeUpdate();
            }
            if (changed == 1) {
                used(c, refreshHash, now);
                insert(c, newTokens);
                return new RotateResult.Rotated();
            }
            tx.setRollbackOnly();
            Token stored = findRaw(c, refreshHash);
            return stored != null && stored.status() == TokenStatus.ROTATED
                    ? new RotateResult.Reused(stored)
                    : new RotateResult.Inactive();
        });
    }

    @Override
    public boolean renew(String refreshHash, Instant newExpiresAt, List<Token> newTokens, Instant now) {
        if (dialect == Dialect.POSTGRESQL && !newTokens.isEmpty()) {
            return jdbc.autoCommit("renew refresh token", c -> {
                try (PreparedStatement ps = c.prepareStatement(changeThenInsert(RENEW, newTokens.size()))) {
                    Columns.setInstant(ps, 1, newExpiresAt);
                    Columns.setInstant(ps, 2, newExpiresAt);
                    ps.setString(3, refreshHash);
                    Columns.setInstant(ps, 4, now);
                    Columns.setInstant(ps, 5, now);
                    bindAll(ps, 6, newTokens);
                    return ps.executeUpdate() > 0;
                }
            });
        }
        return jdbc.transaction("renew refresh token", (c, tx) -> {
            int changed;
            try (PreparedStatement ps = c.prepareStatement(RENEW)) {
                Columns.setInstant(ps, 1, newExpiresAt);
                Columns.setInstant(ps, 2, newExpiresAt);
                ps.setString(3, refreshHash);
                Columns.setInstant(ps, 4, now);
                changed = ps.executeUpdate();
            }
            if (changed == 1) {
                used(c, refreshHash, now);
                insert(c, newTokens);
                return true;
            }
            tx.setRollbackOnly();
            return false;
        });
    }

    /**
     * PostgreSQL: the conditional UPDATE and the insert of the new tokens as ONE statement (a
     * data-modifying CTE), so one round trip and no separate commit: the statement is its own
     * transaction, all or nothing. The insert happens only if the UPDATE changed the row; concurrent
     * rotations queue on the row lock and the database re-checks the condition for each (READ
     * COMMITTED re-evaluates the WHERE on the row as the winner left it), so exactly one inserts.
     * Only a caller that lost looks at the row again, to tell reuse from an inactive token.
     */
    private RotateResult rotateInOneStatement(String refreshHash, List<Token> newTokens, Instant now) {
        return jdbc.autoCommit("rotate refresh token", c -> {
            int inserted;
            try (PreparedStatement ps = c.prepareStatement(changeThenInsert(ROTATE, newTokens.size()))) {
                Columns.setInstant(ps, 1, now);
                ps.setString(2, refreshHash);
                Columns.setInstant(ps, 3, now);
                Columns.setInstant(ps, 4, now);
                bindAll(ps, 5, newTokens);
                inserted = ps.executeUpdate();
            }
            if (inserted > 0) {
                return new RotateResult.Rotated();
            }
            Token stored = findRaw(c, refreshHash);
            return stored != null && stored.status() == TokenStatus.ROTATED
                    ? new RotateResult.Reused(stored)
                    : new RotateResult.Inactive();
        });
    }

    /**
     * {@code WITH changed AS (update RETURNING grant_id), used AS (the grant's last use = ?) INSERT ...
     * SELECT ... WHERE EXISTS (changed)}: parameters are the update's, then the last use, then the tokens.
     */
    private static String changeThenInsert(String update, int tokens) {
        StringBuilder sql = new StringBuilder("WITH changed AS (").append(update).append(" RETURNING grant_id), ")
                .append("used AS (UPDATE nuid_oauth_grant SET last_used_at = ? ")
                .append("WHERE grant_id IN (SELECT grant_id FROM changed)) INSERT INTO ")
                .append("nuid_oauth_token (").append(COLUMNS).append(") SELECT * FROM (VALUES ");
        for (int i = 0; i < tokens; i++) {
            sql.append(i == 0 ? "" : ", ").append(TYPED_ROW);
        }
        return sql.append(") AS v (").append(COLUMNS).append(") WHERE EXISTS (SELECT 1 FROM changed)").toString();
    }

    /** One token row of a VALUES list, typed as the columns are (a VALUES list is not typed by its target). */
    private static final String TYPED_ROW = "(CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), "
            + "CAST(? AS VARCHAR), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TIMESTAMP WITH TIME ZONE), "
            + "CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS VARCHAR), "
            + "CAST(? AS VARCHAR), CAST(? AS TEXT), CAST(? AS VARCHAR))";

    @Override
    public boolean takeGraceReuse(String refreshHash, Instant rotatedAfter, int maxReuses, List<Token> newTokens,
            Instant now) {
        if (dialect == Dialect.POSTGRESQL && !newTokens.isEmpty()) {
            return jdbc.autoCommit("take a refresh grace reuse", c -> {
                try (PreparedStatement ps = c.prepareStatement(changeThenInsert(GRACE, newTokens.size()))) {
                    bindGrace(ps, refreshHash, rotatedAfter, maxReuses, now);
                    Columns.setInstant(ps, 5, now);
                    bindAll(ps, 6, newTokens);
                    return ps.executeUpdate() > 0;
                }
            });
        }
        return jdbc.transaction("take a refresh grace reuse", (c, tx) -> {
            int changed;
            try (PreparedStatement ps = c.prepareStatement(GRACE)) {
                bindGrace(ps, refreshHash, rotatedAfter, maxReuses, now);
                changed = ps.executeUpdate();
            }
            if (changed == 1) {
                used(c, refreshHash, now);
                insert(c, newTokens);
                return true;
            }
            tx.setRollbackOnly();
            return false;
        });
    }

    private static void bindGrace(PreparedStatement ps, String refreshHash, Instant rotatedAfter, int maxReuses,
            Instant now) throws SQLException {
        ps.setString(1, refreshHash);
        Columns.setInstant(ps, 2, rotatedAfter);
        ps.setInt(3, maxReuses);
        Columns.setInstant(ps, 4, now);
    }

    private static void used(Connection c, String refreshHash, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(USED)) {
            Columns.setInstant(ps, 1, now);
            ps.setString(2, refreshHash);
            ps.executeUpdate();
        }
    }

    /** Binds the tokens' columns from parameter {@code first} on; returns the next free index. */
    static int bindAll(PreparedStatement ps, int first, List<Token> tokens) throws SQLException {
        int i = first;
        for (Token token : tokens) {
            i = bind(ps, i, token);
        }
        return i;
    }

    /** Inserts tokens in one batch on the caller's connection (and transaction). */
    static void insert(Connection c, List<Token> tokens) throws SQLException {
        if (tokens.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            if (tokens.size() == 1) {
                bind(ps, tokens.get(0));
                ps.executeUpdate();
                return;
            }
            for (Token token : tokens) {
                bind(ps, token);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void bind(PreparedStatement ps, Token token) throws SQLException {
        bind(ps, 1, token);
    }

    private static int bind(PreparedStatement ps, int first, Token token) throws SQLException {
        int i = first - 1;
        ps.setString(++i, token.tokenHash());
        ps.setString(++i, token.kind().name());
        ps.setString(++i, token.grantId());
        ps.setString(++i, token.clientId());
        Columns.setNullableString(ps, ++i, token.subject());
        ps.setString(++i, Columns.joinSorted(token.scopes()));
        Columns.setInstant(ps, ++i, token.issuedAt());
        Columns.setInstant(ps, ++i, token.expiresAt());
        Columns.setInstant(ps, ++i, token.absoluteExpiresAt());
        ps.setString(++i, token.status().name());
        Columns.setNullableString(ps, ++i, token.jkt());
        ps.setString(++i, Columns.joinSorted(token.resources()));
        Columns.setNullableString(ps, ++i, token.x5t());
        return i + 1;
    }

    private static Token findRaw(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FIND_RAW)) {
            ps.setString(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(rs) : null;
            }
        }
    }

    private static Token read(ResultSet rs) throws SQLException {
        return new Token(
                rs.getString("token_hash"),
                TokenKind.valueOf(rs.getString("kind")),
                rs.getString("grant_id"),
                rs.getString("client_id"),
                rs.getString("subject"),
                Columns.splitSet(rs.getString("scopes")),
                Columns.getInstant(rs, "issued_at"),
                Columns.getInstant(rs, "expires_at"),
                Columns.getInstant(rs, "absolute_expires_at"),
                TokenStatus.valueOf(rs.getString("status")),
                rs.getString("jkt"),
                Columns.splitSet(rs.getString("resources")),
                rs.getString("x5t"));
    }
}
