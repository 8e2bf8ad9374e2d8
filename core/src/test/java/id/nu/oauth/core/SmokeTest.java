package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import id.nu.oauth.client.Client;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmokeTest {

    @Test
    void publicClientPkceFlowParsesWithNimbus() throws Exception {
        AuthorizationServer server = AuthorizationServer.builder()
                .issuer(URI.create("https://nu.id/api"))
                .client(Client.publicClient("mobile-app").redirectUri("id.nu.app:/cb").scopes("profile").build())
                .build();
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationRequest authz = new AuthorizationRequest.Builder(new ResponseType("code"), new ClientID("mobile-app"))
                .redirectionURI(URI.create("id.nu.app:/cb")).state(new State("s 1")).scope(new Scope("profile"))
                .codeChallenge(verifier, CodeChallengeMethod.S256).build();
        Map<String, List<String>> query = authz.toParameters();
        AuthorizeResult r = server.authorize(AuthorizeRequest.of(query, new AuthenticatedUser("u1", Instant.now()))
                .withConsent(ConsentDecision.APPROVED));
        assertThat(r).isInstanceOf(AuthorizeResult.Redirect.class);
        AuthorizationResponse resp = AuthorizationResponse.parse(((AuthorizeResult.Redirect) r).location());
        assertThat(resp.indicatesSuccess()).isTrue();
        assertThat(resp.getState().getValue()).isEqualTo("s 1");
        AuthorizationCode code = resp.toSuccessResponse().getAuthorizationCode();

        TokenRequest tr = new TokenRequest(URI.create("https://nu.id/api/oauth/token"), new ClientID("mobile-app"),
                new AuthorizationCodeGrant(code, URI.create("id.nu.app:/cb"), verifier));
        EndpointResponse t = server.token(new EndpointRequest(tr.toHTTPRequest().getBodyAsFormParameters(), null));
        HTTPResponse http = new HTTPResponse(t.status());
        http.setContentType(t.headers().get("Content-Type"));
        http.setBody(t.body());
        TokenResponse parsed = TokenResponse.parse(http);
        assertThat(parsed.indicatesSuccess()).as(t.body()).isTrue();
        AccessTokenResponse ok = parsed.toSuccessResponse();
        assertThat(ok.getTokens().getRefreshToken()).isNotNull();
        assertThat(server.validateAccessToken(ok.getTokens().getAccessToken().getValue()))
                .isInstanceOf(AccessTokenValidation.Active.class);
    }
}
