package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.contract.MutableClock;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shared set-up for the authorize tests: a server with one client of each kind on a movable clock
 * (the storage-spi test-jar's {@link MutableClock}), request builders and response parsers (Nimbus is
 * the independent reading of every redirect).
 */
final class AuthorizeFixtures {

    static final URI ISSUER = URI.create("https://nu.id/api");
    static final String CONFIDENTIAL_SECRET = SecretHash.generateSecret();

    /** A public client with PKCE S256 required and one custom-scheme redirect URI. */
    static final String MOBILE = "mobile-app";
    static final String MOBILE_CB = "id.nu.app:/cb";

    /** A public native app on loopback (RFC 8252). */
    static final String NATIVE = "native-app";
    static final String NATIVE_V4 = "http://127.0.0.1/cb";
    static final String NATIVE_V6 = "http://[::1]/cb";
    static final String NATIVE_LOCALHOST = "http://localhost:8080/cb";

    /** The documented NU.ID flow: no secret, no PKCE. */
    static final String LEGACY = "legacy-app";
    static final String LEGACY_CB = "https://old.example.or.id/cb";

    /** A confidential third-party client with two redirect URIs, one with a query. */
    static final String PORTAL = "portal";
    static final String PORTAL_CB = "https://portal.example.or.id/callback";
    static final String PORTAL_CB_QUERY = "https://portal.example.or.id/return?tenant=nu&lang=id";

    /** A confidential first-party client: no consent page. */
    static final String FIRST = "first-party";
    static final String FIRST_CB = "https://www.nu.id/cb";

    /** A public client allowed the plain PKCE method. */
    static final String PLAIN = "plain-app";
    static final String PLAIN_CB = "https://plain.example.or.id/cb";

    /** A confidential client that must send PKCE anyway. */
    static final String STRICT = "strict-portal";
    static final String STRICT_CB = "https://strict.example.or.id/cb";

    /** A confidential client that may not use the code flow. */
    static final String MACHINE = "machine";
    static final String MACHINE_CB = "https://machine.example.or.id/cb";

    static final AuthenticatedUser ALICE = new AuthenticatedUser("alice", Instant.parse("2025-01-01T00:00:00Z"));
    static final AuthenticatedUser BOB = new AuthenticatedUser("bob", Instant.parse("2025-01-01T00:00:00Z"));

    private AuthorizeFixtures() {
    }

    static List<Client> clients() {
        SecretHash secret = SecretHash.of(CONFIDENTIAL_SECRET);
        return List.of(
                Client.publicClient(MOBILE).name("NU Mobile").redirectUri(MOBILE_CB)
                        .scopes("profile", "email").defaultScopes("profile").build(),
                Client.publicClient(NATIVE).redirectUri(NATIVE_V4).redirectUri(NATIVE_V6)
                        .redirectUri(NATIVE_LOCALHOST).scopes("profile").build(),
                Client.legacyPublicClient(LEGACY).name("Old App").redirectUri(LEGACY_CB).scopes("profile").build(),
                Client.confidential(PORTAL, secret).name("Portal").redirectUri(PORTAL_CB).redirectUri(PORTAL_CB_QUERY)
                        .scopes("openid", "profile", "email").defaultScopes("openid").build(),
                Client.confidential(FIRST, secret).redirectUri(FIRST_CB).scopes("profile").firstParty(true).build(),
                Client.publicClient(PLAIN).redirectUri(PLAIN_CB).scopes("profile").allowPlainPkce(true).build(),
                Client.confidential(STRICT, secret).redirectUri(STRICT_CB).scopes("profile").requirePkce(true).build(),
                Client.confidential(MACHINE, secret).redirectUri(MACHINE_CB).scopes("profile")
                        .grantTypes(GrantType.CLIENT_CREDENTIALS).build());
    }

    static AuthorizationServer server() {
        return server(new MutableClock(Instant.parse("2025-06-01T08:00:00Z")));
    }

    static AuthorizationServer server(Clock clock) {
        AuthorizationServer.Builder builder = AuthorizationServer.builder().issuer(ISSUER).clock(clock);
        clients().forEach(builder::client);
        return builder.build();
    }

    static AuthorizationServer server(Storage storage) {
        AuthorizationServer.Builder builder = AuthorizationServer.builder().issuer(ISSUER).storage(storage);
        clients().forEach(builder::client);
        return builder.build();
    }

    /** A Nimbus-built {@code response_type=code} request for this client. */
    static AuthorizationRequest.Builder nimbus(String clientId) {
        return new AuthorizationRequest.Builder(new ResponseType("code"), new ClientID(clientId));
    }

