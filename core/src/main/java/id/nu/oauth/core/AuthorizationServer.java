package id.nu.oauth.core;

import id.nu.oauth.storage.Client;
import id.nu.oauth.storage.ClientType;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenKind;
import id.nu.oauth.storage.memory.InMemoryStorage;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NU.ID authorization server: each endpoint is one call, a request value in and a response
 * value out. No servlet types, no threads, no global state; everything it remembers goes through
 * the {@link Storage}. Thread-safe: build one at start-up and share it.
 *
 * <p>OAuth errors are returned as values (an {@link AuthorizeResult.ErrorPage}, an error redirect,
 * or a JSON {@link EndpointResponse}), never thrown. A storage fault becomes {@code server_error},
 * logged once.
 *
 * <pre>{@code
 * AuthorizationServer server = AuthorizationServer.builder()
 *         .issuer(URI.create("https://portal.example.or.id/api"))
 *         .storage(InMemoryStorage.create())
 *         .client(Client.publicClient("mobile-app").redirectUri("id.nu.app:/cb").scopes("profile").build())
 *         .build();
 *
 * AuthorizeResult r = server.authorize(AuthorizeRequest.of(query, currentUserOrNull));
 * EndpointResponse t = server.token(new EndpointRequest(form, authorizationHeader));
 * EndpointResponse n = server.refreshAccessToken(new EndpointRequest(form, authorizationHeader));
 * EndpointResponse v = server.revoke(new EndpointRequest(form, authorizationHeader));
 * AccessTokenValidation who = server.validateAccessToken(bearerToken);
 * }</pre>
 */
