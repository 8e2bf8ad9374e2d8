package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.ISSUER;
import static id.nu.oauth.core.TokenFixtures.SUBJECT;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.basic;
import static id.nu.oauth.core.TokenFixtures.form;
import static id.nu.oauth.core.TokenFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.client.ClientDeleteRequest;
import com.nimbusds.oauth2.sdk.client.ClientReadRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationErrorResponse;
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
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientAuthMethod;
import id.nu.oauth.client.CertificateSubject;
import id.nu.oauth.client.ClientType;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.storage.Registration;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dynamic client registration (RFC 7591) and its management protocol (RFC 7592) over the public API,
 * with Nimbus building the requests and parsing the answers as an independent implementation.
 */
class DynamicRegistrationTest {

    static final String INITIAL = SecretHash.generateSecret();
    static final URI REGISTER = URI.create(ISSUER + Endpoints.REGISTRATION);

    private final List<OAuthEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final TokenFixtures f = TokenFixtures.create(b -> b
            .dynamicRegistration(DynamicRegistration.initialAccessTokens(INITIAL).scopes("openid", "profile", "email"))
            .eventListener(events::add));

    // ---------------------------------------------------------------- the Nimbus bridge

    /** The engine's request for what Nimbus would send. */
    static EndpointRequest endpointRequest(HTTPRequest http) {
        String path = http.getURL().getPath().substring(ISSUER.getPath().length());
        EndpointRequest.Builder b = EndpointRequest.builder(http.getMethod().name(), path);
        http.getHeaderMap().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        if (http.getBody() != null) {
            b.body(http.getBody().getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    static HTTPResponse httpResponse(EndpointResponse r) {
        HTTPResponse http = new HTTPResponse(r.status());
        r.headers().forEach(http::setHeader);
        if (!r.body().isEmpty()) {
            http.setBody(r.body());
        }
        return http;
    }

    EndpointResponse send(HTTPRequest http) {
        return f.server.handle(endpointRequest(http));
    }

    static OIDCClientMetadata publicApp() {
        OIDCClientMetadata m = new OIDCClientMetadata();
        m.setRedirectionURI(URI.create("com.example.app:/cb"));
        m.setTokenEndpointAuthMethod(ClientAuthenticationMethod.NONE);
        m.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
        m.setScope(new Scope("openid", "profile"));
        m.setName("Example App");
        return m;
    }

    static OIDCClientMetadata webApp() {
        OIDCClientMetadata m = new OIDCClientMetadata();
        m.setRedirectionURI(URI.create("https://app.example.org/cb"));
        m.setTokenEndpointAuthMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        m.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.CLIENT_CREDENTIALS));
        m.setScope(new Scope("profile"));
        m.setURI(URI.create("https://app.example.org/"));
        m.setEmailContacts(List.of("ops@example.org"));
        return m;
    }

    EndpointResponse register(OIDCClientMetadata m) {
        return send(new OIDCClientRegistrationRequest(REGISTER, m, new BearerAccessToken(INITIAL)).toHTTPRequest());
    }

    static OIDCClientInformation information(EndpointResponse r) {
        try {
            ClientRegistrationResponse parsed = OIDCClientRegistrationResponseParser.parse(httpResponse(r));
            assertThat(parsed.indicatesSuccess()).as(r.body()).isTrue();
            return ((OIDCClientInformationResponse) parsed).getOIDCClientInformation();
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new AssertionError("Nimbus cannot parse " + r.body(), e);
        }
    }

    OIDCClientInformation registered(OIDCClientMetadata m) {
        EndpointResponse r = register(m);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return information(r);
    }

    EndpointResponse raw(String method, String path, String authorization, String contentType, String body) {
        EndpointRequest.Builder b = EndpointRequest.builder(method, path);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (body != null) {
            b.body(body.getBytes(StandardCharsets.UTF_8));
        }
        return f.server.handle(b.build());
    }

    EndpointResponse registerJson(String json) {
        return raw("POST", Endpoints.REGISTRATION, "Bearer " + INITIAL, "application/json", json);
    }

    // ---------------------------------------------------------------- off by default, metadata

    @Test
    void registrationIsOffByDefaultAndNotAdvertised() { // RFC 8414 §2: registration_endpoint only when offered
        TokenFixtures plain = TokenFixtures.create();
        EndpointResponse r = plain.server.handle(EndpointRequest.builder("POST", Endpoints.REGISTRATION)
                .header("Authorization", "Bearer " + INITIAL).header("Content-Type", "application/json")
                .body("{}".getBytes(StandardCharsets.UTF_8)).build());
        assertThat(r.status()).isEqualTo(404);
        assertThat(plain.server.handle(EndpointRequest.builder("GET", Endpoints.REGISTRATION + "/x").build()).status())
                .isEqualTo(404);
        assertThat(plain.server.authorizationServerMetadata()).doesNotContain("registration_endpoint");
        assertThat(plain.server.openIdConfiguration()).doesNotContain("registration_endpoint");
    }

    @Test
    void metadataNamesTheRegistrationEndpointWhenEnabled() throws Exception { // RFC 8414 §2, OIDC Discovery §3
        var as = com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata.parse(f.server.authorizationServerMetadata());
        var op = com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata.parse(f.server.openIdConfiguration());
        assertThat(as.getRegistrationEndpointURI()).isEqualTo(REGISTER);
        assertThat(op.getRegistrationEndpointURI()).isEqualTo(REGISTER);
    }

    @Test
    void theBuilderRefusesWeakInitialTokens() {
        assertThatThrownBy(() -> DynamicRegistration.initialAccessTokens()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DynamicRegistration.initialAccessTokens("short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DynamicRegistration.initialAccessTokens("x".repeat(40) + " y"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(DynamicRegistration.initialAccessTokens(INITIAL).toString()).doesNotContain(INITIAL);
    }

    // ---------------------------------------------------------------- registration (RFC 7591 §3)

    @Test
    void aPublicClientRegistersAndCompletesACodeFlowWithPkce() { // RFC 7591 §3.2.1, RFC 7636
        EndpointResponse r = register(publicApp());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.headers()).containsEntry("Cache-Control", "no-store").containsEntry("Pragma", "no-cache");
        OIDCClientInformation info = information(r);
        String clientId = info.getID().getValue();
        assertThat(info.getSecret()).isNull();
        assertThat(info.getRegistrationAccessToken()).isNotNull();
        assertThat(info.getRegistrationURI()).isEqualTo(URI.create(REGISTER + "/" + clientId));
        assertThat(info.getIDIssueDate()).isNotNull();
        assertThat(info.getOIDCMetadata().getTokenEndpointAuthMethod()).isEqualTo(ClientAuthenticationMethod.NONE);
        assertThat(info.getOIDCMetadata().getRedirectionURIs()).containsExactly(URI.create("com.example.app:/cb"));
        assertThat(info.getOIDCMetadata().getScope()).isEqualTo(new Scope("openid", "profile"));
        assertThat(info.getOIDCMetadata().getName()).isEqualTo("Example App");

        Client client = f.server.clientManagement().find(clientId).orElseThrow();
        assertThat(client.type()).isEqualTo(ClientType.PUBLIC);
        assertThat(client.requirePkce()).isTrue();
        assertThat(client.firstParty()).isFalse();

        // RFC 9700 §2.1.1: the registered public client must use PKCE
        AuthorizeResult noPkce = f.server.authorize(AuthorizeRequest.of(Params.singleValued(form("response_type", "code",
                "client_id", clientId, "redirect_uri", "com.example.app:/cb", "scope", "profile")),
                new AuthenticatedUser(SUBJECT, f.clock.instant())).withConsent(ConsentDecision.APPROVED));
        assertThat(noPkce).isInstanceOf(AuthorizeResult.Redirect.class);
        assertThat(((AuthorizeResult.Redirect) noPkce).location().toString()).contains("error=invalid_request");

        CodeVerifier verifier = new CodeVerifier();
        String code = f.authorize(form("response_type", "code", "client_id", clientId, "redirect_uri",
                "com.example.app:/cb", "scope", "openid profile", "code_challenge",
                CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(), "code_challenge_method", "S256"));
        EndpointResponse tokens = f.token(form("grant_type", "authorization_code", "code", code, "redirect_uri",
                "com.example.app:/cb", "client_id", clientId, "code_verifier", verifier.getValue()));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(json(tokens)).containsKeys("access_token", "refresh_token", "id_token");
    }

    @Test
    void aConfidentialClientGetsItsSecretOnceAndUsesIt() { // RFC 7591 §3.2.1
        EndpointResponse r = register(webApp());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(json(r)).containsEntry("client_secret_expires_at", 0L);
        OIDCClientInformation info = information(r);
        String clientId = info.getID().getValue();
        String secret = info.getSecret().getValue();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(43);

        EndpointResponse cc = f.token(form("grant_type", "client_credentials", "scope", "profile"), basic(clientId, secret));
        assertThat(cc.status()).as(cc.body()).isEqualTo(200);
        // only hashes at rest: neither the secret nor the registration access token is stored
        Registration stored = f.storage.registrations().find(clientId).orElseThrow();
        String token = info.getRegistrationAccessToken().getValue();
        assertThat(stored.accessTokenHash()).isNotEqualTo(token).isEqualTo(TokenHasher.hash(token));
        assertThat(stored.clientUri()).isEqualTo("https://app.example.org/");
        assertThat(stored.contacts()).containsExactly("ops@example.org");
        assertThat(f.storage.clients().find(clientId).orElseThrow().secretHash().encoded()).doesNotContain(secret);
        // RFC 7592 §3: a read returns no secret, and a new registration access token (only hashes are kept)
        EndpointResponse read = send(new ClientReadRequest(info.getRegistrationURI(), info.getRegistrationAccessToken())
                .toHTTPRequest());
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).doesNotContain(secret).doesNotContain(token).doesNotContain("client_secret\"");
        String rotated = information(read).getRegistrationAccessToken().getValue();
        assertThat(rotated).isNotEqualTo(token);
        assertThat(f.storage.registrations().find(clientId).orElseThrow().accessTokenHash())
                .isEqualTo(TokenHasher.hash(rotated));
        assertThat(information(read).getOIDCMetadata().getURI()).isEqualTo(URI.create("https://app.example.org/"));
    }

    @Test
    void aPrivateKeyJwtClientRegistersWithInlineKeys() throws Exception { // RFC 7591 §2 jwks
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        OIDCClientMetadata m = webApp();
        m.setGrantTypes(Set.of(GrantType.CLIENT_CREDENTIALS));
        m.setRedirectionURIs(null);
        m.setResponseTypes(null);
        m.setTokenEndpointAuthMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
        m.setJWKSet(new JWKSet(key.toPublicJWK()));
        OIDCClientInformation info = registered(m);
        assertThat(info.getSecret()).isNull();
        assertThat(info.getOIDCMetadata().getJWKSet().getKeyByKeyId("k1")).isNotNull();
        Client client = f.server.clientManagement().find(info.getID().getValue()).orElseThrow();
        assertThat(client.keys().jwks()).contains("k1").doesNotContain("\"d\"");
    }

    @Test
    void aTlsClientAuthClientRegistersItsCertificateSubject_rfc8705_2_1_2() {
        EndpointResponse r = registerJson("{\"grant_types\":[\"client_credentials\"],"
                + "\"token_endpoint_auth_method\":\"tls_client_auth\","
                + "\"tls_client_auth_subject_dn\":\"CN=orders,O=NU,C=ID\","
                + "\"tls_client_certificate_bound_access_tokens\":true}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        OIDCClientInformation info = information(r);
        assertThat(info.getSecret()).isNull();
        assertThat(info.getOIDCMetadata().getTokenEndpointAuthMethod())
                .isEqualTo(ClientAuthenticationMethod.TLS_CLIENT_AUTH);
        assertThat(info.getOIDCMetadata().getTLSClientAuthSubjectDN()).isEqualTo("CN=orders,O=NU,C=ID");
        assertThat(info.getOIDCMetadata().getTLSClientCertificateBoundAccessTokens()).isTrue(); // §3.4
        Client client = f.server.clientManagement().find(info.getID().getValue()).orElseThrow();
        assertThat(client.authMethods()).containsExactly(ClientAuthMethod.TLS_CLIENT_AUTH);
        assertThat(client.tlsSubject()).isEqualTo(CertificateSubject.subjectDn("CN=orders,O=NU,C=ID"));
        assertThat(client.requirements().certificateBoundTokens()).isTrue();
    }

    @Test
    void aSelfSignedTlsClientRegistersWithKeys_rfc8705_2_2_2() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("cert").generate();
        OIDCClientMetadata m = webApp();
        m.setGrantTypes(Set.of(GrantType.CLIENT_CREDENTIALS));
        m.setRedirectionURIs(null);
        m.setResponseTypes(null);
        m.setTokenEndpointAuthMethod(ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH);
        m.setJWKSet(new JWKSet(key.toPublicJWK()));
        OIDCClientInformation info = registered(m);
        Client client = f.server.clientManagement().find(info.getID().getValue()).orElseThrow();
        assertThat(client.authMethods()).containsExactly(ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH);
        assertThat(client.secretHash()).isNull();
        assertThat(info.getOIDCMetadata().getTokenEndpointAuthMethod())
                .isEqualTo(ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH);
    }

    @Test
    void certificateRegistrationsThatBreakRfc8705AreInvalidClientMetadata_rfc8705_2_1_2() {
        String cc = "{\"grant_types\":[\"client_credentials\"],";
        // tls_client_auth without a subject, with two, with a non-string, and a subject for another method
        assertError(registerJson(cc + "\"token_endpoint_auth_method\":\"tls_client_auth\"}"), 400,
                "invalid_client_metadata");
        assertError(registerJson(cc + "\"token_endpoint_auth_method\":\"tls_client_auth\","
                + "\"tls_client_auth_subject_dn\":\"CN=a\",\"tls_client_auth_san_dns\":\"a.example.org\"}"), 400,
                "invalid_client_metadata");
        assertError(registerJson(cc + "\"token_endpoint_auth_method\":\"tls_client_auth\","
                + "\"tls_client_auth_san_dns\":[\"a.example.org\"]}"), 400, "invalid_client_metadata");
        assertError(registerJson(cc + "\"token_endpoint_auth_method\":\"client_secret_basic\","
                + "\"tls_client_auth_subject_dn\":\"CN=a\"}"), 400, "invalid_client_metadata");
        // self_signed_tls_client_auth without keys (§2.2.2), a non-boolean binding flag (§3.4)
        assertError(registerJson(cc + "\"token_endpoint_auth_method\":\"self_signed_tls_client_auth\"}"), 400,
                "invalid_client_metadata");
        assertError(registerJson(cc + "\"token_endpoint_auth_method\":\"tls_client_auth\","
                + "\"tls_client_auth_subject_dn\":\"CN=a\",\"tls_client_certificate_bound_access_tokens\":\"yes\"}"),
                400, "invalid_client_metadata");
    }

    @Test
    void unknownFieldsAreIgnored() { // RFC 7591 §2
        EndpointResponse r = registerJson("{\"redirect_uris\":[\"https://a.example.org/cb\"],"
                + "\"token_endpoint_auth_method\":\"none\",\"x_unknown\":{\"deep\":[1,2,3]},\"software_id\":\"abc\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).doesNotContain("x_unknown");
    }

    @Test
    void anOmittedScopeGetsTheScopesRegistrationAllows() { // RFC 7591 §2 "default set of scopes"
        EndpointResponse r = registerJson("{\"redirect_uris\":[\"https://a.example.org/cb\"],"
                + "\"token_endpoint_auth_method\":\"none\"}");
        assertThat(information(r).getOIDCMetadata().getScope()).isEqualTo(new Scope("openid", "profile", "email"));
    }

    // ---------------------------------------------------------------- the initial access token (RFC 7591 §3)

    @Test
    void withoutTheInitialAccessTokenRegistrationIsRefusedWithABareChallenge() { // RFC 7591 §3, RFC 6750 §3.1
        EndpointResponse r = raw("POST", Endpoints.REGISTRATION, null, "application/json", "{\"redirect_uris\":[]}");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers().get("WWW-Authenticate")).startsWith("Bearer").doesNotContain("error=");
        assertThat(f.server.clientManagement().list(null, 100).items()).hasSize(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer wrong-token-wrong-token-wrong-token-1234", "DPoP abc", "Basic YTpi"})
    void aWrongInitialAccessTokenIsInvalidToken(String authorization) { // RFC 6750 §3.1
        EndpointResponse r = raw("POST", Endpoints.REGISTRATION, authorization, "application/json",
                "{\"redirect_uris\":[\"https://a.example.org/cb\"]}");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers().get("WWW-Authenticate")).startsWith("Bearer");
        if (authorization.startsWith("Bearer")) {
            assertThat(r.headers().get("WWW-Authenticate")).contains("error=\"invalid_token\"");
            assertThat(events).anyMatch(e -> e instanceof OAuthEvent.ClientAuthenticationFailed failed
                    && failed.endpoint() == OAuthEvent.Endpoint.REGISTRATION);
        }
        assertThat(f.server.clientManagement().list(null, 100).items()).hasSize(5);
    }

    @Test
    void aSecondInitialTokenWorksAndOpenRegistrationNeedsNone() {
        String second = SecretHash.generateSecret();
        TokenFixtures two = TokenFixtures.create(b -> b.dynamicRegistration(
                DynamicRegistration.initialAccessTokens(INITIAL, second).scopes("profile")));
        EndpointResponse r = two.server.handle(endpointRequest(new OIDCClientRegistrationRequest(REGISTER, publicAppProfile(),
                new BearerAccessToken(second)).toHTTPRequest()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);

        TokenFixtures open = TokenFixtures.create(b -> b.dynamicRegistration(DynamicRegistration.openToAnyone()
                .scopes("profile")));
        EndpointResponse o = open.server.handle(endpointRequest(new OIDCClientRegistrationRequest(REGISTER,
                publicAppProfile(), null).toHTTPRequest()));
        assertThat(o.status()).as(o.body()).isEqualTo(201);
    }

    @Test
    void underTheServerWideFapi2ProfileOnlyKeyOrCertificateClientsRegister_fapi2Security_5_3_2_1() throws Exception {
        TokenFixtures fapi = TokenFixtures.create(b -> b.fapi2SecurityProfile().dynamicRegistration(
                DynamicRegistration.initialAccessTokens(INITIAL).scopes("profile")));
        // a secret client and a public client could never be used: not registered at all
        int before = fapi.server.clientManagement().list(null, 100).items().size();
        for (String method : List.of("client_secret_basic", "none")) {
            EndpointResponse r = fapi.server.handle(EndpointRequest.builder("POST", Endpoints.REGISTRATION)
                    .header("Authorization", "Bearer " + INITIAL).header("Content-Type", "application/json")
                    .body(("{\"redirect_uris\":[\"https://a.example.org/cb\"],\"token_endpoint_auth_method\":\""
                            + method + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8)).build());
            assertError(r, 400, "invalid_client_metadata");
            assertThat(fapi.server.clientManagement().list(null, 100).items()).hasSize(before);
        }
        // a private_key_jwt client registers, and the profile holds it to PAR
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        OIDCClientMetadata m = webApp();
        m.setScope(new Scope("profile"));
        m.setTokenEndpointAuthMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
        m.setJWKSet(new JWKSet(key.toPublicJWK()));
        EndpointResponse ok = fapi.server.handle(endpointRequest(new OIDCClientRegistrationRequest(REGISTER, m,
                new BearerAccessToken(INITIAL)).toHTTPRequest()));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    }

    private static OIDCClientMetadata publicAppProfile() {
        OIDCClientMetadata m = publicApp();
        m.setScope(new Scope("profile"));
        return m;
    }

    @Test
    void theRegistrationEndpointTakesPostOnly() { // RFC 7591 §3
        EndpointResponse r = raw("GET", Endpoints.REGISTRATION, "Bearer " + INITIAL, null, null);
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.headers()).containsEntry("Allow", "POST");
    }

    // ---------------------------------------------------------------- strict metadata (RFC 7591 §2, §3.2.2)

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd", "vbscript:x",
        "https://app.example.org/cb#frag", "https://*.example.org/cb", "https://app.example.org/*",
        "https://user:pw@app.example.org/cb", "http://app.example.org/cb", "myapp:/cb", "com.example.app:cb",
        "/relative/cb", "https:///nohost", "https://app.example.org/c b"})
    void anUnsafeRedirectUriIsInvalidRedirectUri(String uri) { // RFC 7591 §3.2.2, RFC 8252 §7, RFC 9700 §2.1
        EndpointResponse r = registerJson("{\"redirect_uris\":[\"" + uri + "\"],\"token_endpoint_auth_method\":\"none\"}");
        assertError(r, 400, "invalid_redirect_uri");
        assertThat(r.body()).doesNotContain(uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.org/cb", "http://127.0.0.1:8080/cb", "http://[::1]/cb",
        "com.example.app:/oauth2redirect", "id.nu.app:/cb"})
    void safeRedirectUrisAreAccepted(String uri) { // RFC 8252 §7.1, §7.3
        EndpointResponse r = registerJson("{\"redirect_uris\":[\"" + uri + "\"],\"token_endpoint_auth_method\":\"none\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void redirectUrisAreCappedDeduplicatedAndRequiredForTheCodeFlow() { // RFC 7591 §2
        String many = IntStream.range(0, 21).mapToObj(i -> "\"https://a.example.org/cb" + i + "\"")
                .collect(Collectors.joining(","));
        assertError(registerJson("{\"redirect_uris\":[" + many + "]}"), 400, "invalid_redirect_uri");
        assertError(registerJson("{\"redirect_uris\":[\"https://a.example.org/cb\",\"https://a.example.org/cb\"]}"),
                400, "invalid_redirect_uri");
        assertError(registerJson("{\"token_endpoint_auth_method\":\"none\"}"), 400, "invalid_redirect_uri");
        assertError(registerJson("{\"redirect_uris\":\"https://a.example.org/cb\"}"), 400, "invalid_redirect_uri");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // jwks xor jwks_uri; jwks_uri https and public (the server fetches it: SSRF)
        "\"jwks_uri\":\"https://keys.example.org/jwks\",\"jwks\":{\"keys\":[]}",
        "\"jwks_uri\":\"http://keys.example.org/jwks\"",
        "\"jwks_uri\":\"https://127.0.0.1/jwks\"",
        "\"jwks_uri\":\"https://10.1.2.3/jwks\"",
        "\"jwks_uri\":\"https://[::1]/jwks\"",
        "\"jwks_uri\":\"https://169.254.169.254/latest\"",
        "\"jwks_uri\":\"https://localhost/jwks\"",
        "\"jwks_uri\":\"https://u@keys.example.org/jwks\"",
        "\"jwks\":{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQ\"}]}",
        "\"jwks\":\"not-an-object\"",
        // authentication methods the server supports
        "\"token_endpoint_auth_method\":\"client_secret_jwt\"",
        "\"token_endpoint_auth_method\":\"tls_client_auth\"",
        "\"token_endpoint_auth_method\":\"private_key_jwt\"",
        // grant and response types consistent, and supported
        "\"grant_types\":[\"password\"]",
        "\"grant_types\":[\"implicit\"]",
        "\"grant_types\":[]",
        "\"response_types\":[\"token\"]",
        "\"grant_types\":[\"client_credentials\"],\"response_types\":[\"code\"]",
        "\"grant_types\":[\"refresh_token\"]",
        "\"grant_types\":[\"client_credentials\"],\"token_endpoint_auth_method\":\"none\"",
        // scope within what registration allows
        "\"scope\":\"profile admin\"",
        "\"scope\":\"profile  email\"",
        "\"scope\":42",
        // https only, sizes and shapes
        "\"logo_uri\":\"http://app.example.org/logo.png\"",
        "\"tos_uri\":\"javascript:alert(1)\"",
        "\"policy_uri\":\"https://u:p@app.example.org/p\"",
        "\"client_uri\":\"ftp://app.example.org/\"",
        "\"client_name\":\"\"",
        "\"contacts\":[\"a@x.org\",\"b@x.org\",\"c@x.org\",\"d@x.org\",\"e@x.org\",\"f@x.org\",\"g@x.org\",\"h@x.org\","
                + "\"i@x.org\",\"j@x.org\",\"k@x.org\"]",
        "\"contacts\":[\"a\\nb@x.org\"]",
        "\"post_logout_redirect_uris\":[\"javascript:alert(1)\"]",
        "\"post_logout_redirect_uris\":[\"https://app.example.org/bye#x\"]",
        "\"backchannel_logout_uri\":\"http://app.example.org/bc\"",
        "\"backchannel_logout_uri\":\"https://192.168.1.5/bc\""})
    void invalidMetadataIsInvalidClientMetadata(String member) { // RFC 7591 §2, §3.2.2
        EndpointResponse r = registerJson("{\"redirect_uris\":[\"https://a.example.org/cb\"]," + member + "}");
        assertError(r, 400, "invalid_client_metadata");
    }

