package id.nu.oauth.storage.jdbc;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.AuthorizeRequest;
import id.nu.oauth.core.AuthorizeResult;
import id.nu.oauth.core.ConsentDecision;
import id.nu.oauth.core.EndpointRequest;
import id.nu.oauth.core.EndpointResponse;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.RefreshPolicy;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A public client's side of the flows, built and parsed with Nimbus (an independent implementation
 * of RFC 6749 / 7636 / 7009), against an {@link AuthorizationServer} called in-process.
 */
final class Flows {

    static final String CLIENT_ID = "mobile-app";
    static final URI REDIRECT = URI.create("id.nu.app:/cb");
    static final URI TOKEN_ENDPOINT = URI.create("https://portal.example.or.id/api/oauth/token");
    static final URI REVOKE_ENDPOINT = URI.create("https://portal.example.or.id/api/oauth/revoke");

    private Flows() {
    }

    /** The public client every test registers: PKCE S256, rotating refresh tokens. */
    static Client mobileApp() {
        return Client.publicClient(CLIENT_ID).name("NU Mobile").redirectUri(REDIRECT.toString())
                .scopes("openid", "profile").refreshPolicy(RefreshPolicy.ROTATE).build();
    }

    /** A code and the PKCE verifier that redeems it. */
    record IssuedCode(String code, CodeVerifier verifier) {
    }

    /** RFC 6749 §4.1.1-4.1.2: the user (already logged in, consenting) authorizes; the code comes back. */
    static IssuedCode authorize(AuthorizationServer server, String subject) throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationRequest request = new AuthorizationRequest.Builder(new ResponseType("code"),
                new ClientID(CLIENT_ID))
                .redirectionURI(REDIRECT).state(new State()).scope(new Scope("openid", "profile"))
                .codeChallenge(verifier, CodeChallengeMethod.S256).build();
        AuthorizeResult result = server.authorize(AuthorizeRequest.of(request.toParameters(),
                new AuthenticatedUser(subject, Instant.now())).withConsent(ConsentDecision.APPROVED));
        if (!(result instanceof AuthorizeResult.Redirect redirect)) {
            throw new AssertionError("expected a redirect, got " + result);
        }
        AuthorizationResponse response = AuthorizationResponse.parse(redirect.location());
        return new IssuedCode(response.toSuccessResponse().getAuthorizationCode().getValue(), verifier);
    }

    /** RFC 6749 §4.1.3: redeems the code. */
    static EndpointResponse exchange(AuthorizationServer server, IssuedCode code) {
        TokenRequest request = new TokenRequest.Builder(TOKEN_ENDPOINT, new ClientID(CLIENT_ID),
                new AuthorizationCodeGrant(new AuthorizationCode(code.code()), REDIRECT, code.verifier())).build();
        return server.token(form(request.toHTTPRequest()));
    }

    /** RFC 6749 §6 on the NU.ID refresh endpoint. */
    static EndpointResponse refresh(AuthorizationServer server, String refreshToken) {
        TokenRequest request = new TokenRequest.Builder(TOKEN_ENDPOINT, new ClientID(CLIENT_ID),
                new RefreshTokenGrant(new RefreshToken(refreshToken))).build();
        return server.refreshAccessToken(form(request.toHTTPRequest()));
    }

    /** RFC 7009 §2.1, as the public client. */
    static EndpointResponse revoke(AuthorizationServer server, Token token) {
        TokenRevocationRequest request = new TokenRevocationRequest(REVOKE_ENDPOINT, new ClientID(CLIENT_ID), token);
        return server.revoke(form(request.toHTTPRequest()));
    }

    /** The successful token response, parsed by Nimbus; fails the test otherwise. */
    static AccessTokenResponse tokens(EndpointResponse response) throws Exception {
        TokenResponse parsed = TokenResponse.parse(http(response));
        if (!parsed.indicatesSuccess()) {
            throw new AssertionError("token request failed: " + response.status() + " " + response.body());
        }
        return parsed.toSuccessResponse();
    }

    /** The OAuth error code of a failed token response, or {@code null} if it succeeded. */
    static String error(EndpointResponse response) throws Exception {
        TokenResponse parsed = TokenResponse.parse(http(response));
        return parsed.indicatesSuccess() ? null : parsed.toErrorResponse().getErrorObject().getCode();
    }

    private static HTTPResponse http(EndpointResponse response) {
        HTTPResponse http = new HTTPResponse(response.status());
        String type = response.headers().get("Content-Type");
        if (type != null) {
            try {
                http.setContentType(type);
            } catch (com.nimbusds.oauth2.sdk.ParseException e) {
                throw new AssertionError(e);
            }
        }
        http.setBody(response.body());
        return http;
    }

    private static EndpointRequest form(HTTPRequest http) {
        Map<String, List<String>> parameters;
        try {
            parameters = http.getBodyAsFormParameters();
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new AssertionError(e);
        }
        return new EndpointRequest(parameters, http.getAuthorization());
    }
}
