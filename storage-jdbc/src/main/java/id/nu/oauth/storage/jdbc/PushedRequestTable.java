package id.nu.oauth.storage.jdbc;

import id.nu.oauth.storage.PushedRequest;
import id.nu.oauth.storage.PushedRequestStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link PushedRequestStore} on {@code nuid_oauth_pushed_request}. {@link #consume} is one DELETE by
 * primary key, committed at once: of any number of concurrent deletes of a row, on whichever node,
 * exactly one deletes it and the others find nothing to delete.
 */
final class PushedRequestTable implements PushedRequestStore {

    private static final String INSERT = "INSERT INTO nuid_oauth_pushed_request "
            + "(request_uri_hash, client_id, parameters, expires_at) VALUES (?, ?, ?, ?)";

    private static final String FIND = "SELECT request_uri_hash, client_id, parameters, expires_at "
            + "FROM nuid_oauth_pushed_request WHERE request_uri_hash = ?";

    private static final String CONSUME = "DELETE FROM nuid_oauth_pushed_request WHERE request_uri_hash = ?";

    private final Jdbc jdbc;

    PushedRequestTable(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(PushedRequest request) {
        Objects.requireNonNull(request, "request");
        jdbc.autoCommit("save pushed request", c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setString(1, request.requestUriHash());
                ps.setString(2, request.clientId());
                ps.setString(3, request.parameters());
                Columns.setInstant(ps, 4, request.expiresAt());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<PushedRequest> find(String requestUriHash) {
        Objects.requireNonNull(requestUriHash, "requestUriHash");
        return jdbc.autoCommit("find pushed request", c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND)) {
                ps.setString(1, requestUriHash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<PushedRequest>empty();
                    }
                    return Optional.of(new PushedRequest(rs.getString("request_uri_hash"), rs.getString("client_id"),
                            rs.getString("parameters"), Columns.getInstant(rs, "expires_at")));
                }
            }
        });
    }

    @Override
    public boolean consume(String requestUriHash) {
        Objects.requireNonNull(requestUriHash, "requestUriHash");
        return jdbc.autoCommit("consume pushed request", c -> {
            try (PreparedStatement ps = c.prepareStatement(CONSUME)) {
                ps.setString(1, requestUriHash);
                return ps.executeUpdate() == 1;
            }
        });
    }
}