    @Test
    void aClientNameIsCapped() {
        assertError(registerJson("{\"redirect_uris\":[\"https://a.example.org/cb\"],\"client_name\":\""
                + "n".repeat(256) + "\"}"), 400, "invalid_client_metadata");
    }

    @Test
    void aSoftwareStatementIsRefusedAsNotSupported() { // RFC 7591 §2.3, §3.2.2
        EndpointResponse r = registerJson("{\"redirect_uris\":[\"https://a.example.org/cb\"],"
                + "\"software_statement\":\"eyJhbGciOiJSUzI1NiJ9.e30.c2ln\"}");
        assertError(r, 400, "invalid_software_statement");
        assertThat((String) json(r).get("error_description")).contains("not accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[1,2]", "\"s\"", "{\"redirect_uris\":[", "{\"a\":1}x"})
    void aBodyThatIsNotAJsonObjectIsInvalidClientMetadata(String body) { // RFC 7591 §3.1
        assertError(registerJson(body), 400, "invalid_client_metadata");
    }

    @Test
    void deeplyNestedJsonIsA400NeverA500() {
        String deep = "{\"x\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}";
        EndpointResponse r = registerJson(deep);
        assertThat(r.status()).isBetween(400, 413);
    }

    @Test
    void theBodyMustBeJsonAndAtMost64KiB() { // RFC 7591 §3.1
        EndpointResponse form = raw("POST", Endpoints.REGISTRATION, "Bearer " + INITIAL,
                "application/x-www-form-urlencoded", "redirect_uris=https://a.example.org/cb");
        assertThat(form.status()).isEqualTo(415);
        assertThat(raw("POST", Endpoints.REGISTRATION, "Bearer " + INITIAL, "application/json; charset=ISO-8859-1",
                "{}").status()).isEqualTo(415);
        assertThat(raw("POST", Endpoints.REGISTRATION, "Bearer " + INITIAL, "application/json; charset=utf-8",
                "{\"redirect_uris\":[\"https://a.example.org/cb\"],\"token_endpoint_auth_method\":\"none\"}").status())
                .isEqualTo(201);
        EndpointResponse big = registerJson("{\"redirect_uris\":[\"https://a.example.org/cb\"],\"x\":\""
                + "a".repeat(70 * 1024) + "\"}");
        assertThat(big.status()).isEqualTo(413);
    }