    /** A Nimbus-built request with a fresh S256 challenge, for clients that need PKCE. */
    static AuthorizationRequest.Builder nimbusPkce(String clientId, String redirectUri, String state) {
        return nimbus(clientId).redirectionURI(URI.create(redirectUri))
                .state(new State(state))
                .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256);
    }

    /** The parameters of a Nimbus request, as the host hands them over. */
    static Map<String, List<String>> params(AuthorizationRequest request) {
        return new LinkedHashMap<>(request.toParameters());
    }

    /** Parameters written by hand, each name once: {@code "client_id", "x", "state", "y"}. */
    static Map<String, List<String>> params(String... namesAndValues) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.computeIfAbsent(namesAndValues[i], k -> new ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return map;
    }

    /** A copy of the parameters with one more value for {@code name}. */
    static Map<String, List<String>> plus(Map<String, List<String>> params, String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        params.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
        copy.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return copy;
    }

    /** A copy of the parameters with {@code name} set to exactly this value. */
    static Map<String, List<String>> with(Map<String, List<String>> params, String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>(params);
        copy.put(name, List.of(value));
        return copy;
    }

    /** A copy of the parameters without {@code name}. */
    static Map<String, List<String>> without(Map<String, List<String>> params, String name) {
        Map<String, List<String>> copy = new LinkedHashMap<>(params);
        copy.remove(name);
        return copy;
    }

    static AuthorizeResult authorize(AuthorizationServer server, Map<String, List<String>> params,
            AuthenticatedUser user) {
        return server.authorize(AuthorizeRequest.of(params, user));
    }

    static AuthorizeResult.Redirect asRedirect(AuthorizeResult result) {
        assertThat(result).isInstanceOf(AuthorizeResult.Redirect.class);
        return (AuthorizeResult.Redirect) result;
    }

    static AuthorizeResult.ErrorPage asErrorPage(AuthorizeResult result) {
        assertThat(result).isInstanceOf(AuthorizeResult.ErrorPage.class);
        return (AuthorizeResult.ErrorPage) result;
    }

    /** The redirect as a Nimbus success response (code, state, iss), failing otherwise. */
    static AuthorizationSuccessResponse success(AuthorizeResult result) {
        URI location = asRedirect(result).location();
        AuthorizationResponse parsed = parse(location);
        assertThat(parsed.indicatesSuccess()).as("expected a code in %s", location).isTrue();
        AuthorizationSuccessResponse ok = parsed.toSuccessResponse();
        assertThat(ok.getAuthorizationCode()).isNotNull();
        assertThat(ok.getIssuer()).as("iss, RFC 9207 §2").isNotNull();
        assertThat(ok.getIssuer().getValue()).isEqualTo(ISSUER.toString());
        return ok;
    }

    /**
     * The redirect as a Nimbus error response (RFC 6749 §4.1.2.1), failing otherwise; checks the
     * code and that the description stays within the characters §4.1.2.1 allows.
     */
    static AuthorizationErrorResponse error(AuthorizeResult result, String expectedCode) {
        URI location = asRedirect(result).location();
        AuthorizationResponse parsed = parse(location);
        assertThat(parsed.indicatesSuccess()).as("expected an error in %s", location).isFalse();
        AuthorizationErrorResponse err = parsed.toErrorResponse();
        assertThat(err.getErrorObject().getCode()).as(location.toString()).isEqualTo(expectedCode);
        assertThat(err.getIssuer()).as("iss, RFC 9207 §2").isNotNull();
        assertThat(err.getIssuer().getValue()).isEqualTo(ISSUER.toString());
        String description = rawParameter(location, "error_description");
        assertThat(description).isNotNull();
        assertLegalErrorDescription(URLDecoder.decode(description, StandardCharsets.UTF_8));
        assertThat(rawParameter(location, "code")).as("no code with an error").isNull();
        return err;
    }

    /** RFC 6749 §4.1.2.1 / §5.2: error_description is %x20-21 / %x23-5B / %x5D-7E. */
    static void assertLegalErrorDescription(String description) {
        for (int i = 0; i < description.length(); i++) {
            char c = description.charAt(i);
            boolean legal = c >= 0x20 && c <= 0x7E && c != '"' && c != '\\';
            assertThat(legal).as("illegal character U+%04X in error_description \"%s\"", (int) c, description)
                    .isTrue();
        }
    }

    static AuthorizationResponse parse(URI location) {
        try {
            return AuthorizationResponse.parse(location);
        } catch (ParseException e) {
            throw new AssertionError("Nimbus cannot parse " + location + ": " + e.getMessage(), e);
        }
    }

    /** The raw (still encoded) value of a query parameter, or null; fails if it occurs twice. */
    static String rawParameter(URI location, String name) {
        String query = location.getRawQuery();
        if (query == null) {
            return null;
        }
        String found = null;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                assertThat(found).as("%s occurs twice in %s", name, location).isNull();
                found = eq < 0 ? "" : pair.substring(eq + 1);
            }
        }
        return found;
    }

    /** Whether the client authenticates with a secret at the token endpoint. */
    static boolean confidential(String clientId) {
        return List.of(PORTAL, FIRST, STRICT, MACHINE).contains(clientId);
    }

    /**
     * Redeems a code at the token endpoint as a Nimbus client would (RFC 6749 §4.1.3):
     * client_secret_basic for confidential clients, client_id in the form for public ones.
     */
    static TokenResponse redeem(AuthorizationServer server, String clientId,
            AuthorizationSuccessResponse response, String redirectUri, CodeVerifier verifier) {
        URI tokenEndpoint = URI.create(ISSUER + "/oauth/token");
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(
                response.getAuthorizationCode(), redirectUri == null ? null : URI.create(redirectUri), verifier);
        TokenRequest request = confidential(clientId)
                ? new TokenRequest(tokenEndpoint,
                        new ClientSecretBasic(new ClientID(clientId),
                                new Secret(CONFIDENTIAL_SECRET)), grant)
                : new TokenRequest(tokenEndpoint, new ClientID(clientId), grant);
        HTTPRequest http = request.toHTTPRequest();
        try {
            EndpointResponse answer = server.token(new EndpointRequest(http.getBodyAsFormParameters(),
                    http.getAuthorization()));
            HTTPResponse httpResponse = new HTTPResponse(answer.status());
            httpResponse.setContentType(answer.headers().get("Content-Type"));
            httpResponse.setBody(answer.body());
            return TokenResponse.parse(httpResponse);
        } catch (ParseException e) {
            throw new AssertionError("Nimbus cannot build or parse the token exchange", e);
        }
    }
}
