package id.nu.oauth.servlet;

import static id.nu.oauth.servlet.Browser.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.client.ClientDeleteRequest;
import com.nimbusds.oauth2.sdk.client.ClientReadRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.client.ClientUpdateRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientInformation;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientInformationResponse;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientMetadata;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientRegistrationRequest;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientRegistrationResponseParser;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Dynamic client registration (RFC 7591) and its management protocol (RFC 7592) over HTTP, with
 * Nimbus building the requests and parsing the answers: the adapter copies the JSON bodies, the PUT
 * and the DELETE as they are; every refusal is a clear 4xx.
 */
abstract class RegistrationHttpContract extends ContainerTestBase {

    private static final URI REGISTER = URI.create("https://nu.id/api/oauth/register");
    private static final String REDIRECT = "com.example.dcr:/cb";

    RegistrationHttpContract(TestContainer.Kind kind, String contextPath) {
        super(kind, contextPath);
    }

    /** Sends what Nimbus built to the container, at the same path under the issuer. */
    private HttpResponse<String> send(HTTPRequest http) {
        String path = http.getURL().getPath(); // "/api/oauth/register[/id]", the issuer's path first
        HttpRequest.Builder b = HttpRequest.newBuilder(browser().app(path));
        String body = http.getBody();
        b.method(http.getMethod().name(), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        http.getHeaderMap().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        return browser().send(b);
    }

    private static OIDCClientInformation information(HttpResponse<String> r) {
        HTTPResponse http = new HTTPResponse(r.statusCode());
        try {
            if (r.headers().firstValue("Content-Type").isPresent()) {
                http.setContentType(r.headers().firstValue("Content-Type").get());
            }
            http.setBody(r.body());
            ClientRegistrationResponse parsed = OIDCClientRegistrationResponseParser.parse(http);
            assertThat(parsed.indicatesSuccess()).as(r.body()).isTrue();
            return ((OIDCClientInformationResponse) parsed).getOIDCClientInformation();
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new AssertionError("Nimbus cannot parse " + r.body(), e);
        }
    }

    private static OIDCClientMetadata app() {
        OIDCClientMetadata m = new OIDCClientMetadata();
        m.setRedirectionURI(URI.create(REDIRECT));
        m.setTokenEndpointAuthMethod(ClientAuthenticationMethod.NONE);
        m.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
        m.setScope(new Scope("openid", "profile"));
        m.setName("Registered <App>");
        return m;
    }

    private HttpResponse<String> register(OIDCClientMetadata m, String initialToken) {
        return send(new OIDCClientRegistrationRequest(REGISTER, m,
                initialToken == null ? null : new BearerAccessToken(initialToken)).toHTTPRequest());
    }

    @Test
    void aRegisteredClientCompletesTheCodeFlowInABrowser() { // RFC 7591 §3.2.1, RFC 7636
        HttpResponse<String> r = register(app(), TestPortal.REGISTRATION_TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertNoStore(r);
        OIDCClientInformation info = information(r);
        String clientId = info.getID().getValue();

        Browser b = loggedIn();
        CodeVerifier verifier = new CodeVerifier();
        URI back = authorizeApproved(b, "response_type", "code", "client_id", clientId, "redirect_uri", REDIRECT,
                "state", "s", "scope", "openid profile", "code_challenge",
                CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(), "code_challenge_method", "S256");
        HttpResponse<String> tokens = b.postForm("/api/oauth/token", form("grant_type", "authorization_code",
                "code", Browser.query(back).get("code"), "redirect_uri", REDIRECT, "client_id", clientId,
                "code_verifier", verifier.getValue()));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(json(tokens)).containsKeys("access_token", "id_token");
    }

    @Test
    void withoutOrWithAWrongInitialTokenRegistrationIs401() { // RFC 7591 §3, RFC 6750 §3.1
        HttpResponse<String> none = register(app(), null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer")
                .doesNotContain("error=");
        HttpResponse<String> wrong = register(app(), "w".repeat(43));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_token\"");
    }

    @Test
    void invalidMetadataAndBodiesGetClear4xx() { // RFC 7591 §3.2.2
        String bearer = "Bearer " + TestPortal.REGISTRATION_TOKEN;
        HttpResponse<String> js = browser().post("/api/oauth/register", "application/json",
                "{\"redirect_uris\":[\"javascript:alert(1)\"]}", "Authorization", bearer);
        assertError(js, 400, "invalid_redirect_uri");
        HttpResponse<String> ssrf = browser().post("/api/oauth/register", "application/json",
                "{\"redirect_uris\":[\"https://a.example.org/cb\"],\"jwks_uri\":\"https://169.254.169.254/x\"}",
                "Authorization", bearer);
        assertError(ssrf, 400, "invalid_client_metadata");
        HttpResponse<String> statement = browser().post("/api/oauth/register", "application/json",
                "{\"redirect_uris\":[\"https://a.example.org/cb\"],\"software_statement\":\"a.b.c\"}",
                "Authorization", bearer);
        assertError(statement, 400, "invalid_software_statement");
        HttpResponse<String> notJson = browser().post("/api/oauth/register", "application/json", "{oops",
                "Authorization", bearer);
        assertError(notJson, 400, "invalid_client_metadata");
        HttpResponse<String> formBody = browser().post("/api/oauth/register", "application/x-www-form-urlencoded",
                "redirect_uris=x", "Authorization", bearer);
        assertThat(formBody.statusCode()).isEqualTo(415);
        HttpResponse<String> big = browser().post("/api/oauth/register", "application/json",
                "{\"x\":\"" + "a".repeat(TestPortal.MAX_BODY) + "\"}", "Authorization", bearer);
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(browser().get("/api/oauth/register").statusCode()).isEqualTo(405);
    }

    @Test
    void readUpdateAndDeleteOverHttp() { // RFC 7592 §2.1, §2.2, §2.3
        OIDCClientInformation info = information(register(app(), TestPortal.REGISTRATION_TOKEN));
        BearerAccessToken first = info.getRegistrationAccessToken();

        HttpResponse<String> read = send(new ClientReadRequest(info.getRegistrationURI(), first).toHTTPRequest());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(information(read).getOIDCMetadata().getName()).isEqualTo("Registered <App>");
        // RFC 7592 §3: the read's answer carries the next registration access token
        BearerAccessToken afterRead = information(read).getRegistrationAccessToken();
        assertThat(afterRead).isNotEqualTo(first);

        OIDCClientMetadata changed = app();
        changed.setName("Renamed");
        HttpResponse<String> put = send(new ClientUpdateRequest(info.getRegistrationURI(), info.getID(), afterRead,
                changed, null).toHTTPRequest());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        BearerAccessToken second = information(put).getRegistrationAccessToken();
        assertThat(second).isNotEqualTo(afterRead);
        assertThat(send(new ClientReadRequest(info.getRegistrationURI(), afterRead).toHTTPRequest()).statusCode())
                .isEqualTo(401);

        HttpResponse<String> deleted = send(new ClientDeleteRequest(info.getRegistrationURI(), second).toHTTPRequest());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(portal.server.clientManagement().find(info.getID().getValue())).isEmpty();
        HttpResponse<String> after = send(new ClientReadRequest(info.getRegistrationURI(), second).toHTTPRequest());
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_token\"");
    }

    @Test
    void theMetadataNamesTheRegistrationEndpoint() { // RFC 8414 §2
        HttpResponse<String> r = browser().get("/api/.well-known/oauth-authorization-server");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).containsEntry("registration_endpoint", REGISTER.toString());
    }
}