    // ---------------------------------------------------------------- management (RFC 7592)

    @Test
    void readUpdateAndDeleteWithTheRegistrationAccessToken() { // RFC 7592 §2.1, §2.2, §2.3
        OIDCClientInformation info = registered(webApp());
        String clientId = info.getID().getValue();
        BearerAccessToken first = info.getRegistrationAccessToken();
        EndpointResponse cc = f.token(form("grant_type", "client_credentials", "scope", "profile"),
                basic(clientId, info.getSecret().getValue()));
        String access = (String) json(cc).get("access_token");

        OIDCClientInformation read = information(send(new ClientReadRequest(info.getRegistrationURI(), first)
                .toHTTPRequest()));
        assertThat(read.getOIDCMetadata().getRedirectionURIs()).containsExactly(URI.create("https://app.example.org/cb"));
        // RFC 7592 §3: the read answers with the token to use next; the one it was made with is spent
        BearerAccessToken afterRead = read.getRegistrationAccessToken();
        assertThat(afterRead).isNotNull().isNotEqualTo(first);
        assertThat(send(new ClientReadRequest(info.getRegistrationURI(), first).toHTTPRequest()).status())
                .isEqualTo(401);

        OIDCClientMetadata changed = webApp();
        changed.setRedirectionURIs(Set.of(URI.create("https://app.example.org/new")));
        changed.setName("Renamed");
        EndpointResponse put = send(new ClientUpdateRequest(info.getRegistrationURI(), info.getID(), afterRead, changed,
                null).toHTTPRequest());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        OIDCClientInformation updated = information(put);
        BearerAccessToken second = updated.getRegistrationAccessToken();
        assertThat(second).isNotNull().isNotEqualTo(afterRead); // RFC 7592 §2.2: rotated
        assertThat(updated.getOIDCMetadata().getName()).isEqualTo("Renamed");
        Client client = f.server.clientManagement().find(clientId).orElseThrow();
        assertThat(client.redirectUris()).containsExactly("https://app.example.org/new");
        assertThat(client.secretHash().matches(info.getSecret().getValue())).isTrue(); // the secret stays

        // the old token is discarded
        EndpointResponse stale = send(new ClientReadRequest(info.getRegistrationURI(), first).toHTTPRequest());
        assertThat(stale.status()).isEqualTo(401);
        assertThat(stale.headers().get("WWW-Authenticate")).contains("error=\"invalid_token\"");

        EndpointResponse deleted = send(new ClientDeleteRequest(info.getRegistrationURI(), second).toHTTPRequest());
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(f.server.clientManagement().find(clientId)).isEmpty();
        assertThat(f.storage.registrations().find(clientId)).isEmpty();
        assertThat(f.server.validateAccessToken(access)).isInstanceOf(AccessTokenValidation.Inactive.class);
        // RFC 7592 §2.1: the token of a deleted client is 401
        EndpointResponse after = send(new ClientReadRequest(info.getRegistrationURI(), second).toHTTPRequest());
        assertThat(after.status()).isEqualTo(401);
        assertThat(send(new ClientDeleteRequest(info.getRegistrationURI(), second).toHTTPRequest()).status()).isEqualTo(401);
    }

