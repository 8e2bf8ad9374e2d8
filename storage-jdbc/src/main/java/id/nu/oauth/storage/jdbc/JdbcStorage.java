package id.nu.oauth.storage.jdbc;

import id.nu.oauth.storage.ClientStore;
import id.nu.oauth.storage.CodeStore;
import id.nu.oauth.storage.ConsentStore;
import id.nu.oauth.storage.GrantStore;
import id.nu.oauth.storage.PushedRequestStore;
import id.nu.oauth.storage.SigningKeyStore;
import id.nu.oauth.storage.SingleUseStore;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.TokenStore;
import id.nu.oauth.storage.TokenWithGrant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The storage SPI on plain JDBC, for PostgreSQL (the production path, many nodes on one database)
 * and H2 (embedded, in memory or in a file). The host provides the {@link DataSource}, usually a
 * connection pool, and the driver.
 *
 * <p>The SPI's guarantees hold in SQL, across every node sharing the database: a code is consumed by
 * one conditional UPDATE, refresh rotation is a conditional UPDATE and an insert in one short
 * transaction (on PostgreSQL one statement, a data-modifying CTE), revoking a grant is one UPDATE,
 * and token lookups join the grant by primary key; a single-use value ({@code jti}) is marked used
 * by one INSERT on its primary key, and a pushed request is consumed by one DELETE. No JVM lock is
 * involved. Clients are cached for
 * a few seconds ({@link #withClientCacheTtl}). Round trips on PostgreSQL: a code exchange 2
 * (consume the code; store the grant with its tokens, one statement each, no lock held while the
 * engine signs in between), a refresh 2 (find, rotate), a validation 1. A database failure rolls the operation back and surfaces as a
 * {@link JdbcStorageException}, which the authorization server answers with {@code server_error}.
 * Tables hold hashes only, never a token, code or secret.
 *
 * <p>The schema ships in this jar as Flyway-style migrations under
 * {@code db/migration/nuid_oauth/postgresql} and {@code db/migration/nuid_oauth/h2}
 * (see {@link #migrationsLocation()}); apply them with your own tool, or call {@link #createSchema()},
 * which runs them and is safe to call on every start-up. Call {@link #purgeExpired} from a scheduled
 * job.
 *
 * <pre>{@code
 * HikariDataSource pool = new HikariDataSource();
 * pool.setJdbcUrl("jdbc:postgresql://db.example.or.id/portal");
 * JdbcStorage storage = JdbcStorage.postgres(pool).createSchema();
 * AuthorizationServer server = AuthorizationServer.builder()
 *         .issuer(URI.create("https://portal.example.or.id/api"))
 *         .storage(storage)
 *         .build();
 *
 * // every minute, from one node or all of them:
 * while (storage.purgeExpired(Instant.now(), 1000) == 1000) { }
 *
 * // embedded, in a file:
 * JdbcDataSource h2 = new JdbcDataSource();
 * h2.setURL("jdbc:h2:file:./data/oauth");
 * Storage local = JdbcStorage.h2(h2).createSchema();
 * }</pre>
 */
public final class JdbcStorage implements Storage {

    private final Dialect dialect;
    private final Jdbc jdbc;
    private final ClientTable clients;
    private final CodeTable codes;
    private final GrantTable grants;
    private final TokenTable tokens;
    private final ConsentTable consents;
    private final SingleUseTable singleUse;
    private final PushedRequestTable pushedRequests;
    private final SigningKeyTable signingKeys;
    private final RegistrationTable registrations;

    /** How long a client read from the database is used without reading it again, by default. */
    public static final Duration DEFAULT_CLIENT_CACHE_TTL = Duration.ofSeconds(5);

    private final DataSource dataSource;

    private JdbcStorage(DataSource dataSource, Dialect dialect, Duration clientCacheTtl) {
        this.dialect = dialect;
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.jdbc = new Jdbc(dataSource);
        this.clients = new ClientTable(jdbc, dialect, clientCacheTtl, System::nanoTime);
        this.codes = new CodeTable(jdbc, dialect);
        this.grants = new GrantTable(jdbc, dialect);
        this.tokens = new TokenTable(jdbc, dialect);
        this.consents = new ConsentTable(jdbc, dialect);
        this.singleUse = new SingleUseTable(jdbc, dialect);
        this.pushedRequests = new PushedRequestTable(jdbc);
        this.signingKeys = new SigningKeyTable(jdbc, dialect);
        this.registrations = new RegistrationTable(jdbc, dialect);
    }

    /** A store on a PostgreSQL database (9.5 or later). Does not touch the database yet. */
    public static JdbcStorage postgres(DataSource dataSource) {
        return new JdbcStorage(dataSource, Dialect.POSTGRESQL, DEFAULT_CLIENT_CACHE_TTL);
    }

    /** A store on an H2 2.x database, in memory or in a file. Does not touch the database yet. */
    public static JdbcStorage h2(DataSource dataSource) {
        return new JdbcStorage(dataSource, Dialect.H2, DEFAULT_CLIENT_CACHE_TTL);
    }

    /**
     * A store for whichever supported database the data source reaches, asking its driver once.
     *
     * @throws JdbcStorageException if the database cannot be reached
     * @throws IllegalArgumentException if it is neither PostgreSQL nor H2
     */
    public static JdbcStorage detect(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        String product;
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new JdbcStorageException("nuid-oauth storage: cannot reach the database", e);
        }
        String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (name.contains("postgresql")) {
            return postgres(dataSource);
        }
        if (name.equals("h2")) {
            return h2(dataSource);
        }
        throw new IllegalArgumentException("nuid-oauth storage supports PostgreSQL and H2, not " + product);
    }

    /**
     * The same store with another client cache TTL ({@link #DEFAULT_CLIENT_CACHE_TTL} unless set):
     * every token request looks its client up, so clients found in the database are kept this long
     * on this node. A client saved through this store is replaced in its cache at once; one changed
     * by another node or directly in the database (a new secret, a removed redirect URI) is seen
     * here after at most {@code ttl}. {@link Duration#ZERO} reads the database every time.
     *
     * <pre>{@code
     * JdbcStorage storage = JdbcStorage.postgres(pool).withClientCacheTtl(Duration.ZERO);
     * }</pre>
     */
    public JdbcStorage withClientCacheTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("the client cache TTL is not negative");
        }
        return new JdbcStorage(dataSource, dialect, ttl);
    }

    /**
     * Creates the tables and indexes if they are missing, by running this jar's migrations; changes
     * nothing when they exist. Safe to call on every start-up, from several nodes at once.
     *
     * @return this store
     * @throws JdbcStorageException if the database refuses (for instance, no right to create tables)
     */
    public JdbcStorage createSchema() {
        Schema.create(jdbc, dialect);
        return this;
    }

    /**
     * Where this store's migrations are on the classpath, as migration tools name it, for instance
     * {@code classpath:db/migration/nuid_oauth/postgresql}:
     * {@code Flyway.configure().dataSource(ds).locations(storage.migrationsLocation())
     * .table("nuid_oauth_schema_history").load().migrate()}.
     */
    public String migrationsLocation() {
        return "classpath:" + dialect.migrationFolder();
    }

    @Override
    public ClientStore clients() {
        return clients;
    }

    @Override
    public CodeStore codes() {
        return codes;
    }

    @Override
    public GrantStore grants() {
        return grants;
    }

    @Override
    public TokenStore tokens() {
        return tokens;
    }

    @Override
    public ConsentStore consents() {
        return consents;
    }

    @Override
    public SingleUseStore singleUse() {
        return singleUse;
    }

    @Override
    public PushedRequestStore pushedRequests() {
        return pushedRequests;
    }

    /** The shared signing keys, for the engine's {@code StoredSigningKeys}: rows of {@code nuid_oauth_signing_key}. */
    @Override
    public SigningKeyStore signingKeys() {
        return signingKeys;
    }

    /** Dynamic client registrations (RFC 7591, RFC 7592): rows of {@code nuid_oauth_registration}. */
    @Override
    public id.nu.oauth.storage.RegistrationStore registrations() {
        return registrations;
    }

    /** One SELECT: the token lookup already joins the grant, so it returns the grant's columns too. */
    @Override
    public Optional<TokenWithGrant> findTokenWithGrant(String tokenHash) {
        return tokens.findWithGrant(tokenHash);
    }

    /**
     * Deletes up to {@code batchSize} rows that expired before {@code now}: codes first, then tokens,
     * grants, single-use values, pushed requests and signing keys; then the tokens and grants of
     * disabled and deleted clients (and a deleted client's row once nothing of it is left). Each
     * table is one short DELETE of at most the remaining batch, committed on its
     * own; on PostgreSQL rows locked by a running request are skipped rather than waited for. Call it
     * again while it returns {@code batchSize}.
     */
    @Override
    public int purgeExpired(Instant now, int batchSize) {
        Objects.requireNonNull(now, "now");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        return jdbc.autoCommit("purge expired rows", c -> {
            int purged = 0;
            purged += purge(c, "nuid_oauth_code", "code_hash", now, batchSize - purged);
            if (purged < batchSize) {
                purged += purge(c, "nuid_oauth_token", "token_hash", now, batchSize - purged);
            }
            if (purged < batchSize) {
                purged += purge(c, "nuid_oauth_grant", "grant_id", now, batchSize - purged);
            }
            if (purged < batchSize) {
                purged += purge(c, "nuid_oauth_single_use", "kind, value_hash", now, batchSize - purged);
            }
            if (purged < batchSize) {
                purged += purge(c, "nuid_oauth_pushed_request", "request_uri_hash", now, batchSize - purged);
            }
            if (purged < batchSize) {
                purged += purge(c, "nuid_oauth_signing_key", "key_id", now, batchSize - purged);
            }
            if (purged < batchSize) {
                purged += purgeRetired(c, "nuid_oauth_token", "token_hash", batchSize - purged);
            }
            if (purged < batchSize) {
                purged += purgeRetired(c, "nuid_oauth_grant", "grant_id", batchSize - purged);
            }
            if (purged < batchSize) {
                // a deleted client's row goes once nothing of it is left (not counted: it is bookkeeping)
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM nuid_oauth_client WHERE deleted "
                        + "AND NOT EXISTS (SELECT 1 FROM nuid_oauth_grant g WHERE g.client_id = nuid_oauth_client.client_id) "
                        + "AND NOT EXISTS (SELECT 1 FROM nuid_oauth_token t WHERE t.client_id = nuid_oauth_client.client_id)")) {
                    ps.executeUpdate();
                }
            }
            return purged;
        });
    }

    /**
     * Up to {@code limit} rows of clients that are disabled or deleted (a deleted client's row is
     * marked disabled too), by the index on {@code client_id}.
     */
    private int purgeRetired(Connection c, String table, String key, int limit) throws SQLException {
        String sql = "DELETE FROM " + table + " WHERE " + key + " IN (SELECT " + key + " FROM " + table
                + " WHERE client_id IN (SELECT client_id FROM nuid_oauth_client WHERE disabled) LIMIT ?"
                + dialect.skipLocked() + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, limit);
            return ps.executeUpdate();
        }
    }

    private int purge(Connection c, String table, String key, Instant now, int limit) throws SQLException {
        // the outer condition is checked again on the row as it is when deleted (a renewed token is kept)
        // a key of several columns is compared as a row value: (kind, value_hash) IN (SELECT kind, value_hash …)
        String keyValue = key.contains(",") ? "(" + key + ")" : key;
        String sql = "DELETE FROM " + table + " WHERE " + keyValue + " IN (SELECT " + key + " FROM " + table
                + " WHERE expires_at < ? ORDER BY expires_at LIMIT ?" + dialect.skipLocked() + ") AND expires_at < ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Columns.setInstant(ps, 1, now);
            ps.setInt(2, limit);
            Columns.setInstant(ps, 3, now);
            return ps.executeUpdate();
        }
    }

    /** Names the database kind, never the connection details. */
    @Override
    public String toString() {
        return "JdbcStorage[" + dialect.name().toLowerCase(Locale.ROOT) + "]";
    }
}
