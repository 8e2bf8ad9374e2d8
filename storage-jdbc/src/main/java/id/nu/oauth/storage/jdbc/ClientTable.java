package id.nu.oauth.storage.jdbc;

import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.CertificateSubject;
import id.nu.oauth.client.ClientAuthMethod;
import id.nu.oauth.client.ClientKeys;
import id.nu.oauth.client.ClientLogout;
import id.nu.oauth.client.ClientRequirements;
import id.nu.oauth.client.PreviousSecret;
import id.nu.oauth.client.RefreshGrace;
import id.nu.oauth.storage.ClientStore;
import id.nu.oauth.client.ClientType;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.RefreshPolicy;
import id.nu.oauth.client.SecretHash;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * {@link ClientStore} on {@code nuid_oauth_client}; the secret only as {@link SecretHash#encoded()}
 * (and, for a {@code client_secret_jwt} client, in the sealed form the engine made, never in clear).
 * Found clients are cached for a short TTL (every token request looks its client up): a save through
 * this store replaces the entry at once, a change made by another node or directly in the database
 * is seen here after at most the TTL.
 */
final class ClientTable implements ClientStore {

    private static final List<String> COLUMNS = List.of("client_id", "client_type", "secret_hash", "name",
            "redirect_uris", "allowed_scopes", "default_scopes", "grant_types", "refresh_policy", "require_pkce",
            "allow_plain_pkce", "first_party", "access_token_format", "resource_server", "auth_methods", "jwks",
            "jwks_uri", "require_pushed_requests", "require_signed_requests", "require_dpop", "fapi2", "resources",
            "post_logout_redirect_uris", "backchannel_logout_uri", "previous_secret_hash",
            "previous_secret_expires_at", "disabled", "refresh_grace_seconds", "refresh_grace_reuses", "deleted",
            "require_certificate_bound_tokens", "tls_subject_field", "tls_subject_value", "sealed_secret",
            "previous_sealed_secret");

    private static final String FIND = "SELECT " + String.join(", ", COLUMNS)
            + " FROM nuid_oauth_client WHERE client_id = ? AND NOT deleted";

    /** Marks the client deleted (its row stays, without secrets, until its grants and tokens are purged). */
    private static final String MARK_DELETED = "UPDATE nuid_oauth_client SET deleted = TRUE, disabled = TRUE, "
            + "secret_hash = NULL, previous_secret_hash = NULL, previous_secret_expires_at = NULL, "
            + "sealed_secret = NULL, previous_sealed_secret = NULL "
            + "WHERE client_id = ? AND NOT deleted";

    private final Jdbc jdbc;
    private final Dialect dialect;
    private final String upsert;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    /** Clients found recently; only found ones, so unknown ids cannot fill it. */
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    /** Bumped by every save, so a lookup that raced with a save does not cache what it read. */
    private final AtomicLong saves = new AtomicLong();

    private record Cached(Client client, long loadedAt) {
    }

    ClientTable(Jdbc jdbc, Dialect dialect, Duration ttl, LongSupplier nanoTime) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.upsert = dialect.upsert("nuid_oauth_client", COLUMNS, List.of("client_id"));
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * The client, from the cache if it was read from the database less than the TTL ago, else
     * from the database (and then cached).
     */
    @Override
    public Optional<Client> find(String clientId) {
        if (ttlNanos <= 0) {
            return load(clientId);
        }
        long now = nanoTime.getAsLong();
        Cached cached = cache.get(clientId);
        if (cached != null && now - cached.loadedAt() < ttlNanos) {
            return Optional.of(cached.client());
        }
        long savesBefore = saves.get();
        Optional<Client> loaded = load(clientId);
        if (loaded.isPresent()) {
            if (saves.get() == savesBefore) {
                cache.put(clientId, new Cached(loaded.get(), now));
            }
        } else {
            cache.remove(clientId);
        }
        return loaded;
    }

    private Optional<Client> load(String clientId) {
        return jdbc.autoCommit("find client", c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND)) {
                ps.setString(1, clientId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(clientId, rs)) : Optional.<Client>empty();
                }
            }
        });
    }

    @Override
    public void save(Client client) {
        jdbc.autoCommit("save client", c -> {
            try (PreparedStatement ps = c.prepareStatement(upsert)) {
                int i = 0;
                ps.setString(++i, client.clientId());
                ps.setString(++i, client.type().name());
                Columns.setNullableString(ps, ++i, client.secretHash() == null ? null : client.secretHash().encoded());
                ps.setString(++i, client.name());
                ps.setString(++i, Columns.joinInOrder(client.redirectUris()));
                ps.setString(++i, Columns.joinSorted(client.allowedScopes()));
                ps.setString(++i, Columns.joinSorted(client.defaultScopes()));
                ps.setString(++i, Columns.joinSorted(client.grantTypes().stream().map(GrantType::name).toList()));
                ps.setString(++i, client.refreshPolicy().name());
                ps.setBoolean(++i, client.requirePkce());
                ps.setBoolean(++i, client.allowPlainPkce());
                ps.setBoolean(++i, client.firstParty());
                ps.setString(++i, client.accessTokenFormat().name());
                ps.setBoolean(++i, client.resourceServer());
                ps.setString(++i, Columns.joinSorted(client.authMethods().stream().map(ClientAuthMethod::name).toList()));
                Columns.setNullableString(ps, ++i, client.keys().jwks());
                Columns.setNullableString(ps, ++i, client.keys().jwksUri() == null ? null : client.keys().jwksUri().toString());
                ps.setBoolean(++i, client.requirements().pushedRequests());
                ps.setBoolean(++i, client.requirements().signedRequests());
                ps.setBoolean(++i, client.requirements().dpop());
                ps.setBoolean(++i, client.requirements().fapi2());
                ps.setString(++i, Columns.joinSorted(client.resources()));
                ps.setString(++i, Columns.joinInOrder(client.logout().postLogoutRedirectUris()));
                Columns.setNullableString(ps, ++i, client.logout().backchannelLogoutUri() == null ? null
                        : client.logout().backchannelLogoutUri().toString());
                PreviousSecret previous = client.previousSecret();
                Columns.setNullableString(ps, ++i, previous == null ? null : previous.hash().encoded());
                Columns.setInstant(ps, ++i, previous == null ? null : previous.expiresAt());
                ps.setBoolean(++i, client.disabled());
                ps.setInt(++i, (int) client.refreshGrace().window().toSeconds());
                ps.setInt(++i, client.refreshGrace().maxReuses());
                ps.setBoolean(++i, false);
                ps.setBoolean(++i, client.requirements().certificateBoundTokens());
                CertificateSubject subject = client.tlsSubject();
                Columns.setNullableString(ps, ++i, subject == null ? null : subject.field().name());
                Columns.setNullableString(ps, ++i, subject == null ? null : subject.value());
                Columns.setNullableString(ps, ++i, client.sealedSecret());
                Columns.setNullableString(ps, ++i, previous == null ? null : previous.sealedSecret());
                return ps.executeUpdate();
            }
        });
        saves.incrementAndGet();
        cache.remove(client.clientId());
    }

    /**
     * The client in this row. A row that breaks a client rule (edited by hand, written by an older
     * version: a public client without PKCE, an unknown enum name, a malformed secret hash) is a
     * {@link JdbcStorageException} naming the client, never a half-valid client.
     */
    private static Client read(String clientId, ResultSet rs) throws java.sql.SQLException {
        try {
            return read(rs);
        } catch (IllegalArgumentException | NullPointerException invalid) {
            throw new JdbcStorageException("nuid-oauth storage: the stored client " + clientId
                    + " breaks a client rule, fix or delete its row: " + invalid.getMessage(), invalid);
        }
    }

    private static Client read(ResultSet rs) throws java.sql.SQLException {
        String secret = rs.getString("secret_hash");
        Set<GrantType> grantTypes = EnumSet.noneOf(GrantType.class);
        for (String name : Columns.splitList(rs.getString("grant_types"))) {
            grantTypes.add(GrantType.valueOf(name));
        }
        Set<ClientAuthMethod> authMethods = EnumSet.noneOf(ClientAuthMethod.class);
        for (String name : Columns.splitList(rs.getString("auth_methods"))) {
            authMethods.add(ClientAuthMethod.valueOf(name));
        }
        String jwksUri = rs.getString("jwks_uri");
        String backchannel = rs.getString("backchannel_logout_uri");
        String previousHash = rs.getString("previous_secret_hash");
        String tlsField = rs.getString("tls_subject_field");
        return new Client(
                rs.getString("client_id"),
                ClientType.valueOf(rs.getString("client_type")),
                secret == null ? null : SecretHash.parse(secret),
                rs.getString("name"),
                Columns.splitList(rs.getString("redirect_uris")),
                Columns.splitSet(rs.getString("allowed_scopes")),
                Columns.splitSet(rs.getString("default_scopes")),
                grantTypes,
                RefreshPolicy.valueOf(rs.getString("refresh_policy")),
                rs.getBoolean("require_pkce"),
                rs.getBoolean("allow_plain_pkce"),
                rs.getBoolean("first_party"),
                AccessTokenFormat.valueOf(rs.getString("access_token_format")),
                rs.getBoolean("resource_server"),
                authMethods,
                new ClientKeys(rs.getString("jwks"), jwksUri == null ? null : URI.create(jwksUri)),
                new ClientRequirements(rs.getBoolean("require_pushed_requests"), rs.getBoolean("require_signed_requests"),
                        rs.getBoolean("require_dpop"), rs.getBoolean("fapi2"),
                        rs.getBoolean("require_certificate_bound_tokens")),
                Columns.splitSet(rs.getString("resources")),
                new ClientLogout(Columns.splitList(rs.getString("post_logout_redirect_uris")),
                        backchannel == null ? null : URI.create(backchannel)),
                previousHash == null ? null
                        : new PreviousSecret(SecretHash.parse(previousHash), Columns.getInstant(rs, "previous_secret_expires_at"),
                                rs.getString("previous_sealed_secret")),
                rs.getBoolean("disabled"),
                rs.getInt("refresh_grace_seconds") == 0 ? null : new RefreshGrace(
                        Duration.ofSeconds(rs.getInt("refresh_grace_seconds")), rs.getInt("refresh_grace_reuses")),
                tlsField == null ? null : new CertificateSubject(CertificateSubject.Field.valueOf(tlsField),
                        rs.getString("tls_subject_value")),
                rs.getString("sealed_secret"));
    }

    /** In Java's order of client ids: byte order (ids are ASCII), whatever the database's collation. */
    @Override
    public List<Client> list(String afterClientId, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        String id = "client_id" + dialect.binaryCollation();
        String sql = "SELECT " + String.join(", ", COLUMNS) + " FROM nuid_oauth_client WHERE NOT deleted"
                + (afterClientId == null ? "" : " AND " + id + " > ?") + " ORDER BY " + id + " LIMIT ?";
        return jdbc.autoCommit("list clients", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 0;
                if (afterClientId != null) {
                    ps.setString(++i, afterClientId);
                }
                ps.setInt(++i, limit);
                List<Client> page = new java.util.ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        page.add(read(rs.getString("client_id"), rs));
                    }
                }
                return List.copyOf(page);
            }
        });
    }

    /**
     * One transaction: the client's row marked deleted (and disabled, without its secrets), its
     * grants revoked, its consents and codes deleted. {@link JdbcStorage#purgeExpired} removes its
     * grants and tokens later in bounded batches, then the row.
     */
    @Override
    public boolean delete(String clientId, java.time.Instant now) {
        boolean deleted = jdbc.transaction("delete client", (c, tx) -> {
            try (PreparedStatement ps = c.prepareStatement(MARK_DELETED)) {
                ps.setString(1, clientId);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE nuid_oauth_grant SET revoked_at = ? "
                    + "WHERE client_id = ? AND revoked_at IS NULL")) {
                Columns.setInstant(ps, 1, now);
                ps.setString(2, clientId);
                ps.executeUpdate();
            }
            for (String table : List.of("nuid_oauth_consent", "nuid_oauth_code", "nuid_oauth_registration")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE client_id = ?")) {
                    ps.setString(1, clientId);
                    ps.executeUpdate();
                }
            }
            return true;
        });
        saves.incrementAndGet();
        cache.remove(clientId);
        return deleted;
    }
}