    @Test
    void anotherClientsTokenAHostClientAndAnUnknownClientAreAll401() { // RFC 7592 §2.1
        OIDCClientInformation a = registered(publicApp());
        OIDCClientInformation b = registered(publicApp());
        assertThat(send(new ClientReadRequest(a.getRegistrationURI(), b.getRegistrationAccessToken()).toHTTPRequest())
                .status()).isEqualTo(401);
        assertThat(raw("GET", Endpoints.REGISTRATION + "/" + TokenFixtures.MOBILE,
                "Bearer " + a.getRegistrationAccessToken().getValue(), null, null).status()).isEqualTo(401);
        assertThat(raw("GET", Endpoints.REGISTRATION + "/nobody", "Bearer " + a.getRegistrationAccessToken().getValue(),
                null, null).status()).isEqualTo(401);
        EndpointResponse none = raw("GET", Endpoints.REGISTRATION + "/" + a.getID().getValue(), null, null, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.headers().get("WWW-Authenticate")).isEqualTo("Bearer realm=\"" + ISSUER + "\"");
        assertThat(raw("PATCH", Endpoints.REGISTRATION + "/" + a.getID().getValue(),
                "Bearer " + a.getRegistrationAccessToken().getValue(), null, null).status()).isEqualTo(405);
    }

