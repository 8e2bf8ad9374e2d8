package id.nu.oauth.storage.jdbc;

import id.nu.oauth.storage.Registration;
import id.nu.oauth.storage.RegistrationStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link RegistrationStore} on {@code nuid_oauth_registration}. {@link #replace} is one UPDATE whose
 * {@code WHERE} names the expected token hash, committed at once: the database lets exactly one of any
 * number of concurrent updates with the same hash change the row, whichever node sends it.
 */
final class RegistrationTable implements RegistrationStore {

    private static final List<String> COLUMNS = List.of("client_id", "access_token_hash", "issued_at", "client_uri",
            "logo_uri", "policy_uri", "tos_uri", "contacts");

    private static final String FIND = "SELECT " + String.join(", ", COLUMNS)
            + " FROM nuid_oauth_registration WHERE client_id = ?";

    private static final String REPLACE = "UPDATE nuid_oauth_registration SET access_token_hash = ?, issued_at = ?, "
            + "client_uri = ?, logo_uri = ?, policy_uri = ?, tos_uri = ?, contacts = ? "
            + "WHERE client_id = ? AND access_token_hash = ?";

    private final Jdbc jdbc;
    private final String upsert;

    RegistrationTable(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.upsert = dialect.upsert("nuid_oauth_registration", COLUMNS, List.of("client_id"));
    }

    @Override
    public Optional<Registration> find(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        return jdbc.autoCommit("find registration", c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND)) {
                ps.setString(1, clientId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String contacts = rs.getString("contacts");
                    return Optional.of(new Registration(rs.getString("client_id"), rs.getString("access_token_hash"),
                            Columns.getInstant(rs, "issued_at"), rs.getString("client_uri"), rs.getString("logo_uri"),
                            rs.getString("policy_uri"), rs.getString("tos_uri"),
                            contacts == null || contacts.isEmpty() ? List.of() : Arrays.asList(contacts.split("\n"))));
                }
            }
        });
    }

    @Override
    public void save(Registration r) {
        Objects.requireNonNull(r, "registration");
        jdbc.autoCommit("save registration", c -> {
            try (PreparedStatement ps = c.prepareStatement(upsert)) {
                ps.setString(1, r.clientId());
                ps.setString(2, r.accessTokenHash());
                Columns.setInstant(ps, 3, r.issuedAt());
                ps.setString(4, r.clientUri());
                ps.setString(5, r.logoUri());
                ps.setString(6, r.policyUri());
                ps.setString(7, r.tosUri());
                ps.setString(8, contacts(r));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean replace(String expectedAccessTokenHash, Registration next) {
        Objects.requireNonNull(expectedAccessTokenHash, "expectedAccessTokenHash");
        Objects.requireNonNull(next, "next");
        return jdbc.autoCommit("replace registration", c -> {
            try (PreparedStatement ps = c.prepareStatement(REPLACE)) {
                ps.setString(1, next.accessTokenHash());
                Columns.setInstant(ps, 2, next.issuedAt());
                ps.setString(3, next.clientUri());
                ps.setString(4, next.logoUri());
                ps.setString(5, next.policyUri());
                ps.setString(6, next.tosUri());
                ps.setString(7, contacts(next));
                ps.setString(8, next.clientId());
                ps.setString(9, expectedAccessTokenHash);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean delete(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        return jdbc.autoCommit("delete registration", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM nuid_oauth_registration WHERE client_id = ?")) {
                ps.setString(1, clientId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static String contacts(Registration r) {
        return r.contacts().isEmpty() ? null : String.join("\n", r.contacts());
    }
}