public final class AuthorizationServer {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationServer.class);

    private final Settings settings;
    private final Storage storage;
    private final AuthorizeEndpoint authorizeEndpoint;
    private final TokenEndpoint tokenEndpoint;
    private final RevocationEndpoint revocationEndpoint;

    private AuthorizationServer(Settings settings, Storage storage) {
        this.settings = settings;
        this.storage = storage;
        ClientAuthenticator authenticator = new ClientAuthenticator(storage.clients());
        this.authorizeEndpoint = new AuthorizeEndpoint(settings, storage);
        this.tokenEndpoint = new TokenEndpoint(settings, storage, authenticator, new TokenIssuer(settings));
        this.revocationEndpoint = new RevocationEndpoint(settings, storage, authenticator);
    }

    /** Starts configuring a server; see {@link Builder} for the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * GET /oauth/authorize (RFC 6749 §4.1.1): decides between a redirect (with a code or an error),
     * login, consent, or an error page.
     */
    public AuthorizeResult authorize(AuthorizeRequest request) {
        Objects.requireNonNull(request, "request");
        return authorizeEndpoint.handle(request);
    }

    /**
     * POST /oauth/token (RFC 6749 §4.1.3, §4.4, §6): {@code authorization_code},
     * {@code refresh_token} and {@code client_credentials}, as the client is allowed.
     */
    public EndpointResponse token(EndpointRequest request) {
        Objects.requireNonNull(request, "request");
        return guarded("token", () -> tokenEndpoint.token(request));
    }

    /**
     * POST /oauth/refreshAccessToken, the NU.ID refresh endpoint: the same rules and errors as
     * {@code grant_type=refresh_token} on {@link #token}.
     */
    public EndpointResponse refreshAccessToken(EndpointRequest request) {
        Objects.requireNonNull(request, "request");
        return guarded("refreshAccessToken", () -> tokenEndpoint.refreshAccessToken(request));
    }

    /** POST /oauth/revoke (RFC 7009): always 200 with an empty body unless the request is bad. */
    public EndpointResponse revoke(EndpointRequest request) {
        Objects.requireNonNull(request, "request");
        return guarded("revoke", () -> revocationEndpoint.revoke(request));
    }

    /**
     * Checks an access token in-process, for a host protecting its own resources: active (with
     * subject, client, scopes and expiry) or inactive, with no reason given.
     *
     * @throws RuntimeException only if the store fails; the caller answers 500 or 503
     */
    public AccessTokenValidation validateAccessToken(String accessToken) {
        if (accessToken == null || accessToken.isEmpty() || accessToken.length() > settings.maxParameterLength()) {
            return new AccessTokenValidation.Inactive();
        }
        Token token = storage.tokens().find(TokenHasher.hash(accessToken)).orElse(null);
        if (token == null || token.kind() != TokenKind.ACCESS || !token.isUsableAt(settings.clock().instant())) {
            return new AccessTokenValidation.Inactive();
        }
        return new AccessTokenValidation.Active(token.subject(), token.clientId(), token.scopes(),
                token.expiresAt(), token.grantId());
    }

    /** The issuer identifier this server was built with. */
    public URI issuer() {
        return settings.issuer();
    }

    /** The store this server uses, for the host's administration (registering clients, purging). */
    public Storage storage() {
        return storage;
    }

    private EndpointResponse guarded(String endpoint, Supplier<EndpointResponse> handler) {
        try {
            return handler.get();
        } catch (RuntimeException fault) {
            LOG.error("{}: storage or internal fault, answered server_error", endpoint, fault);
            return Responses.error(OAuthError.serverError());
        }
    }

    /**
     * Configures an {@link AuthorizationServer}. Secure defaults:
     * <table>
     * <caption>defaults</caption>
     * <tr><td>authorization code lifetime</td><td>60 s</td></tr>
     * <tr><td>access token lifetime</td><td>15 min</td></tr>
     * <tr><td>refresh token idle lifetime</td><td>30 days</td></tr>
     * <tr><td>refresh token absolute lifetime</td><td>90 days</td></tr>
     * <tr><td>largest parameter value</td><td>2048 characters</td></tr>
     * <tr><td>storage</td><td>{@link InMemoryStorage}</td></tr>
     * <tr><td>clock, randomness</td><td>UTC system clock, {@link TokenGenerator#secureRandom()}</td></tr>
     * </table>
     *
     * <pre>{@code
     * AuthorizationServer.builder()
     *         .issuer(URI.create("https://portal.example.or.id/api"))
     *         .accessTokenLifetime(Duration.ofMinutes(5))
     *         .client(client)
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private URI issuer;
        private Storage storage;
        private Clock clock = Clock.systemUTC();
        private TokenGenerator generator;
        private Duration codeLifetime = Duration.ofSeconds(60);
        private Duration accessTokenLifetime = Duration.ofMinutes(15);
        private Duration refreshTokenIdleLifetime = Duration.ofDays(30);
        private Duration refreshTokenAbsoluteLifetime = Duration.ofDays(90);
        private int maxParameterLength = 2048;
        private final List<Client> clients = new ArrayList<>();

        private Builder() {
        }

        /**
         * The issuer identifier (required): an https URL with no query or fragment (RFC 8414 §2);
         * http only on loopback, for development.
         */
        public Builder issuer(URI issuer) {
            Objects.requireNonNull(issuer, "issuer");
            String scheme = issuer.getScheme();
            boolean loopback = "localhost".equals(issuer.getHost()) || "127.0.0.1".equals(issuer.getHost())
                    || "[::1]".equals(issuer.getHost());
            if (!"https".equals(scheme) && !("http".equals(scheme) && loopback)) {
                throw new IllegalArgumentException("the issuer must be an https URL (http only on loopback)");
            }
            if (issuer.getRawQuery() != null || issuer.getRawFragment() != null) {
                throw new IllegalArgumentException("the issuer has no query or fragment (RFC 8414 §2)");
            }
            this.issuer = issuer;
            return this;
        }

        /** Where grants, codes, tokens, clients and consents live; in memory by default. */
        public Builder storage(Storage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /** Registers (or replaces) a client in the store when the server is built. */
        public Builder client(Client client) {
            clients.add(Objects.requireNonNull(client, "client"));
            return this;
        }

        /** The clock for every expiry decision; tests pass a movable one instead of sleeping. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The source of codes, tokens and ids; for tests only. */
        public Builder tokenGenerator(TokenGenerator generator) {
            this.generator = Objects.requireNonNull(generator, "generator");
            return this;
        }

        /** How long a code may be redeemed (default 60 s; RFC 6749 §4.1.2 advises at most 10 min). */
        public Builder codeLifetime(Duration lifetime) {
            this.codeLifetime = positive(lifetime, "codeLifetime");
            if (lifetime.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("codes live 10 minutes at most (RFC 6749 §4.1.2)");
            }
            return this;
        }

        /** How long an access token lives (default 15 min). */
        public Builder accessTokenLifetime(Duration lifetime) {
            this.accessTokenLifetime = positive(lifetime, "accessTokenLifetime");
            return this;
        }

        /** How long a refresh token lives unused (default 30 days). */
        public Builder refreshTokenIdleLifetime(Duration lifetime) {
            this.refreshTokenIdleLifetime = positive(lifetime, "refreshTokenIdleLifetime");
            return this;
        }

        /** How long a grant can be refreshed at most, whatever its use (default 90 days). */
        public Builder refreshTokenAbsoluteLifetime(Duration lifetime) {
            this.refreshTokenAbsoluteLifetime = positive(lifetime, "refreshTokenAbsoluteLifetime");
            return this;
        }

        /** The longest parameter value accepted (default 2048 characters). */
        public Builder maxParameterLength(int length) {
            if (length < 256) {
                throw new IllegalArgumentException("maxParameterLength must be at least 256");
            }
            this.maxParameterLength = length;
            return this;
        }

        /** The server; registers the clients and warns about each legacy public client. */
        public AuthorizationServer build() {
            if (issuer == null) {
                throw new IllegalStateException("issuer(...) is required");
            }
            if (refreshTokenIdleLifetime.compareTo(refreshTokenAbsoluteLifetime) > 0) {
                throw new IllegalStateException("the refresh idle lifetime exceeds the absolute lifetime");
            }
            Storage store = storage != null ? storage : InMemoryStorage.create(clock);
            Settings settings = new Settings(issuer, clock,
                    generator != null ? generator : TokenGenerator.secureRandom(),
                    codeLifetime, accessTokenLifetime, refreshTokenIdleLifetime, refreshTokenAbsoluteLifetime,
                    maxParameterLength);
            for (Client client : clients) {
                if (client.type() == ClientType.LEGACY_PUBLIC) {
                    LOG.warn("client {} is a legacy public client: it may use the code flow without a secret "
                            + "and without PKCE, as the NU.ID document shows; migrate it to PKCE", client.clientId());
                }
                store.clients().save(client);
            }
            return new AuthorizationServer(settings, store);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
