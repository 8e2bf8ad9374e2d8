package id.nu.oauth.storage.jdbc;

import id.nu.oauth.storage.AuthorizationCode;
import id.nu.oauth.storage.CodeStore;
import id.nu.oauth.storage.ConsumeResult;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * {@link CodeStore} on {@code nuid_oauth_code}. {@link #consume} is one conditional UPDATE that
 * returns the row it changed, committed at once: the database lets exactly one statement flip
 * {@code consumed} from false to true, whichever node sends it, and no lock outlives it (the grant is
 * stored afterwards by {@link GrantTable#createFromCode}, tokens signed in between).
 */
final class CodeTable implements CodeStore {

    private static final String COLUMNS = "code_hash, grant_id, client_id, subject, redirect_uri, "
            + "redirect_uri_in_request, scopes, code_challenge, code_challenge_method, nonce, auth_time, issued_at, "
            + "expires_at, dpop_jkt, resources, acr, claims, session_id";

    private static final String INSERT = "INSERT INTO nuid_oauth_code (" + COLUMNS
            + ", consumed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)";

    private static final String FIND = "SELECT " + COLUMNS + " FROM nuid_oauth_code WHERE code_hash = ?";

    private final Jdbc jdbc;
    private final Dialect dialect;
    private final String consume;

    CodeTable(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.consume = dialect.updateReturning("nuid_oauth_code", "consumed = TRUE",
                "code_hash = ? AND consumed = FALSE", COLUMNS);
    }

    @Override
    public void save(AuthorizationCode code) {
        jdbc.autoCommit("save code", c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                int i = 0;
                ps.setString(++i, code.codeHash());
                ps.setString(++i, code.grantId());
                ps.setString(++i, code.clientId());
                ps.setString(++i, code.subject());
                ps.setString(++i, code.redirectUri());
                ps.setBoolean(++i, code.redirectUriInRequest());
                ps.setString(++i, Columns.joinSorted(code.scopes()));
                Columns.setNullableString(ps, ++i, code.codeChallenge());
                Columns.setNullableString(ps, ++i, code.codeChallengeMethod());
                Columns.setNullableString(ps, ++i, code.nonce());
                Columns.setInstant(ps, ++i, code.authTime());
                Columns.setInstant(ps, ++i, code.issuedAt());
                Columns.setInstant(ps, ++i, code.expiresAt());
                Columns.setNullableString(ps, ++i, code.dpopJkt());
                ps.setString(++i, Columns.joinSorted(code.resources()));
                Columns.setNullableString(ps, ++i, code.acr());
                Columns.setNullableString(ps, ++i, code.claims());
                Columns.setNullableString(ps, ++i, code.sessionId());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public ConsumeResult consume(String codeHash) {
        return jdbc.autoCommit("consume code", c -> {
            try (PreparedStatement ps = c.prepareStatement(consume)) {
                ps.setString(1, codeHash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return (ConsumeResult) new ConsumeResult.Consumed(read(rs));
                    }
                }
            }
            // not flipped by this caller: consumed before, or never there
            try (PreparedStatement ps = c.prepareStatement(FIND)) {
                ps.setString(1, codeHash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new ConsumeResult.Replayed(read(rs)) : new ConsumeResult.NotFound();
                }
            }
        });
    }

    private static AuthorizationCode read(ResultSet rs) throws SQLException {
        return new AuthorizationCode(
                rs.getString("code_hash"),
                rs.getString("grant_id"),
                rs.getString("client_id"),
                rs.getString("subject"),
                rs.getString("redirect_uri"),
                rs.getBoolean("redirect_uri_in_request"),
                Columns.splitSet(rs.getString("scopes")),
                rs.getString("code_challenge"),
                rs.getString("code_challenge_method"),
                rs.getString("nonce"),
                Columns.getInstant(rs, "auth_time"),
                Columns.getInstant(rs, "issued_at"),
                Columns.getInstant(rs, "expires_at"),
                rs.getString("dpop_jkt"),
                Columns.splitSet(rs.getString("resources")),
                rs.getString("acr"),
                rs.getString("claims"),
                rs.getString("session_id"));
    }
}
