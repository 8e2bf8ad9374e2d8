package id.nu.oauth.core;

import id.nu.oauth.storage.contract.TestCertificates;
import static id.nu.oauth.core.TokenFixtures.MOBILE_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.SUBJECT;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.basic;
import static id.nu.oauth.core.TokenFixtures.form;
import static id.nu.oauth.core.TokenFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.X509CertificateConfirmation;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.CertificateSubject;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientAuthMethod;
import id.nu.oauth.client.ClientKeys;
import id.nu.oauth.client.ClientRequirements;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS (RFC 8705) over the public API: client authentication with a PKI certificate (§2.1)
 * and with a self-signed one (§2.2), certificate-bound access and refresh tokens (§3, §4), and the
 * metadata (§3.3). Certificates are made by the JDK's keytool; thumbprints and {@code cnf} claims
 * are checked with Nimbus.
 */
class MutualTlsTest {

    static final String PKI = "pki-client";
    static final String BY_DNS = "dns-client";
    static final String SELF = "self-client";
    static final String SELF_X5C = "self-x5c-client";
    static final String BOUND = "bound-client";
    static final String BOUND_SECRET = SecretHash.generateSecret();
    static final String MOBILE_BOUND = "bound-mobile";
    static final String FAPI = "fapi-mtls";

    @TempDir
    static Path dir;
    static TestCertificates certs;

