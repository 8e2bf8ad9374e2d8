package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.ISSUER;
import static id.nu.oauth.core.TokenFixtures.TOKEN_URI;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.basic;
import static id.nu.oauth.core.TokenFixtures.form;
import static id.nu.oauth.core.TokenFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientAuthMethod;
import id.nu.oauth.client.ClientKeys;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code private_key_jwt} client authentication (RFC 7523 §2.2 and §3, RFC 7521 §4.2, OpenID Connect
 * Core §9). Assertions are built and signed with Nimbus, an implementation independent of ours.
 */
class PrivateKeyJwtTest {

    static final String BANK = "bank-app";
    static final ECKey BANK_KEY = ecKey("bank-1");
    static final ECKey OTHER_KEY = ecKey("bank-1"); // same kid, different key
    static final RSAKey BANK_RSA = rsaKey("bank-rsa");

    private final TokenFixtures f = TokenFixtures.create(b -> b.client(Client.confidentialWithKeys(BANK,
                    ClientKeys.inline(new JWKSet(List.of(BANK_KEY.toPublicJWK(), BANK_RSA.toPublicJWK())).toString()))
            .grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("accounts").build()));

    static ECKey ecKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant now() {
        return f.clock.instant();
    }

    private JWTAuthenticationClaimsSet claims(String clientId, URI audience, Duration lifetime, String jti) {
        Instant now = now();
        return new JWTAuthenticationClaimsSet(new ClientID(clientId), List.of(new Audience(audience)),
                Date.from(now.plus(lifetime)), null, Date.from(now), jti == null ? null : new JWTID(jti));
    }

    private String assertion(JWTAuthenticationClaimsSet claims) throws Exception {
        return new PrivateKeyJWT(claims, JWSAlgorithm.ES256, BANK_KEY.toECPrivateKey(), BANK_KEY.getKeyID(), null)
                .getClientAssertion().serialize();
    }

    private String assertion() throws Exception {
        return assertion(claims(BANK, TOKEN_URI, Duration.ofMinutes(2), UUID.randomUUID().toString()));
    }

    private EndpointResponse clientCredentials(String assertion) {
        return f.token(form("grant_type", "client_credentials",
                "client_assertion_type", ClientAssertions.JWT_BEARER, "client_assertion", assertion));
    }

