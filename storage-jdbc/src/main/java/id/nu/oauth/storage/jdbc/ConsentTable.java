package id.nu.oauth.storage.jdbc;

import id.nu.oauth.storage.Consent;
import id.nu.oauth.storage.ConsentStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;

/** {@link ConsentStore} on {@code nuid_oauth_consent}, one row per user and client. */
final class ConsentTable implements ConsentStore {

    private static final String FIND = "SELECT subject, client_id, scopes, granted_at FROM nuid_oauth_consent "
            + "WHERE subject = ? AND client_id = ?";

    private static final String DELETE = "DELETE FROM nuid_oauth_consent WHERE subject = ? AND client_id = ?";

    private final Jdbc jdbc;
    private final String upsert;

    ConsentTable(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.upsert = dialect.upsert("nuid_oauth_consent", List.of("subject", "client_id", "scopes", "granted_at"),
                List.of("subject", "client_id"));
    }

    @Override
    public Optional<Consent> find(String subject, String clientId) {
        return jdbc.autoCommit("find consent", c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND)) {
                ps.setString(1, subject);
                ps.setString(2, clientId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Consent>empty();
                    }
                    return Optional.of(new Consent(rs.getString("subject"), rs.getString("client_id"),
                            Columns.splitSet(rs.getString("scopes")), Columns.getInstant(rs, "granted_at")));
                }
            }
        });
    }

    @Override
    public void save(Consent consent) {
        jdbc.autoCommit("save consent", c -> {
            try (PreparedStatement ps = c.prepareStatement(upsert)) {
                ps.setString(1, consent.subject());
                ps.setString(2, consent.clientId());
                ps.setString(3, Columns.joinSorted(consent.scopes()));
                Columns.setInstant(ps, 4, consent.grantedAt());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public int revokeAll(String subject) {
        return jdbc.autoCommit("revoke a user's consents", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM nuid_oauth_consent WHERE subject = ?")) {
                ps.setString(1, subject);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean revoke(String subject, String clientId) {
        return jdbc.autoCommit("revoke consent", c -> {
            try (PreparedStatement ps = c.prepareStatement(DELETE)) {
                ps.setString(1, subject);
                ps.setString(2, clientId);
                return ps.executeUpdate() > 0;
            }
        });
    }
}
