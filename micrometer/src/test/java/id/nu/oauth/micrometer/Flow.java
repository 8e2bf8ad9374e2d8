package id.nu.oauth.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.AuthorizeRequest;
import id.nu.oauth.core.AuthorizeResult;
import id.nu.oauth.core.ConsentDecision;
import id.nu.oauth.core.EndpointRequest;
import id.nu.oauth.core.EndpointResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A full flow over the engine's public API, with every credential it handles remembered: codes,
 * access and refresh tokens, the PKCE verifier, client secrets and a wrong password-like secret.
 * Nimbus builds the PKCE pair and reads the responses.
 */
final class Flow {

    static final String MOBILE = "mobile-app";
    static final String MOBILE_REDIRECT = "id.nu.app:/cb";
    static final String PORTAL = "portal";
    static final String PORTAL_SECRET = SecretHash.generateSecret();
    static final String PORTAL_REDIRECT = "https://portal.example.or.id/cb";
    /** What a user might type as a password into the wrong field: sent as a client secret. */
    static final String PASSWORD = "correct-horse-battery-staple-7f3a";
    static final String SUBJECT = "user-42";

    final AuthorizationServer server;
    /** Every credential the flow saw. */
    final List<String> secrets = new ArrayList<>();

    Flow(Consumer<AuthorizationServer.Builder> customize) {
        AuthorizationServer.Builder b = AuthorizationServer.builder()
                .issuer(URI.create("https://nu.id/api"))
                .client(Client.publicClient(MOBILE).redirectUri(MOBILE_REDIRECT).scopes("profile").build())
                .client(Client.confidential(PORTAL, SecretHash.of(PORTAL_SECRET)).redirectUri(PORTAL_REDIRECT)
                        .scopes("profile").build());
        customize.accept(b);
        server = b.build();
        secrets.add(PORTAL_SECRET);
        secrets.add(PASSWORD);
    }

    /** Code, refresh (rotation), reuse, a replayed code, failed client authentication, introspection, revocation. */
    void run() {
        CodeVerifier verifier = new CodeVerifier();
        secrets.add(verifier.getValue());
        String code = code(MOBILE, MOBILE_REDIRECT, Map.of("code_challenge",
                CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(), "code_challenge_method", "S256"));
        Map<String, String> exchange = form("grant_type", "authorization_code", "code", code,
                "redirect_uri", MOBILE_REDIRECT, "client_id", MOBILE, "code_verifier", verifier.getValue());
        AccessTokenResponse first = tokens(server.token(EndpointRequest.of(exchange)));
        String refresh = first.getTokens().getRefreshToken().getValue();
        AccessTokenResponse second = tokens(server.token(EndpointRequest.of(form("grant_type", "refresh_token",
                "refresh_token", refresh, "client_id", MOBILE))));
        // reuse of the rotated refresh token (RFC 9700 §4.14.2) and a replayed code (RFC 6749 §4.1.2)
        assertThat(server.token(EndpointRequest.of(form("grant_type", "refresh_token", "refresh_token", refresh,
                "client_id", MOBILE))).status()).isEqualTo(400);
        assertThat(server.token(EndpointRequest.of(exchange)).status()).isEqualTo(400);

        String portalCode = code(PORTAL, PORTAL_REDIRECT, Map.of());
        AccessTokenResponse portal = tokens(server.token(EndpointRequest.of(form("grant_type", "authorization_code",
                "code", portalCode, "redirect_uri", PORTAL_REDIRECT), basic(PORTAL, PORTAL_SECRET))));
        // failed client authentication: a wrong secret, and an unknown client carrying a secret in its id
        assertThat(server.token(EndpointRequest.of(form("grant_type", "authorization_code", "code", portalCode,
                "redirect_uri", PORTAL_REDIRECT), basic(PORTAL, PASSWORD))).status()).isEqualTo(401);
        assertThat(server.token(EndpointRequest.of(form("grant_type", "client_credentials",
                "client_id", "x" + PASSWORD, "client_secret", PASSWORD))).status()).isEqualTo(401);
        assertThat(server.introspect(EndpointRequest.of(form("token", portal.getTokens().getAccessToken().getValue()),
                basic(PORTAL, PORTAL_SECRET))).status()).isEqualTo(200);
        assertThat(server.revoke(EndpointRequest.of(form("token", portal.getTokens().getAccessToken().getValue()),
                basic(PORTAL, PORTAL_SECRET))).status()).isEqualTo(200);
        assertThat(server.revoke(EndpointRequest.of(form("token", portal.getTokens().getRefreshToken().getValue()),
                basic(PORTAL, PORTAL_SECRET))).status()).isEqualTo(200);
        for (AccessTokenResponse r : List.of(first, second, portal)) {
            secrets.add(r.getTokens().getAccessToken().getValue());
            secrets.add(r.getTokens().getRefreshToken().getValue());
        }
    }

    private String code(String clientId, String redirectUri, Map<String, String> extra) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("response_type", List.of("code"));
        query.put("client_id", List.of(clientId));
        query.put("redirect_uri", List.of(redirectUri));
        query.put("state", List.of("st"));
        extra.forEach((k, v) -> query.put(k, List.of(v)));
        AuthorizeResult r = server.authorize(AuthorizeRequest.of(query, new AuthenticatedUser(SUBJECT, Instant.now()))
                .withConsent(ConsentDecision.APPROVED));
        assertThat(r).isInstanceOf(AuthorizeResult.Redirect.class);
        try {
            String code = AuthorizationResponse.parse(((AuthorizeResult.Redirect) r).location()).toSuccessResponse()
                    .getAuthorizationCode().getValue();
            secrets.add(code);
            return code;
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new AssertionError(e);
        }
    }

    private static AccessTokenResponse tokens(EndpointResponse r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        HTTPResponse http = new HTTPResponse(r.status());
        http.setHeader("Content-Type", r.header("Content-Type"));
        http.setBody(r.body());
        try {
            return AccessTokenResponse.parse(http);
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new AssertionError(r.body(), e);
        }
    }

    static Map<String, String> form(String... namesAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((enc(id) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