    @Test
    void aValidAssertionForTheTokenEndpointAuthenticates_rfc7523Section3() throws Exception {
        EndpointResponse r = clientCredentials(assertion());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("scope")).isEqualTo("accounts");
    }

    @Test
    void theIssuerIsAnAcceptedAudience_rfc7523Section3Item3() throws Exception {
        assertThat(clientCredentials(assertion(claims(BANK, ISSUER, Duration.ofMinutes(1), "j-1"))).status())
                .isEqualTo(200);
    }

    @Test
    void anRsaKeyWithPs256Works() throws Exception {
        String jwt = new PrivateKeyJWT(claims(BANK, TOKEN_URI, Duration.ofMinutes(1), "rsa-1"), JWSAlgorithm.PS256,
                BANK_RSA.toRSAPrivateKey(), BANK_RSA.getKeyID(), null).getClientAssertion().serialize();
        assertThat(clientCredentials(jwt).status()).isEqualTo(200);
    }

    @Test
    void aForeignAudienceIsRefused_rfc7523Section3Item3() throws Exception {
        assertError(clientCredentials(assertion(claims(BANK, URI.create("https://other.example/token"),
                Duration.ofMinutes(1), "j-2"))), 401, "invalid_client");
    }

    @Test
    void aReplayedAssertionIsRefused_oidcCoreSection9Jti() throws Exception {
        String once = assertion();
        assertThat(clientCredentials(once).status()).isEqualTo(200);
        assertError(clientCredentials(once), 401, "invalid_client");
    }

    @Test
    void anAssertionAcceptedAtOneEndpointIsRefusedAtEveryOther_rfc7523Section3Item7() throws Exception {
        // the issuer as audience is accepted at every endpoint, so only the used-up jti stops the replay
        String once = assertion(claims(BANK, ISSUER, Duration.ofMinutes(2), "cross-endpoint-1"));
        EndpointResponse issued = clientCredentials(once);
        assertThat(issued.status()).as(issued.body()).isEqualTo(200);
        String token = (String) json(issued).get("access_token");
        Map<String, String> withToken = form("token", token, "client_assertion_type",
                ClientAssertions.JWT_BEARER, "client_assertion", once);
        assertError(f.server.introspect(EndpointRequest.of(withToken)), 401, "invalid_client");
        assertError(f.server.revoke(EndpointRequest.of(withToken)), 401, "invalid_client");
        assertError(f.server.pushAuthorizationRequest(EndpointRequest.of(form("response_type", "code",
                "client_assertion_type", ClientAssertions.JWT_BEARER, "client_assertion", once))), 401,
                "invalid_client");
        // and the token is still active: the refused replays revoked nothing
        EndpointResponse check = f.server.introspect(EndpointRequest.of(form("token", token,
                "client_assertion_type", ClientAssertions.JWT_BEARER, "client_assertion", assertion())));
        assertThat(json(check).get("active")).isEqualTo(true);
    }

    @Test
    void anAssertionWithoutJtiIsRefused_oidcCoreSection9() throws Exception {
        assertError(clientCredentials(assertion(claims(BANK, TOKEN_URI, Duration.ofMinutes(1), null))),
                401, "invalid_client");
    }

    @Test
    void anExpiredOrLongLivedAssertionIsRefused_rfc7523Section3Item4() throws Exception {
        String jwt = assertion(claims(BANK, TOKEN_URI, Duration.ofMinutes(1), "j-3"));
        f.clock.advance(Duration.ofMinutes(3)); // past exp and the minute of skew
        assertError(clientCredentials(jwt), 401, "invalid_client");
        assertError(clientCredentials(assertion(claims(BANK, TOKEN_URI, Duration.ofHours(1), "j-4"))),
                401, "invalid_client");
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() throws Exception {
        String forged = new PrivateKeyJWT(claims(BANK, TOKEN_URI, Duration.ofMinutes(1), "j-5"), JWSAlgorithm.ES256,
                OTHER_KEY.toECPrivateKey(), OTHER_KEY.getKeyID(), null).getClientAssertion().serialize();
        assertError(clientCredentials(forged), 401, "invalid_client");
    }

    @Test
    void anHmacOrUnsignedAssertionIsRefused_rfc7515Section10_7() throws Exception {
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                claims(BANK, TOKEN_URI, Duration.ofMinutes(1), "j-6").toJWTClaimsSet());
        hmac.sign(new MACSigner(new byte[32]));
        assertError(clientCredentials(hmac.serialize()), 401, "invalid_client");
        String unsigned = new com.nimbusds.jwt.PlainJWT(claims(BANK, TOKEN_URI, Duration.ofMinutes(1), "j-7")
                .toJWTClaimsSet()).serialize();
        assertError(clientCredentials(unsigned), 401, "invalid_client");
        assertError(clientCredentials("not-a-jwt"), 401, "invalid_client");
    }

    @Test
    void issAndSubMustBothBeTheClient_rfc7523Section3Items1And2() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder(claims(BANK, TOKEN_URI, Duration.ofMinutes(1), "j-8")
                .toJWTClaimsSet()).subject("someone-else").build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("bank-1").build(), claims);
        jwt.sign(new ECDSASigner(BANK_KEY));
        assertError(clientCredentials(jwt.serialize()), 401, "invalid_client");
    }

    @Test
    void aClientIdBesideTheAssertionMustMatchIt() throws Exception {
        EndpointResponse r = f.token(form("grant_type", "client_credentials", "client_id", "portal",
                "client_assertion_type", ClientAssertions.JWT_BEARER, "client_assertion", assertion()));
        assertError(r, 400, "invalid_request");
    }

    @Test
    void oneMethodPerRequest_rfc6749Section2_3() throws Exception {
        EndpointResponse r = f.token(form("grant_type", "client_credentials",
                "client_assertion_type", ClientAssertions.JWT_BEARER, "client_assertion", assertion()),
                basic(BANK, "whatever"));
        assertError(r, 400, "invalid_request");
    }

    @Test
    void anUnknownAssertionTypeIsRefused_rfc7521Section4_2() throws Exception {
        EndpointResponse r = f.token(form("grant_type", "client_credentials",
                "client_assertion_type", "urn:example:other", "client_assertion", assertion()));
        assertError(r, 401, "invalid_client");
    }

    @Test
    void aClientUsesOnlyTheMethodsItRegistered() throws Exception {
        // the secret client "portal" cannot authenticate with an assertion, even a well-signed one
        String portalAssertion = new PrivateKeyJWT(claims("portal", TOKEN_URI, Duration.ofMinutes(1), "j-9"),
                JWSAlgorithm.ES256, BANK_KEY.toECPrivateKey(), "bank-1", null).getClientAssertion().serialize();
        assertError(clientCredentials(portalAssertion), 401, "invalid_client");
        // and a client registered for private_key_jwt only has no secret to send
        assertError(f.token(form("grant_type", "client_credentials"), basic(BANK, SecretHash.generateSecret())),
                401, "invalid_client");
    }

    @Test
    void aSecretClientRegisteredForBasicOnlyCannotUsePost() {
        String secret = SecretHash.generateSecret();
        TokenFixtures basicOnly = TokenFixtures.create(b -> b.client(Client.confidential("basic-only", SecretHash.of(secret))
                .authMethods(ClientAuthMethod.CLIENT_SECRET_BASIC).grantTypes(GrantType.CLIENT_CREDENTIALS)
                .scopes("a").build()));
        assertThat(basicOnly.token(form("grant_type", "client_credentials"), basic("basic-only", secret)).status())
                .isEqualTo(200);
        assertError(basicOnly.token(form("grant_type", "client_credentials", "client_id", "basic-only",
                "client_secret", secret)), 401, "invalid_client");
    }

    @Test
    void assertionsWorkAtIntrospectionAndRevocationToo() throws Exception {
        String token = (String) json(clientCredentials(assertion())).get("access_token");
        // the endpoint's own URL is an accepted audience (RFC 7523 §3 item 3)
        EndpointResponse introspection = f.server.handle(EndpointRequest.builder("POST", Endpoints.INTROSPECT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(FormCodec.encode(Map.of("token", List.of(token), "client_assertion_type",
                        List.of(ClientAssertions.JWT_BEARER), "client_assertion", List.of(assertion(claims(BANK,
                                URI.create(ISSUER + Endpoints.INTROSPECT), Duration.ofMinutes(1), "intro-1")))))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .build());
        assertThat(introspection.status()).as(introspection.body()).isEqualTo(200);
        assertThat(json(introspection).get("active")).isEqualTo(true);
        EndpointResponse revocation = f.server.revoke(EndpointRequest.of(
                form("token", token, "client_assertion_type", ClientAssertions.JWT_BEARER,
                        "client_assertion", assertion())));
        assertThat(revocation.status()).isEqualTo(200);
    }

    @Test
    void metadataListsPrivateKeyJwtAndItsAlgorithms_rfc8414Section2() {
        Map<String, Object> metadata = json(f.server.handle(EndpointRequest.builder("GET", Endpoints.OAUTH_METADATA).build()));
        assertThat(metadata.get("token_endpoint_auth_methods_supported").toString()).contains("private_key_jwt");
        assertThat(metadata.get("token_endpoint_auth_signing_alg_values_supported").toString())
                .isEqualTo("[ES256, EdDSA, PS256, RS256]");
    }

    @Test
    void aRegisteredJwkSetWithAPrivateKeyIsRefusedAtRegistration() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TokenFixtures.create(b -> b.client(
                Client.confidentialWithKeys("leaky", ClientKeys.inline(new JWKSet(BANK_KEY).toString(false)))
                        .grantTypes(GrantType.CLIENT_CREDENTIALS).build())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("public");
    }

    @Test
    void jwksUrisOnNonPublicAddressesAreNotFetched_ssrf() throws Exception {
        for (String address : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "224.0.0.1")) {
            assertThat(ClientJwks.isPublic(InetAddress.getByName(address))).as(address).isFalse();
        }
        assertThat(ClientJwks.isPublic(InetAddress.getByName("93.184.216.34"))).isTrue();
        assertThat(ClientJwks.isPublic(InetAddress.getByName("2606:2800:220:1::1"))).isTrue();

        TokenFixtures remote = TokenFixtures.create(b -> b.client(Client.confidentialWithKeys("remote",
                        ClientKeys.remote(URI.create("https://127.0.0.1:1/jwks.json")))
                .grantTypes(GrantType.CLIENT_CREDENTIALS).build()));
        String jwt = new PrivateKeyJWT(claims("remote", TOKEN_URI, Duration.ofMinutes(1), "r-1"), JWSAlgorithm.ES256,
                BANK_KEY.toECPrivateKey(), "bank-1", null).getClientAssertion().serialize();
        assertError(remote.token(form("grant_type", "client_credentials",
                "client_assertion_type", ClientAssertions.JWT_BEARER, "client_assertion", jwt)), 401, "invalid_client");
    }
}
