package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.RefreshPolicy;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.contract.MutableClock;
import id.nu.oauth.storage.memory.InMemoryStorage;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Shared set-up for the token-side tests: a server with a movable clock (the storage-spi test-jar's), the clients every test
 * needs, a helper that runs the authorize step and returns the code, and small assertion helpers.
 * Everything goes through the public API of {@link AuthorizationServer}.
 */
final class TokenFixtures {

    static final URI ISSUER = URI.create("https://nu.id/api");
    static final URI TOKEN_URI = URI.create("https://nu.id/api/oauth/token");
    static final URI REFRESH_URI = URI.create("https://nu.id/api/oauth/refreshAccessToken");
    static final String SUBJECT = "user-42";

    /** Registered exactly as the NU.ID document's flow needs: no secret, no PKCE, refresh kept. */
    static final String LEGACY = "legacy-app";
    static final String LEGACY_REDIRECT = "https://legacy.example.or.id/cb";

    /** An OAuth 2.1 public client: PKCE S256, rotating refresh tokens. */
    static final String MOBILE = "mobile-app";
    static final String MOBILE_REDIRECT = "id.nu.app:/cb";

    /** A confidential client whose secret needs form-urlencoding in Basic (RFC 6749 §2.3.1). */
    static final String PORTAL = "portal";
    static final String PORTAL_SECRET = "lchPRqqC7B:T62RYAe+KprdkP/mtFRIB%DVyLtf tDpJ-ojg"; // random, with : + / % space
    static final String PORTAL_REDIRECT = "https://portal.example.or.id/callback";

    /** Another confidential client, to try using the first one's codes and tokens. */
    static final String OTHER = "other-portal";
    static final String OTHER_SECRET = SecretHash.generateSecret();
    static final String OTHER_REDIRECT = "https://other.example.or.id/callback";

    /** A confidential client for client_credentials only (RFC 6749 §4.4). */
    static final String SERVICE = "batch-service";
    static final String SERVICE_SECRET = SecretHash.generateSecret();

    final MutableClock clock;
    final AuthorizationServer server;
    final Storage storage;
    /** Every value the server's generator produced (codes, tokens, grant ids), in order. */
    final List<String> generated;

    private TokenFixtures(MutableClock clock, AuthorizationServer server, Storage storage, List<String> generated) {
        this.clock = clock;
        this.server = server;
        this.storage = storage;
        this.generated = generated;
    }

    /** The default server with the standard clients. */
    static TokenFixtures create() {
        return create(b -> { }, storage -> storage);
    }

    /** The standard server, with builder changes (lifetimes, extra clients). */
    static TokenFixtures create(Consumer<AuthorizationServer.Builder> customize) {
        return create(customize, storage -> storage);
    }

    /**
     * The standard server on an in-memory store seen through {@code wrap} (e.g. a store that
     * fails on demand); the standard clients are registered through the wrapper.
     */
    static TokenFixtures create(Consumer<AuthorizationServer.Builder> customize, Function<Storage, Storage> wrap) {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-15T08:00:00Z"));
        List<String> generated = Collections.synchronizedList(new ArrayList<>());
        TokenGenerator random = TokenGenerator.secureRandom();
        TokenGenerator recording = () -> {
            String value = random.newToken();
            generated.add(value);
            return value;
        };
        Storage storage = wrap.apply(InMemoryStorage.create(clock));
        AuthorizationServer.Builder builder = AuthorizationServer.builder()
                .issuer(ISSUER)
                .clock(clock)
                .storage(storage)
                .tokenGenerator(recording)
                .client(Client.legacyPublicClient(LEGACY).redirectUri(LEGACY_REDIRECT)
                        .scopes("profile", "email").build())
                .client(Client.publicClient(MOBILE).redirectUri(MOBILE_REDIRECT)
                        .scopes("profile", "email").defaultScopes("profile").build())
                .client(Client.confidential(PORTAL, SecretHash.of(PORTAL_SECRET)).redirectUri(PORTAL_REDIRECT)
                        .redirectUri(PORTAL_REDIRECT + "/second").scopes("profile", "email").build())
                .client(Client.confidential(OTHER, SecretHash.of(OTHER_SECRET)).redirectUri(OTHER_REDIRECT)
                        .scopes("profile", "email").build())
                .client(Client.confidential(SERVICE, SecretHash.of(SERVICE_SECRET))
                        .grantTypes(GrantType.CLIENT_CREDENTIALS)
                        .scopes("reports.read", "reports.write").defaultScopes("reports.read").build());
        customize.accept(builder);
        return new TokenFixtures(clock, builder.build(), storage, generated);
    }

    // ---------------------------------------------------------------- authorize step

    /** Runs the authorize step with these query parameters for {@link #SUBJECT}, approved, and returns the code. */
    String authorize(Map<String, String> query) {
        return authorize(query, new AuthenticatedUser(SUBJECT, clock.instant()));
    }

    /** Runs the authorize step with these query parameters for {@code user}, approved, and returns the code. */
    String authorize(Map<String, String> query, AuthenticatedUser user) {
        AuthorizeResult result = server.authorize(AuthorizeRequest.of(Params.singleValued(query), user)
                .withConsent(ConsentDecision.APPROVED));
        assertThat(result).as("authorize(%s)", query.keySet()).isInstanceOf(AuthorizeResult.Redirect.class);
        URI location = ((AuthorizeResult.Redirect) result).location();
        try {
            AuthorizationResponse response = AuthorizationResponse.parse(location);
            assertThat(response.indicatesSuccess()).as("authorize redirect %s", location).isTrue();
            return response.toSuccessResponse().getAuthorizationCode().getValue();
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new AssertionError("not an authorization response: " + location, e);
        }
    }

    /** The NU.ID document's authorize request for the legacy client. */
    String legacyCode() {
        return authorize(form("response_type", "code", "client_id", LEGACY, "redirect_uri", LEGACY_REDIRECT,
                "state", "af0ifjsldkj", "scope", "profile"));
    }

    /** A code for the PKCE public client, with its verifier. */
    PkceCode mobileCode() {
        CodeVerifier verifier = new CodeVerifier();
        String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue();
        String code = authorize(form("response_type", "code", "client_id", MOBILE, "redirect_uri", MOBILE_REDIRECT,
                "state", "xyz", "code_challenge", challenge, "code_challenge_method", "S256"));
        return new PkceCode(code, verifier.getValue());
    }

    /** A code for the confidential portal, without PKCE, redirect_uri named. */
    String portalCode() {
        return authorize(form("response_type", "code", "client_id", PORTAL, "redirect_uri", PORTAL_REDIRECT,
                "scope", "profile email"));
    }

    record PkceCode(String code, String verifier) {
    }

    // ---------------------------------------------------------------- endpoints

    EndpointResponse token(Map<String, String> form) {
        return server.token(EndpointRequest.of(form));
    }

    EndpointResponse token(Map<String, String> form, String authorization) {
        return server.token(EndpointRequest.of(form, authorization));
    }

    EndpointResponse refreshAccessToken(Map<String, String> form) {
        return server.refreshAccessToken(EndpointRequest.of(form));
    }

    EndpointResponse revoke(Map<String, String> form) {
        return server.revoke(EndpointRequest.of(form));
    }

    /** The documented token exchange for the legacy client. */
    Tokens legacyTokens() {
        EndpointResponse r = token(form("grant_type", "authorization_code", "code", legacyCode(),
                "redirect_uri", LEGACY_REDIRECT, "client_id", LEGACY));
        return tokens(r);
    }

    /** A PKCE exchange for the mobile client (rotating refresh tokens). */
    Tokens mobileTokens() {
        PkceCode c = mobileCode();
        return tokens(token(form("grant_type", "authorization_code", "code", c.code(),
                "redirect_uri", MOBILE_REDIRECT, "client_id", MOBILE, "code_verifier", c.verifier())));
    }

    /** A client_secret_basic exchange for the portal (kept refresh tokens). */
    Tokens portalTokens() {
        return tokens(token(form("grant_type", "authorization_code", "code", portalCode(),
                "redirect_uri", PORTAL_REDIRECT), basic(PORTAL, PORTAL_SECRET)));
    }

    /** An access token and refresh token (the latter may be null). */
    record Tokens(String access, String refresh) {
    }

    static Tokens tokens(EndpointResponse r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Map<String, Object> body = json(r);
        return new Tokens((String) body.get("access_token"), (String) body.get("refresh_token"));
    }

    // ---------------------------------------------------------------- Nimbus bridge

    /** The form and Authorization header Nimbus would send for this request. */
    static EndpointRequest request(TokenRequest request) {
        HTTPRequest http = request.toHTTPRequest();
        try {
            return new EndpointRequest(http.getBodyAsFormParameters(), http.getAuthorization());
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new AssertionError("Nimbus built an unreadable form", e);
        }
    }

    /** The engine's answer as an HTTP response Nimbus can parse. */
    static HTTPResponse http(EndpointResponse r) {
        HTTPResponse http = new HTTPResponse(r.status());
        r.headers().forEach(http::setHeader);
        http.setBody(r.body());
        return http;
    }

    /** Parsed by Nimbus as a successful token response (RFC 6749 §5.1). */
    static AccessTokenResponse nimbusSuccess(EndpointResponse r) {
        try {
            TokenResponse parsed = TokenResponse.parse(http(r));
            assertThat(parsed.indicatesSuccess()).as(r.body()).isTrue();
            return parsed.toSuccessResponse();
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new AssertionError("Nimbus cannot parse " + r, e);
        }
    }

    /** Parsed by Nimbus as an error response (RFC 6749 §5.2). */
    static TokenErrorResponse nimbusError(EndpointResponse r) {
        try {
            TokenResponse parsed = TokenResponse.parse(http(r));
            assertThat(parsed.indicatesSuccess()).as(r.body()).isFalse();
            return parsed.toErrorResponse();
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new AssertionError("Nimbus cannot parse " + r, e);
        }
    }

    // ---------------------------------------------------------------- small helpers

    /** An ordered single-valued form from name, value pairs. */
    static Map<String, String> form(String... namesAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }

    /** RFC 6749 §2.3.1: id and secret form-urlencoded, joined by a colon, then Base64 (RFC 7617). */
    static String basic(String clientId, String secret) {
        String pair = urlEncode(clientId) + ":" + urlEncode(secret);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static Map<String, Object> json(EndpointResponse r) {
        try {
            return JSONObjectUtils.parse(r.body());
        } catch (java.text.ParseException e) {
            throw new AssertionError("not a JSON object: " + r.body(), e);
        }
    }

    /** RFC 6749 §5.2: the status, the error code, a JSON body and no caching. */
    static void assertError(EndpointResponse r, int status, String error) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(json(r)).as(r.body()).containsEntry("error", error).containsKey("error_description");
        // RFC 6749 §5.2: error_description is %x20-21 / %x23-5B / %x5D-7E only (no '"', no '\\', ASCII).
        assertThat((String) json(r).get("error_description")).as("error_description charset")
                .matches("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]+");
        assertJsonNoStore(r);
        assertThat(nimbusError(r).getErrorObject().getCode()).isEqualTo(error);
    }

    /** RFC 6749 §5.1: JSON, UTF-8, never cached. */
    static void assertJsonNoStore(EndpointResponse r) {
        assertThat(r.headers())
                .containsEntry("Content-Type", "application/json;charset=UTF-8")
                .containsEntry("Cache-Control", "no-store")
                .containsEntry("Pragma", "no-cache");
    }

    /** Error responses never echo what the client sent: secrets, codes, tokens. */
    static void assertNotEchoed(EndpointResponse r, String... sent) {
        for (String value : sent) {
            assertThat(r.body()).doesNotContain(value);
            r.headers().values().forEach(h -> assertThat(h).doesNotContain(value));
        }
    }

    static boolean active(AuthorizationServer server, String accessToken) {
        return server.validateAccessToken(accessToken) instanceof AccessTokenValidation.Active;
    }

    /** Portal's client with a chosen refresh policy, for tests that need one. */
    static Client portalWith(RefreshPolicy policy) {
        return Client.confidential(PORTAL, SecretHash.of(PORTAL_SECRET)).redirectUri(PORTAL_REDIRECT)
                .redirectUri(PORTAL_REDIRECT + "/second").scopes("profile", "email").refreshPolicy(policy).build();
    }
}
