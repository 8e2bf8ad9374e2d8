package id.nu.oauth.testkit;

import id.nu.oauth.core.AccessTokenValidation;
import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.storage.memory.InMemoryStorage;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The real nuid-oauth engine, in memory and on a clock the test moves, with a client's and a
 * user's side of every flow a few calls away. No network, no container.
 *
 * <pre>{@code
 * OAuthTestServer server = OAuthTestServer.create();
 * TestClient app = server.registerPublicClient("app", "profile");
 *
 * Tokens t = server.as("alice").authorize(app).consent().exchange();   // login, consent, code, PKCE, token
 * Tokens renewed = t.refresh();
 * server.advance(Duration.ofMinutes(16));                                // past the 15-minute access token
 * assertThat(server.isActive(renewed.accessToken())).isFalse();
 *
 * String bearer = server.issueAccessToken("bob", "app", "profile");    // for the host's own API tests
 * new BearerTokenFilter(server.engine(), "profile");                     // the host's code gets the engine
 * }</pre>
 *
 * <p>Thread-safe like the engine. {@link #close()} releases what {@link #http()} started; a server
 * used only in-process needs no closing.
 */
public final class OAuthTestServer implements AutoCloseable {

    /** The issuer of {@link #create()}. */
    public static final URI DEFAULT_ISSUER = URI.create("https://nuid.test/api");

    /** The redirect URI of the clients the kit registers. */
    public static final String DEFAULT_REDIRECT_URI = "https://client.example/callback";

    private final AuthorizationServer engine;
    private final TestClock clock;
    private final Map<String, TestClient> clients = new ConcurrentHashMap<>();
    private final Object httpLock = new Object();
    private HttpTestServer http;

    private OAuthTestServer(AuthorizationServer engine, TestClock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    /** A server with the engine's defaults, issuer {@code https://nuid.test/api}, its clock at the current time. */
    public static OAuthTestServer create() {
        return builder().build();
    }

    /** Starts configuring a server. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- the engine and time ----------------------------------------------------------------

    /** The engine itself, to hand to the host's code (filters, endpoints, its own resource servers). */
    public AuthorizationServer engine() {
        return engine;
    }

    /** The issuer identifier. */
    public URI issuer() {
        return engine.issuer();
    }

    /** The server's clock, which moves only with {@link #advance}; hand it to the host's code that needs the same time. */
    public Clock clock() {
        return clock;
    }

    /** The server's current time. */
    public Instant now() {
        return clock.instant();
    }

    /** Moves the server's clock forward, e.g. past a token's expiry, without sleeping. */
    public OAuthTestServer advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward in a test server");
        }
        clock.advance(duration);
        return this;
    }

    // ---- clients -----------------------------------------------------------------------------

    /**
     * Registers a public client (RFC 6749 §2.1): no secret, PKCE S256 required, rotating refresh
     * tokens, redirect URI {@value #DEFAULT_REDIRECT_URI}, needs the user's consent.
     *
     * @param scopes the scopes it may ask for, which are also its defaults ({@code profile} if none)
     */
    public TestClient registerPublicClient(String clientId, String... scopes) {
        return register(Client.publicClient(clientId).redirectUri(DEFAULT_REDIRECT_URI).scopes(orProfile(scopes))
                .build());
    }

    /**
     * Registers a confidential client with a fresh random secret ({@link TestClient#secret()}); it
     * authenticates with HTTP Basic and may also use {@code client_credentials}.
     */
    public TestClient registerConfidentialClient(String clientId, String... scopes) {
        String secret = SecretHash.generateSecret();
        Client client = Client.confidential(clientId, SecretHash.of(secret)).redirectUri(DEFAULT_REDIRECT_URI)
                .scopes(orProfile(scopes))
                .grantTypes(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS)
                .build();
        return register(client, secret);
    }

    /**
     * Registers a legacy public client: the documented NU.ID flow, no secret and no PKCE, refresh
     * tokens kept (7 days unused, 30 days at most by default).
     */
    public TestClient registerLegacyPublicClient(String clientId, String... scopes) {
        return register(Client.legacyPublicClient(clientId).redirectUri(DEFAULT_REDIRECT_URI).scopes(orProfile(scopes))
                .build());
    }

    /**
     * Registers a public or legacy public client built any way the host likes.
     *
     * <pre>{@code
     * server.register(Client.publicClient("mobile").redirectUri("id.nu.app:/cb").scopes("profile").firstParty(true).build());
     * }</pre>
     */
    public TestClient register(Client client) {
        return register(client, null);
    }

    /** Registers a client; a confidential one with the clear secret its hash was made from. */
    public TestClient register(Client client, String secret) {
        TestClient registered = new TestClient(client, secret);
        engine.storage().clients().save(client);
        clients.put(client.clientId(), registered);
        return registered;
    }

    /**
     * A client registered through the kit.
     *
     * @throws IllegalArgumentException if there is none with this id
     */
    public TestClient client(String clientId) {
        TestClient client = clients.get(clientId);
        if (client == null) {
            throw new IllegalArgumentException("no client " + clientId + " was registered through the test kit");
        }
        return client;
    }

    // ---- users and flows ---------------------------------------------------------------------

    /** A user logged in to the host now, about to authorize a client. */
    public TestUser as(String subject) {
        return new TestUser(this, new AuthenticatedUser(subject, now()));
    }

    /** Nobody logged in: authorize requests end in "login required". */
    public TestUser anonymous() {
        return new TestUser(this, null);
    }

    /**
     * Tokens for {@code subject}, issued through the real flow (authorize with PKCE, consent,
     * exchange), for tests of the host's protected APIs. A client id the kit does not know yet is
     * registered as a public client allowing exactly {@code scopes}.
     *
     * @param scopes the scopes to ask for; none: the client's default scopes
     */
    public Tokens issueTokens(String subject, String clientId, String... scopes) {
        TestClient client = clients.get(clientId);
        if (client == null) {
            client = registerPublicClient(clientId, scopes);
        }
        AuthorizeCall call = as(subject).authorize(client);
        if (scopes.length > 0) {
            call.scope(scopes);
        }
        return call.consent().exchange();
    }

    /** The access token of {@link #issueTokens}, as the {@code Authorization: Bearer} value. */
    public String issueAccessToken(String subject, String clientId, String... scopes) {
        return issueTokens(subject, clientId, scopes).accessToken();
    }

    /** A {@code client_credentials} token (RFC 6749 §4.4) for a confidential client. */
    public Tokens clientCredentials(TestClient client, String... scopes) {
        TokenCall call = tokenRequest(client).param("grant_type", "client_credentials");
        if (scopes.length > 0) {
            call.scope(scopes);
        }
        return call.send().tokens();
    }

    /**
     * An empty {@code POST /oauth/token} from this client (credentials only), for requests the kit
     * has no shortcut for.
     */
    public TokenCall tokenRequest(TestClient client) {
        return new TokenCall(this, Objects.requireNonNull(client, "client"), TokenCall.Endpoint.TOKEN);
    }

    /** A {@code POST /oauth/revoke} of {@code token} with no client authentication (RFC 7009, as NU.ID documents it). */
    public TokenResponse revoke(String token) {
        return new TokenCall(this, null, TokenCall.Endpoint.REVOKE).param("token", token).send();
    }

    // ---- resource server side ----------------------------------------------------------------

    /** What the engine says about an access token now (as the host's protected API would ask). */
    public AccessTokenValidation validate(String accessToken) {
        return engine.validateAccessToken(accessToken);
    }

    /** Whether an access token is active now. */
    public boolean isActive(String accessToken) {
        return validate(accessToken) instanceof AccessTokenValidation.Active;
    }

    /** The active token's details (subject, client, scopes, expiry), or empty. */
    public Optional<AccessTokenValidation.Active> activeToken(String accessToken) {
        return validate(accessToken) instanceof AccessTokenValidation.Active active ? Optional.of(active)
                : Optional.empty();
    }

    // ---- over HTTP ---------------------------------------------------------------------------

    /**
     * The servlet adapter serving this engine from an in-process Jetty on {@code 127.0.0.1} and a
     * free port, started on first call and stopped by {@link #close()}. Needs
     * {@code nuid-oauth-servlet}, {@code jetty-server} and {@code jetty-ee10-servlet} on the test
     * classpath (optional dependencies of the kit).
     */
    public HttpTestServer http() {
        synchronized (httpLock) {
            if (http == null) {
                http = HttpTestServer.start(this);
            }
            return http;
        }
    }

    /** Stops what {@link #http()} started; the in-process engine keeps working. Idempotent. */
    @Override
    public void close() {
        synchronized (httpLock) {
            if (http != null) {
                http.stop();
                http = null;
            }
        }
    }

    private static String[] orProfile(String[] scopes) {
        return scopes.length == 0 ? new String[] {"profile"} : scopes;
    }

    @Override
    public String toString() {
        return "OAuthTestServer[" + issuer() + " at " + now() + ", clients " + List.copyOf(clients.keySet()) + "]";
    }

    /**
     * Configures an {@link OAuthTestServer}: the issuer, where the clock starts, and any engine
     * setting through {@link #configure}.
     *
     * <pre>{@code
     * OAuthTestServer server = OAuthTestServer.builder()
     *         .startingAt(Instant.parse("2030-01-01T00:00:00Z"))
     *         .configure(engine -> engine.accessTokenLifetime(Duration.ofMinutes(5)))
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private URI issuer = DEFAULT_ISSUER;
        private Instant start;
        private Consumer<AuthorizationServer.Builder> configuration = b -> { };

        private Builder() {
        }

        /** The issuer (https, or http on loopback); {@code https://nuid.test/api} by default. */
        public Builder issuer(URI issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            return this;
        }

        /** Where the clock starts; by default the current time, to the second. */
        public Builder startingAt(Instant start) {
            this.start = Objects.requireNonNull(start, "start");
            return this;
        }

        /**
         * Changes engine settings (lifetimes, clients, another {@code Storage}). The kit has already
         * set the issuer, its clock and an in-memory store on the same clock; replacing the clock
         * makes {@link OAuthTestServer#advance} useless.
         */
        public Builder configure(Consumer<AuthorizationServer.Builder> configuration) {
            this.configuration = this.configuration.andThen(Objects.requireNonNull(configuration, "configuration"));
            return this;
        }

        /** The server. */
        public OAuthTestServer build() {
            TestClock clock = new TestClock(start != null ? start : Instant.now().truncatedTo(ChronoUnit.SECONDS));
            AuthorizationServer.Builder engine = AuthorizationServer.builder()
                    .issuer(issuer)
                    .clock(clock)
                    .storage(InMemoryStorage.create(clock));
            configuration.accept(engine);
            return new OAuthTestServer(engine.build(), clock);
        }
    }
}
