package id.nu.oauth.bench.engine;

import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.AuthorizeRequest;
import id.nu.oauth.core.AuthorizeResult;
import id.nu.oauth.core.EndpointRequest;
import id.nu.oauth.core.EndpointResponse;
import id.nu.oauth.core.SigningAlgorithm;
import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.RefreshPolicy;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.memory.InMemoryStorage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The engines the benchmarks drive, and a client's side of the flows done as cheaply as possible so
 * that the measured time is the engine's: pre-built parameter maps, one fixed PKCE verifier, and
 * JSON read with {@code indexOf}.
 *
 * <p>The client is public, first-party (no consent step), PKCE S256, as a mobile app of the portal
 * would be. {@link Variant} picks the access-token format and whether an id_token is made.
 */
public final class Engines {

    public static final URI ISSUER = URI.create("https://portal.example.or.id/api");
    public static final String CLIENT_ID = "bench-app";
    public static final String REDIRECT = "https://app.example.or.id/cb";
    public static final String VERIFIER = "dBjftJeZ4CVP-mJ92K9sbenchmarkverifier0123456789";
    public static final String CHALLENGE = s256(VERIFIER);

    /** What the engine issues. */
    public enum Variant {
        /** An opaque access token and a refresh token; scope {@code profile}. */
        OPAQUE(AccessTokenFormat.OPAQUE, SigningAlgorithm.RS256, "profile"),
        /** An RFC 9068 JWT access token signed RS256 (2048-bit key). */
        JWT_RS256(AccessTokenFormat.JWT, SigningAlgorithm.RS256, "profile"),
        /** An RFC 9068 JWT access token signed ES256 (P-256). */
        JWT_ES256(AccessTokenFormat.JWT, SigningAlgorithm.ES256, "profile"),
        /** Opaque access token plus an id_token signed RS256; scope {@code openid profile}. */
        ID_TOKEN_RS256(AccessTokenFormat.OPAQUE, SigningAlgorithm.RS256, "openid profile"),
        /** Opaque access token plus an id_token signed ES256. */
        ID_TOKEN_ES256(AccessTokenFormat.OPAQUE, SigningAlgorithm.ES256, "openid profile");

        final AccessTokenFormat format;
        final SigningAlgorithm algorithm;
        final String scope;

        Variant(AccessTokenFormat format, SigningAlgorithm algorithm, String scope) {
            this.format = format;
            this.algorithm = algorithm;
            this.scope = scope;
        }
    }

    /** Token lifetimes; short ones keep a long benchmark's in-memory store from growing without end. */
    public record Lifetimes(Duration code, Duration access, Duration refreshIdle, Duration refreshAbsolute) {
        /** The engine's defaults: 60 s, 15 min, 30 days, 90 days. */
        public static final Lifetimes DEFAULTS = new Lifetimes(Duration.ofSeconds(60), Duration.ofMinutes(15),
                Duration.ofDays(30), Duration.ofDays(90));

        /** Everything gone within seconds: for benchmarks that make millions of grants. */
        public static final Lifetimes SHORT = new Lifetimes(Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(10));

        /** Grants that outlive a run, access and rotated refresh tokens that do not. */
        public static final Lifetimes LONG_GRANT = new Lifetimes(Duration.ofSeconds(5), Duration.ofSeconds(3),
                Duration.ofSeconds(5), Duration.ofHours(2));
    }

    private final AuthorizationServer server;
    private final Map<String, List<String>> authorizeQuery;
    private final AuthenticatedUser user;

    public Engines(Variant variant, RefreshPolicy policy, Lifetimes lifetimes, Storage storage, Clock clock) {
        Client client = Client.publicClient(CLIENT_ID).name("Bench App").redirectUri(REDIRECT)
                .scopes("openid", "profile", "email").firstParty(true).refreshPolicy(policy)
                .accessTokenFormat(variant.format).build();
        this.server = AuthorizationServer.builder().issuer(ISSUER).clock(clock)
                .storage(storage)
                .codeLifetime(lifetimes.code())
                .accessTokenLifetime(lifetimes.access())
                .refreshTokenIdleLifetime(lifetimes.refreshIdle())
                .refreshTokenAbsoluteLifetime(lifetimes.refreshAbsolute())
                .accessTokenSigningAlgorithm(variant.algorithm)
                .idTokenSigningAlgorithm(variant.algorithm)
                .client(client)
                .build();
        this.authorizeQuery = Map.of(
                "response_type", List.of("code"),
                "client_id", List.of(CLIENT_ID),
                "redirect_uri", List.of(REDIRECT),
                "scope", List.of(variant.scope),
                "state", List.of("af0ifjsldkj"),
                "code_challenge", List.of(CHALLENGE),
                "code_challenge_method", List.of("S256"));
        this.user = new AuthenticatedUser("user-4711", clock.instant());
    }

    public Engines(Variant variant, RefreshPolicy policy, Lifetimes lifetimes) {
        this(variant, policy, lifetimes, InMemoryStorage.create(Clock.systemUTC()), Clock.systemUTC());
    }

    public AuthorizationServer server() {
        return server;
    }

    /** GET /oauth/authorize for the logged-in user; returns the code. */
    public String authorize() {
        AuthorizeResult result = server.authorize(AuthorizeRequest.of(authorizeQuery, user));
        if (!(result instanceof AuthorizeResult.Redirect redirect)) {
            throw new IllegalStateException("expected a redirect, got " + result);
        }
        String location = redirect.location().toString();
        int start = location.indexOf("code=") + 5;
        int end = location.indexOf('&', start);
        return location.substring(start, end < 0 ? location.length() : end);
    }

    /** POST /oauth/token with the code; returns the response (status 200 or an exception). */
    public EndpointResponse exchange(String code) {
        EndpointResponse response = server.token(new EndpointRequest(Map.of(
                "grant_type", List.of("authorization_code"),
                "code", List.of(code),
                "redirect_uri", List.of(REDIRECT),
                "client_id", List.of(CLIENT_ID),
                "code_verifier", List.of(VERIFIER)), null));
        return ok(response);
    }

    /** POST /oauth/token with grant_type=refresh_token. */
    public EndpointResponse refresh(String refreshToken) {
        return ok(server.token(new EndpointRequest(Map.of(
                "grant_type", List.of("refresh_token"),
                "refresh_token", List.of(refreshToken),
                "client_id", List.of(CLIENT_ID)), null)));
    }

    /** POST /oauth/revoke with {@code token} alone (RFC 7009 as the NU.ID document shows it). */
    public EndpointResponse revoke(String token) {
        return ok(server.revoke(new EndpointRequest(Map.of("token", List.of(token)), null)));
    }

    /** A full flow: authorize, then exchange; returns the token response body. */
    public String flow() {
        return exchange(authorize()).body();
    }

    public Instant now() {
        return Instant.now();
    }

    private static EndpointResponse ok(EndpointResponse response) {
        if (response.status() != 200) {
            throw new IllegalStateException("HTTP " + response.status() + ": " + response.body());
        }
        return response;
    }

    /** A string member of a flat JSON object, or {@code null}; enough for token responses. */
    public static String json(String body, String name) {
        String key = "\"" + name + "\":\"";
        int start = body.indexOf(key);
        if (start < 0) {
            return null;
        }
        start += key.length();
        return body.substring(start, body.indexOf('"', start));
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