    private TokenFixtures f;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = new TestCertificates(dir);
    }

    @BeforeEach
    void server() throws Exception {
        ECKey selfKey = new ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256,
                (java.security.interfaces.ECPublicKey) certs.selfSigned.getPublicKey()).build();
        String selfJwks = new JWKSet(selfKey).toString(); // its public key, no x5c
        String selfX5c = new JWKSet(new ECKey.Builder(selfKey)
                .x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode(certs.selfSigned.getEncoded()))).build())
                .toString();
        f = TokenFixtures.create(b -> b
                .client(Client.confidentialWithCertificate(PKI, CertificateSubject.subjectDn(
                                "cn=bank-app,o=Bank Example,c=ID")) // same DN, other spelling (RFC 4514)
                        .grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("orders").build())
                .client(Client.confidentialWithCertificate(BY_DNS, CertificateSubject.of(
                                CertificateSubject.Field.SAN_DNS, "CLIENT.bank.example"))
                        .grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("orders").build())
                .client(Client.confidentialWithKeys(SELF, ClientKeys.inline(selfJwks))
                        .authMethods(ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH)
                        .grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("orders")
                        .accessTokenFormat(AccessTokenFormat.JWT).build())
                .client(Client.confidentialWithKeys(SELF_X5C, ClientKeys.inline(selfX5c))
                        .authMethods(ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH)
                        .grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("orders").build())
                .client(Client.confidential(BOUND, SecretHash.of(BOUND_SECRET))
                        .grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("orders")
                        .requirements(new ClientRequirements(false, false, false, false, true)).build())
                .client(Client.publicClient(MOBILE_BOUND).redirectUri(MOBILE_REDIRECT).scopes("openid", "profile")
                        .requirements(new ClientRequirements(false, false, false, false, true)).build())
                .client(Client.confidentialWithCertificate(FAPI, CertificateSubject.subjectDn(TestCertificates.PKI_DN))
                        .grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("orders").requirePkce(true)
                        .requirements(new ClientRequirements(false, false, false, true)).build()));
        f.clock.set(Instant.now()); // the certificates are valid from now on
    }

    private EndpointResponse token(Map<String, String> form, String authorization, X509Certificate certificate) {
        EndpointRequest.Builder b = EndpointRequest.builder("POST", Endpoints.TOKEN)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(FormCodec.encode(multi(form)).getBytes(StandardCharsets.UTF_8))
                .clientCertificate(certificate);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return f.server.handle(b.build());
    }

    private static Map<String, List<String>> multi(Map<String, String> form) {
        Map<String, List<String>> m = new java.util.LinkedHashMap<>();
        form.forEach((k, v) -> m.put(k, List.of(v)));
        return m;
    }

    private EndpointResponse clientCredentials(String clientId, X509Certificate certificate) {
        return token(form("grant_type", "client_credentials", "client_id", clientId), null, certificate);
    }

    private ResourceAccess resource(String accessToken, X509Certificate certificate) {
        return f.server.protectedResource(EndpointRequest.builder("GET", "/orders")
                .header("Authorization", "Bearer " + accessToken).clientCertificate(certificate).build(), Set.of());
    }

    private static String x5t(X509Certificate certificate) {
        return X509CertificateConfirmation.of(certificate).getValue().toString(); // Nimbus, not ours
    }

    // ------------------------------------------------------------------ §2.1 PKI client authentication

    @Test
    void aPkiClientAuthenticatesWithTheCertificateOfItsSubjectDn_rfc8705_2_1() {
        EndpointResponse r = clientCredentials(PKI, certs.pki);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("token_type")).isEqualTo("Bearer");
    }

    @Test
    void aPkiClientWithoutACertificateOrWithAnotherIsInvalidClient_rfc8705_2_1() {
        assertError(clientCredentials(PKI, null), 401, "invalid_client");
        assertError(clientCredentials(PKI, certs.other), 401, "invalid_client");
        assertError(clientCredentials(PKI, certs.selfSigned), 401, "invalid_client");
    }

    @Test
    void aSanDnsNameMatchesWithoutRegardToCase_rfc8705_2_1_2() {
        assertThat(clientCredentials(BY_DNS, certs.pki).status()).isEqualTo(200);
        assertError(clientCredentials(BY_DNS, certs.other), 401, "invalid_client");
    }

    @Test
    void everyKindOfSubjectAlternativeNameIsMatched_rfc8705_2_1_2() {
        CertificateSubject.Field ip = CertificateSubject.Field.SAN_IP;
        assertThat(ClientCertificates.matches(CertificateSubject.of(ip, "10.0.0.7"), certs.pki)).isTrue();
        assertThat(ClientCertificates.matches(CertificateSubject.of(ip, "2001:0db8:0:0:0:0:0:1"), certs.pki)).isTrue();
        assertThat(ClientCertificates.matches(CertificateSubject.of(ip, "10.0.0.8"), certs.pki)).isFalse();
        assertThat(ClientCertificates.matches(CertificateSubject.of(ip, "client.bank.example"), certs.pki)).isFalse();
        assertThat(ClientCertificates.matches(CertificateSubject.of(CertificateSubject.Field.SAN_URI,
                "https://bank.example/client"), certs.pki)).isTrue();
        assertThat(ClientCertificates.matches(CertificateSubject.of(CertificateSubject.Field.SAN_URI,
                "https://bank.example/other"), certs.pki)).isFalse();
        assertThat(ClientCertificates.matches(CertificateSubject.of(CertificateSubject.Field.SAN_EMAIL,
                "ops@bank.example"), certs.pki)).isTrue();
        assertThat(ClientCertificates.matches(CertificateSubject.of(CertificateSubject.Field.SAN_EMAIL,
                "ops@bank.example"), certs.other)).isFalse();
        assertThat(ClientCertificates.matches(CertificateSubject.subjectDn("not a DN"), certs.pki)).isFalse();
        assertThat(ClientCertificates.matches(CertificateSubject.subjectDn(TestCertificates.OTHER_DN), certs.pki))
                .isFalse();
    }

    @Test
    void aSecretIsNotAcceptedForAClientThatRegisteredOnlyMutualTls_rfc8705_2() {
        assertError(token(form("grant_type", "client_credentials", "client_id", PKI, "client_secret", "guess"),
                null, certs.pki), 401, "invalid_client");
        assertError(token(form("grant_type", "client_credentials"), basic(PKI, "guess"), certs.pki), 401,
                "invalid_client");
    }

    // ------------------------------------------------------------------ §2.2 self-signed certificates

    @Test
    void aSelfSignedCertificateAuthenticatesWhenItsKeyIsRegistered_rfc8705_2_2_2() {
        assertThat(clientCredentials(SELF, certs.selfSigned).status()).isEqualTo(200);
        assertThat(clientCredentials(SELF_X5C, certs.selfSigned).status()).isEqualTo(200);
    }

    @Test
    void aCertificateWhoseKeyIsNotRegisteredIsInvalidClient_rfc8705_2_2_2() {
        assertError(clientCredentials(SELF, certs.pki), 401, "invalid_client");
        assertError(clientCredentials(SELF_X5C, certs.other), 401, "invalid_client");
        assertError(clientCredentials(SELF, null), 401, "invalid_client");
    }

    @Test
    void anExpiredSelfSignedCertificateIsInvalidClient_rfc8705_2_2() {
        f.clock.set(Instant.now().plus(java.time.Duration.ofDays(5)));
        assertError(clientCredentials(SELF, certs.selfSigned), 401, "invalid_client");
    }

    // ------------------------------------------------------------------ §3 certificate-bound tokens

    @Test
    void aBoundClientsAccessTokenCarriesTheCertificateThumbprint_rfc8705_3_1_and_3_2() throws Exception {
        EndpointResponse r = token(form("grant_type", "client_credentials"), basic(BOUND, BOUND_SECRET), certs.other);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("token_type")).isEqualTo("Bearer"); // §3: still a bearer token type
        String token = (String) json(r).get("access_token");
        EndpointResponse i = f.server.introspect(EndpointRequest.of(form("token", token), basic(BOUND, BOUND_SECRET)));
        assertThat(json(i).get("cnf")).isEqualTo(Map.of("x5t#S256", x5t(certs.other)));
    }

    @Test
    void aJwtAccessTokenCarriesCnfX5tS256_rfc8705_3_1() throws Exception {
        // the self-signed client issues JWT access tokens; it is not registered for bound tokens
        EndpointResponse unbound = clientCredentials(SELF, certs.selfSigned);
        assertThat(SignedJWT.parse((String) json(unbound).get("access_token")).getJWTClaimsSet().getClaim("cnf"))
                .isNull();
        TokenFixtures g = f;
        f = TokenFixtures.create(b -> b.client(Client.confidential("jwt-bound", SecretHash.of(BOUND_SECRET))
                .grantTypes(GrantType.CLIENT_CREDENTIALS).accessTokenFormat(AccessTokenFormat.JWT)
                .requirements(new ClientRequirements(false, false, false, false, true)).build()));
        f.clock.set(g.clock.instant());
        EndpointResponse r = token(form("grant_type", "client_credentials"), basic("jwt-bound", BOUND_SECRET),
                certs.pki);
        SignedJWT jwt = SignedJWT.parse((String) json(r).get("access_token"));
        X509CertificateConfirmation cnf = X509CertificateConfirmation.parse(jwt.getJWTClaimsSet());
        assertThat(cnf).isEqualTo(X509CertificateConfirmation.of(certs.pki));
    }

    @Test
    void aBoundClientWithoutACertificateIsRefused_rfc8705_3() {
        EndpointResponse r = token(form("grant_type", "client_credentials"), basic(BOUND, BOUND_SECRET), null);
        assertError(r, 400, "invalid_request");
        assertThat(json(r).get("error_description").toString()).contains("RFC 8705");
    }

    @Test
    void aBoundTokenIsGoodAtAResourceOnlyWithItsCertificate_rfc8705_3() {
        String token = (String) json(token(form("grant_type", "client_credentials"), basic(BOUND, BOUND_SECRET),
                certs.pki)).get("access_token");
        assertThat(resource(token, certs.pki)).isInstanceOf(ResourceAccess.Granted.class);
        for (X509Certificate wrong : new X509Certificate[] {null, certs.other, certs.selfSigned}) {
            ResourceAccess denied = resource(token, wrong);
            assertThat(denied).isInstanceOf(ResourceAccess.Denied.class);
            EndpointResponse answer = ((ResourceAccess.Denied) denied).response();
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.headers().get("WWW-Authenticate")).contains("error=\"invalid_token\"");
        }
    }

    @Test
    void validateAccessTokenAcceptsABoundTokenOnlyWithItsCertificate_rfc8705_3() {
        String token = (String) json(token(form("grant_type", "client_credentials"), basic(BOUND, BOUND_SECRET),
                certs.pki)).get("access_token");
        assertThat(f.server.validateAccessToken(token)).isInstanceOf(AccessTokenValidation.Inactive.class);
        assertThat(f.server.validateAccessToken(token, null, certs.other))
                .isInstanceOf(AccessTokenValidation.Inactive.class);
        assertThat(f.server.validateAccessToken(token, null, certs.pki))
                .isInstanceOf(AccessTokenValidation.Active.class);
        // an unbound token is the same with or without a certificate
        String unbound = (String) json(clientCredentials(PKI, certs.pki)).get("access_token");
        assertThat(f.server.validateAccessToken(unbound, null, certs.other))
                .isInstanceOf(AccessTokenValidation.Active.class);
        assertThat(resource(unbound, null)).isInstanceOf(ResourceAccess.Granted.class);
    }

    @Test
    void aPublicClientsRefreshTokenIsBoundToItsCertificate_rfc8705_4() {
        CodeVerifier verifier = new CodeVerifier();
        String code = f.authorize(form("response_type", "code", "client_id", MOBILE_BOUND, "redirect_uri",
                MOBILE_REDIRECT, "scope", "openid profile", "code_challenge",
                CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(), "code_challenge_method", "S256"));
        EndpointResponse r = token(form("grant_type", "authorization_code", "code", code, "redirect_uri",
                MOBILE_REDIRECT, "client_id", MOBILE_BOUND, "code_verifier", verifier.getValue()), null, certs.selfSigned);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String access = (String) json(r).get("access_token");
        String refresh = (String) json(r).get("refresh_token");
        // OpenID Connect userinfo is a protected resource too
        EndpointResponse info = f.server.userinfo(EndpointRequest.builder("GET", Endpoints.USERINFO)
                .header("Authorization", "Bearer " + access).clientCertificate(certs.selfSigned).build());
        assertThat(info.status()).as(info.body()).isEqualTo(200);
        EndpointResponse noCert = f.server.userinfo(EndpointRequest.builder("GET", Endpoints.USERINFO)
                .header("Authorization", "Bearer " + access).build());
        assertThat(noCert.status()).isEqualTo(401);
        assertThat(noCert.headers().get("WWW-Authenticate")).contains("invalid_token");
        // the refresh token is bound: another certificate cannot use it
        assertError(token(form("grant_type", "refresh_token", "refresh_token", refresh, "client_id", MOBILE_BOUND),
                null, certs.other), 400, "invalid_grant");
        EndpointResponse refreshed = token(form("grant_type", "refresh_token", "refresh_token", refresh,
                "client_id", MOBILE_BOUND), null, certs.selfSigned);
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(f.server.validateAccessToken((String) json(refreshed).get("access_token"), null, certs.selfSigned))
                .isInstanceOf(AccessTokenValidation.Active.class);
        assertThat(json(refreshed).get("refresh_token")).isNotNull();
        assertThat(SUBJECT).isNotEmpty();
    }

    // ------------------------------------------------------------------ FAPI 2.0 and metadata

    @Test
    void aFapi2ClientsTokensAreBoundToItsCertificateWithoutDpop_fapi2_5_3_2_2() {
        EndpointResponse r = clientCredentials(FAPI, certs.pki);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String token = (String) json(r).get("access_token");
        assertThat(f.server.validateAccessToken(token)).isInstanceOf(AccessTokenValidation.Inactive.class);
        assertThat(f.server.validateAccessToken(token, null, certs.pki)).isInstanceOf(AccessTokenValidation.Active.class);
    }

    @Test
    void metadataAdvertisesMutualTls_rfc8705_2_1_1_2_2_1_3_3() throws Exception {
        OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(f.server.openIdConfiguration());
        assertThat(metadata.supportsTLSClientCertificateBoundAccessTokens()).isTrue();
        assertThat(metadata.getTokenEndpointAuthMethods()).contains(ClientAuthenticationMethod.TLS_CLIENT_AUTH,
                ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH);
        assertThat(metadata.getMtlsEndpointAliases()).isNull(); // §5: the same endpoints serve mutual TLS
        Map<String, Object> oauth = json(f.server.handle(EndpointRequest.builder("GET", Endpoints.OAUTH_METADATA).build()));
        assertThat(oauth.get("tls_client_certificate_bound_access_tokens")).isEqualTo(true);
        assertThat(oauth.get("introspection_endpoint_auth_methods_supported").toString()).contains("tls_client_auth");
    }

    @Test
    void theAdapterCanHandTheWholeChainAndTheEngineReadsTheLeaf() {
        EndpointRequest request = EndpointRequest.builder("POST", Endpoints.TOKEN)
                .clientCertificateChain(List.of(certs.pki, certs.ca)).build();
        assertThat(request.clientCertificate()).isSameAs(certs.pki);
        assertThat(request.clientCertificateChain()).containsExactly(certs.pki, certs.ca);
        assertThat(EndpointRequest.builder("GET", "/").clientCertificate(null).build().clientCertificateChain()).isEmpty();
        assertThat(ClientCertificates.thumbprint(certs.pki)).isEqualTo(x5t(certs.pki));
    }
}