    @Test
    void anUpdateIsCheckedAsStrictlyAsARegistration() { // RFC 7592 §2.2
        OIDCClientInformation info = registered(webApp());
        String clientId = info.getID().getValue();
        String path = Endpoints.REGISTRATION + "/" + clientId;
        String bearer = "Bearer " + info.getRegistrationAccessToken().getValue();
        assertError(raw("PUT", path, bearer, "application/json", "{\"client_id\":\"" + clientId
                + "\",\"redirect_uris\":[\"javascript:alert(1)\"]}"), 400, "invalid_redirect_uri");
        assertError(raw("PUT", path, bearer, "application/json", "{\"client_id\":\"someone-else\","
                + "\"redirect_uris\":[\"https://a.example.org/cb\"]}"), 400, "invalid_client_metadata");
        assertError(raw("PUT", path, bearer, "application/json", "{\"redirect_uris\":[\"https://a.example.org/cb\"]}"),
                400, "invalid_client_metadata");
        assertError(raw("PUT", path, bearer, "application/json", "{\"client_id\":\"" + clientId
                + "\",\"redirect_uris\":[\"https://a.example.org/cb\"],\"token_endpoint_auth_method\":\"none\"}"),
                400, "invalid_client_metadata");
        assertError(raw("PUT", path, bearer, "application/json", "{\"client_id\":\"" + clientId
                + "\",\"redirect_uris\":[\"https://a.example.org/cb\"],\"client_secret\":\"wrong\"}"),
                400, "invalid_client_metadata");
        assertError(raw("PUT", path, bearer, "application/json", "{\"client_id\":\"" + clientId
                + "\",\"redirect_uris\":[\"https://a.example.org/cb\"],\"registration_access_token\":\"x\"}"),
                400, "invalid_client_metadata");
        // none of these rotated the token or changed the client
        assertThat(f.server.clientManagement().find(clientId).orElseThrow().redirectUris())
                .containsExactly("https://app.example.org/cb");
        EndpointResponse ok = raw("PUT", path, bearer, "application/json", "{\"client_id\":\"" + clientId
                + "\",\"redirect_uris\":[\"https://a.example.org/cb\"],\"client_secret\":\""
                + info.getSecret().getValue() + "\",\"scope\":\"profile\"}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void concurrentUpdatesWithTheSameTokenRotateItExactlyOnce() throws Exception { // RFC 7592 §2.2
        OIDCClientInformation info = registered(webApp());
        int n = 16;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<EndpointResponse>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                OIDCClientMetadata m = webApp();
                m.setName("racer " + i);
                HTTPRequest put = new ClientUpdateRequest(info.getRegistrationURI(), info.getID(),
                        info.getRegistrationAccessToken(), m, null).toHTTPRequest();
                answers.add(pool.submit(() -> {
                    go.await();
                    return send(put);
                }));
            }
            go.countDown();
            List<EndpointResponse> done = new ArrayList<>();
            for (Future<EndpointResponse> a : answers) {
                done.add(a.get(60, TimeUnit.SECONDS));
            }
            List<EndpointResponse> won = done.stream().filter(r -> r.status() == 200).toList();
            assertThat(won).hasSize(1);
            assertThat(done).filteredOn(r -> r.status() != 200).allMatch(r -> r.status() == 401);
            OIDCClientInformation winner = information(won.get(0));
            // the winner's token works, and the winner's metadata is the client's
            EndpointResponse read = send(new ClientReadRequest(info.getRegistrationURI(),
                    winner.getRegistrationAccessToken()).toHTTPRequest());
            assertThat(read.status()).isEqualTo(200);
            assertThat(f.server.clientManagement().find(info.getID().getValue()).orElseThrow().name())
                    .isEqualTo(winner.getOIDCMetadata().getName());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRegistrationErrorParsesAsOneInNimbus() throws Exception { // RFC 7591 §3.2.2
        EndpointResponse r = registerJson("{\"redirect_uris\":[\"javascript:x\"]}");
        ClientRegistrationResponse parsed = OIDCClientRegistrationResponseParser.parse(httpResponse(r));
        assertThat(parsed.indicatesSuccess()).isFalse();
        assertThat(((ClientRegistrationErrorResponse) parsed).getErrorObject().getCode()).isEqualTo("invalid_redirect_uri");
    }

    // ---------------------------------------------------------------- events (issue 12 item 5)

    @Test
    void registrationUpdateAndDeleteEmitEventsWithTheRequestsCorrelationIdAndNoSecret() {
        OIDCClientInformation info = registered(webApp());
        String clientId = info.getID().getValue();
        OIDCClientMetadata changed = webApp();
        changed.setName("Changed");
        EndpointResponse put = send(new ClientUpdateRequest(info.getRegistrationURI(), info.getID(),
                info.getRegistrationAccessToken(), changed, null).toHTTPRequest());
        BearerAccessToken second = information(put).getRegistrationAccessToken();
        send(new ClientDeleteRequest(info.getRegistrationURI(), second).toHTTPRequest());

        List<OAuthEvent> mine = events.stream().filter(e -> clientId.equals(e.clientId())
                && !(e instanceof OAuthEvent.RequestCompleted)).toList();
        assertThat(mine).extracting(OAuthEvent::type).containsExactly("client.registered", "client.changed",
                "client.deleted");
        assertThat(mine).allMatch(e -> e.correlationId() != null && !e.correlationId().equals("-"));
        assertThat(events).filteredOn(e -> e instanceof OAuthEvent.RequestCompleted done
                && done.endpoint() == OAuthEvent.Endpoint.REGISTRATION).hasSize(3);
        String all = events.toString();
        assertThat(all).doesNotContain(info.getSecret().getValue())
                .doesNotContain(info.getRegistrationAccessToken().getValue()).doesNotContain(second.getValue())
                .doesNotContain(INITIAL);
    }

    @Test
    void everyClientManagementCallEmitsAnEventWithoutACorrelationIdOutsideARequest() {
        ClientManagement clients = f.server.clientManagement();
        events.clear();
        clients.save(Client.confidential("admin-made", SecretHash.of(SecretHash.generateSecret()))
                .redirectUri("https://admin.example.org/cb").build());
        clients.save(Client.confidential("admin-made", SecretHash.of(SecretHash.generateSecret()))
                .redirectUri("https://admin.example.org/cb2").build());
        clients.disable("admin-made");
        clients.enable("admin-made");
        String secret = clients.rotateSecret("admin-made", Duration.ofMinutes(5));
        clients.delete("admin-made");
        clients.disable("nobody");

        assertThat(events).extracting(OAuthEvent::type).containsExactly("client.registered", "client.changed",
                "client.disabled", "client.enabled", "client.secret_rotated", "client.deleted");
        assertThat(events).allMatch(e -> e.correlationId() == null && "admin-made".equals(e.clientId()));
        assertThat(((OAuthEvent.ClientSecretRotated) events.get(4)).grace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(events.toString()).doesNotContain(secret);

        // inside a request scope the host's admin call carries its correlation id
        events.clear();
        try (RequestScope scope = f.server.requestScope()) {
            clients.disable(TokenFixtures.PORTAL);
            assertThat(events).singleElement().extracting(OAuthEvent::correlationId).isEqualTo(scope.correlationId());
        }
    }

    @Test
    void aUsersRevocationsEmitGrantAndConsentEvents() {
        TokenFixtures.Tokens t = f.mobileTokens();
        String grantId = f.storage.tokens().find(TokenHasher.hash(t.access())).orElseThrow().grantId();
        events.clear();
        assertThat(f.server.revokeUserGrant(SUBJECT, grantId)).isTrue();
        assertThat(events).extracting(OAuthEvent::type).containsExactly("grant.revoked", "consent.revoked");
        assertThat(events.get(0).grantId()).isEqualTo(grantId);
        assertThat(events).allMatch(e -> SUBJECT.equals(e.subject()) && TokenFixtures.MOBILE.equals(e.clientId()));

        f.mobileTokens();
        f.portalTokens();
        events.clear();
        assertThat(f.server.revokeAllForUser(SUBJECT)).isEqualTo(2);
        assertThat(events).extracting(OAuthEvent::type).containsExactly("grant.revoked", "grant.revoked",
                "consent.revoked");
        assertThat(events.subList(0, 2)).extracting(OAuthEvent::clientId)
                .containsExactlyInAnyOrder(TokenFixtures.MOBILE, TokenFixtures.PORTAL);
        assertThat(events.get(2).clientId()).isNull();
        assertThat(events).allMatch(e -> SUBJECT.equals(e.subject()) && e.correlationId() == null);
    }

    @Test
    void enablingRegistrationNeedsAStoreThatKeepsRegistrations() {
        id.nu.oauth.storage.Storage memory = id.nu.oauth.storage.memory.InMemoryStorage.create();
        id.nu.oauth.storage.Storage withoutRegistrations = new id.nu.oauth.storage.Storage() { // a host's own store
            public id.nu.oauth.storage.ClientStore clients() { return memory.clients(); }
            public id.nu.oauth.storage.CodeStore codes() { return memory.codes(); }
            public id.nu.oauth.storage.GrantStore grants() { return memory.grants(); }
            public id.nu.oauth.storage.TokenStore tokens() { return memory.tokens(); }
            public id.nu.oauth.storage.ConsentStore consents() { return memory.consents(); }
            public id.nu.oauth.storage.SingleUseStore singleUse() { return memory.singleUse(); }
            public id.nu.oauth.storage.PushedRequestStore pushedRequests() { return memory.pushedRequests(); }
            public int purgeExpired(java.time.Instant now, int batchSize) { return memory.purgeExpired(now, batchSize); }
        };
        assertThatThrownBy(() -> AuthorizationServer.builder().issuer(ISSUER).storage(withoutRegistrations)
                .dynamicRegistration(DynamicRegistration.openToAnyone()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("registrations");
    }
}
