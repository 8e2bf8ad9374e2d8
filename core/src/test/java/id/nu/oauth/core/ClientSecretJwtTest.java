package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.ISSUER;
import static id.nu.oauth.core.TokenFixtures.PORTAL;
import static id.nu.oauth.core.TokenFixtures.PORTAL_SECRET;
import static id.nu.oauth.core.TokenFixtures.TOKEN_URI;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.basic;
import static id.nu.oauth.core.TokenFixtures.form;
import static id.nu.oauth.core.TokenFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretJWT;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientInformation;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientMetadata;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientRegistrationRequest;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientAuthMethod;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * {@code client_secret_jwt} client authentication (RFC 7523 §2.2 and §3, RFC 7521 §4.2, OpenID
 * Connect Core §9) over the public API: opt-in per client, and only with the host's client secret
 * encryption key, since the server keeps secrets as hashes and an HMAC needs the secret itself.
 * Assertions are made with Nimbus ({@link ClientSecretJWT}, {@link JWTAuthenticationClaimsSet},
 * {@link MACSigner}), never with our code.
 */
class ClientSecretJwtTest {

    static final byte[] KEY = random(32);
    static final ClientSecretSeal SEAL = ClientSecretSeal.withKey(KEY);

    /** A client_secret_jwt client with a secret of 43 bytes: HS256 only (RFC 7518 §3.2). */
    static final String HMAC = "hmac-app";
    static final String HMAC_SECRET = SecretHash.generateSecret();
    static final String HMAC_REDIRECT = "https://hmac.example.or.id/cb";

    /** A client_secret_jwt client with a secret of 86 bytes: HS256, HS384 and HS512. */
    static final String LONG = "hmac-long";
    static final String LONG_SECRET = SecretHash.generateSecret() + SecretHash.generateSecret();

    private final TokenFixtures f = server(b -> { });

    static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    static Client hmacClient(String id, String secret, ClientSecretSeal seal) {
        return Client.confidential(id, SecretHash.of(secret))
                .authMethods(ClientAuthMethod.CLIENT_SECRET_JWT)
                .sealedSecret(seal.seal(id, secret))
                .redirectUri(HMAC_REDIRECT)
                .grantTypes(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS)
                .scopes("profile", "accounts")
                .build();
    }

    static TokenFixtures server(Consumer<AuthorizationServer.Builder> more) {
        return TokenFixtures.create(b -> {
            b.clientSecretEncryptionKey(KEY)
                    .client(hmacClient(HMAC, HMAC_SECRET, SEAL))
                    .client(hmacClient(LONG, LONG_SECRET, SEAL));
            more.accept(b);
        });
    }

    private JWTAuthenticationClaimsSet claims(String clientId, URI audience, Duration lifetime) {
        Instant now = f.clock.instant();
        return new JWTAuthenticationClaimsSet(new ClientID(clientId), List.of(new Audience(audience)),
                Date.from(now.plus(lifetime)), null, Date.from(now), new JWTID(UUID.randomUUID().toString()));
    }

    /** Nimbus's client_secret_jwt: the claims, HMAC-signed with the secret. */
    static String assertion(JWTAuthenticationClaimsSet claims, JWSAlgorithm alg, String secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims.toJWTClaimsSet());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return new ClientSecretJWT(jwt).getClientAssertion().serialize();
    }

    private String assertion(String clientId, String secret) throws Exception {
        return assertion(claims(clientId, TOKEN_URI, Duration.ofMinutes(2)), JWSAlgorithm.HS256, secret);
    }

    private String assertion() throws Exception {
        return assertion(HMAC, HMAC_SECRET);
    }

    private static Map<String, String> withAssertion(String assertion, String... more) {
        Map<String, String> form = form(more);
        form.put("client_assertion_type", ClientAssertions.JWT_BEARER);
        form.put("client_assertion", assertion);
        return form;
    }

    private EndpointResponse clientCredentials(TokenFixtures fx, String assertion) {
        return fx.token(withAssertion(assertion, "grant_type", "client_credentials"));
    }

    private EndpointResponse clientCredentials(String assertion) {
        return clientCredentials(f, assertion);
    }

    /** invalid_client, 401, with the same Basic challenge as every other client authentication failure. */
    private static void assertInvalidClient(EndpointResponse r) {
        assertError(r, 401, "invalid_client");
        assertThat(r.headers().get("WWW-Authenticate")).as("RFC 6749 section 5.2").startsWith("Basic ");
    }

    /** Runs {@code run} and returns what the engine logged meanwhile (slf4j-simple writes to System.err). */
    static String logged(Runnable run) {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setErr(stderr);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- success

    @Test
    void anHs256AssertionMadeByNimbusAuthenticatesAtTheTokenEndpoint_rfc7523Section2_2() throws Exception {
        EndpointResponse r = clientCredentials(assertion());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("scope").toString()).contains("accounts");
    }

    @Test
    void nimbusClientSecretJwtWithItsOwnClaimsIsAcceptedToo_oidcCoreSection9() throws Exception {
        // Nimbus's own constructor: aud the token endpoint, a fresh jti, exp five minutes from its clock
        f.clock.set(Instant.now());
        String jwt = new ClientSecretJWT(new ClientID(HMAC), TOKEN_URI, JWSAlgorithm.HS256, new Secret(HMAC_SECRET))
                .getClientAssertion().serialize();
        EndpointResponse r = clientCredentials(jwt);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void hs384AndHs512WorkWithASecretAsLongAsTheHash_rfc7518Section3_2() throws Exception {
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)) {
            EndpointResponse r = clientCredentials(assertion(claims(LONG, ISSUER, Duration.ofMinutes(1)), alg,
                    LONG_SECRET));
            assertThat(r.status()).as(alg + ": " + r.body()).isEqualTo(200);
        }
    }

    @Test
    void hs384AndHs512WithASecretShorterThanTheHashAreRefused_rfc7518Section3_2() throws Exception {
        // Nimbus will not sign so (its MACSigner refuses the short key): a client that does gets invalid_client, not a 500
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.HS384, JWSAlgorithm.HS512)) {
            String jwt = hmacWithAnyKey(claims(HMAC, TOKEN_URI, Duration.ofMinutes(1)).toJWTClaimsSet(), alg, HMAC_SECRET);
            EndpointResponse r = clientCredentials(jwt);
            assertInvalidClient(r);
            assertThat(json(r).get("error_description").toString()).contains("too short").contains("7518");
        }
    }

    @Test
    void everyEndpointThatAuthenticatesClientsAcceptsIt_rfc7523Section2_2() throws Exception {
        // the code flow: token endpoint
        String code = f.authorize(form("response_type", "code", "client_id", HMAC, "redirect_uri", HMAC_REDIRECT,
                "scope", "profile"));
        EndpointResponse tokens = f.token(withAssertion(assertion(), "grant_type", "authorization_code", "code", code,
                "redirect_uri", HMAC_REDIRECT));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        String access = (String) json(tokens).get("access_token");
        String refresh = (String) json(tokens).get("refresh_token");

        // the NU.ID refresh endpoint, with the issuer as audience (RFC 7523 §3 item 3)
        EndpointResponse refreshed = f.refreshAccessToken(withAssertion(
                assertion(claims(HMAC, ISSUER, Duration.ofMinutes(1)), JWSAlgorithm.HS256, HMAC_SECRET),
                "grant_type", "refresh_token", "refresh_token", refresh));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);

        // introspection, with the endpoint's own URL as audience (RFC 7523 §3 item 3)
        Map<String, List<String>> introspect = new java.util.LinkedHashMap<>();
        withAssertion(assertion(claims(HMAC, URI.create(ISSUER + Endpoints.INTROSPECT), Duration.ofMinutes(1)),
                JWSAlgorithm.HS256, HMAC_SECRET), "token", (String) json(refreshed).get("access_token"))
                .forEach((k, v) -> introspect.put(k, List.of(v)));
        EndpointResponse introspection = f.server.handle(EndpointRequest.builder("POST", Endpoints.INTROSPECT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(FormCodec.encode(introspect).getBytes(StandardCharsets.UTF_8)).build());
        assertThat(introspection.status()).as(introspection.body()).isEqualTo(200);
        assertThat(json(introspection).get("active")).isEqualTo(true);
        assertThat(json(introspection).get("client_id")).isEqualTo(HMAC);

        // PAR (RFC 9126 §2.1: the client authenticates as at the token endpoint)
        EndpointResponse pushed = f.server.pushAuthorizationRequest(EndpointRequest.of(withAssertion(assertion(),
                "response_type", "code", "redirect_uri", HMAC_REDIRECT, "scope", "profile")));
        assertThat(pushed.status()).as(pushed.body()).isEqualTo(201);
        assertThat(json(pushed).get("request_uri").toString()).startsWith("urn:ietf:params:oauth:request_uri:");

        // revocation
        EndpointResponse revoked = f.revoke(withAssertion(assertion(), "token", access));
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- the RFC 7523 §3 rules, as for private_key_jwt

    @Test
    void aReplayedAssertionSucceedsOnceAtEveryEndpoint_oidcCoreSection9Jti() throws Exception {
        String once = assertion(claims(HMAC, ISSUER, Duration.ofMinutes(2)), JWSAlgorithm.HS256, HMAC_SECRET);
        EndpointResponse first = clientCredentials(once);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertInvalidClient(clientCredentials(once));
        String token = (String) json(first).get("access_token");
        assertInvalidClient(f.server.introspect(EndpointRequest.of(withAssertion(once, "token", token))));
        assertInvalidClient(f.server.revoke(EndpointRequest.of(withAssertion(once, "token", token))));
        assertInvalidClient(f.server.pushAuthorizationRequest(EndpointRequest.of(withAssertion(once,
                "response_type", "code", "redirect_uri", HMAC_REDIRECT))));
        assertThat(TokenFixtures.active(f.server, token)).as("the refused replays revoked nothing").isTrue();
    }

    @Test
    void audExpAndJtiAreCheckedAsForPrivateKeyJwt_rfc7523Section3() throws Exception {
        assertInvalidClient(clientCredentials(assertion(claims(HMAC, URI.create("https://other.example/token"),
                Duration.ofMinutes(1)), JWSAlgorithm.HS256, HMAC_SECRET)));                        // §3 item 3
        assertInvalidClient(clientCredentials(assertion(claims(HMAC, TOKEN_URI, Duration.ofHours(1)),
                JWSAlgorithm.HS256, HMAC_SECRET)));                                                 // §3 item 4
        String soon = assertion(claims(HMAC, TOKEN_URI, Duration.ofMinutes(1)), JWSAlgorithm.HS256, HMAC_SECRET);
        f.clock.advance(Duration.ofMinutes(3));
        assertInvalidClient(clientCredentials(soon));                                              // expired
        Instant now = f.clock.instant();
        JWTClaimsSet noJti = new JWTClaimsSet.Builder().issuer(HMAC).subject(HMAC).audience(TOKEN_URI.toString())
                .expirationTime(Date.from(now.plusSeconds(60))).build();
        assertInvalidClient(clientCredentials(signed(noJti, JWSAlgorithm.HS256, HMAC_SECRET)));     // OIDC Core §9
        JWTClaimsSet noExp = new JWTClaimsSet.Builder().issuer(HMAC).subject(HMAC).audience(TOKEN_URI.toString())
                .jwtID("no-exp").build();
        assertInvalidClient(clientCredentials(signed(noExp, JWSAlgorithm.HS256, HMAC_SECRET)));     // §3 item 4
        JWTClaimsSet otherSub = new JWTClaimsSet.Builder(claims(HMAC, TOKEN_URI, Duration.ofMinutes(1))
                .toJWTClaimsSet()).subject(LONG).build();
        assertInvalidClient(clientCredentials(signed(otherSub, JWSAlgorithm.HS256, HMAC_SECRET)));  // §3 items 1, 2
    }

    @Test
    void aWrongSecretIsRefused() throws Exception {
        assertInvalidClient(clientCredentials(assertion(HMAC, SecretHash.generateSecret())));
        assertInvalidClient(clientCredentials(assertion(HMAC, LONG_SECRET)));
    }

    @Test
    void algNoneIsRefused_rfc7515Section10_7() throws Exception {
        String unsigned = new PlainJWT(claims(HMAC, TOKEN_URI, Duration.ofMinutes(1)).toJWTClaimsSet()).serialize();
        assertInvalidClient(clientCredentials(unsigned));
    }

    @Test
    void anAsymmetricAlgorithmIsRefusedForASecretClient_rfc7523Section2_2() throws Exception {
        // a client registered for client_secret_jwt only has no keys: ES256 under any key is not its proof
        ECKey someKey = PrivateKeyJwtTest.ecKey("any");
        String es256 = new PrivateKeyJWT(claims(HMAC, TOKEN_URI, Duration.ofMinutes(1)), JWSAlgorithm.ES256,
                someKey.toECPrivateKey(), someKey.getKeyID(), null).getClientAssertion().serialize();
        assertInvalidClient(clientCredentials(es256));
    }

    @Test
    void anHmacAssertionOfAClientThatDidNotRegisterClientSecretJwtIsRefused_oidcCoreSection9() throws Exception {
        // portal registered client_secret_basic and client_secret_post: an HMAC with its right secret is refused
        assertInvalidClient(clientCredentials(assertion(PORTAL, PORTAL_SECRET)));
        // and the client_secret_jwt client cannot fall back to sending its secret
        assertInvalidClient(f.token(form("grant_type", "client_credentials"), basic(HMAC, HMAC_SECRET)));
        assertInvalidClient(f.token(form("grant_type", "client_credentials", "client_id", HMAC,
                "client_secret", HMAC_SECRET)));
    }

    @Test
    void aClientMayRegisterClientSecretJwtBesideBasic() throws Exception {
        String secret = SecretHash.generateSecret();
        TokenFixtures both = server(b -> b.client(Client.confidential("both", SecretHash.of(secret))
                .authMethods(ClientAuthMethod.CLIENT_SECRET_BASIC, ClientAuthMethod.CLIENT_SECRET_JWT)
                .sealedSecret(SEAL.seal("both", secret)).grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("a").build()));
        assertThat(both.token(form("grant_type", "client_credentials"), basic("both", secret)).status()).isEqualTo(200);
        String jwt = assertion(new JWTAuthenticationClaimsSet(new ClientID("both"), List.of(new Audience(TOKEN_URI)),
                Date.from(both.clock.instant().plusSeconds(60)), null, Date.from(both.clock.instant()), new JWTID()),
                JWSAlgorithm.HS256, secret);
        assertThat(clientCredentials(both, jwt).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- the key, the seal, the store

    @Test
    void withoutTheKeyHmacAssertionsAreRefusedAndSuchAClientCannotBeRegistered() throws Exception {
        TokenFixtures plain = TokenFixtures.create();
        assertInvalidClient(clientCredentials(plain, assertion(PORTAL, PORTAL_SECRET)));
        assertThatThrownBy(() -> TokenFixtures.create(b -> b.client(hmacClient(HMAC, HMAC_SECRET, SEAL))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("clientSecretEncryptionKey")
                .hasMessageNotContaining(HMAC_SECRET);
        assertThatThrownBy(() -> plain.server.clientManagement().save(hmacClient(HMAC, HMAC_SECRET, SEAL)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aServerWithAnotherKeyRefusesTheClientAtStartAndInManagement() {
        ClientSecretSeal other = ClientSecretSeal.withKey(random(32));
        assertThatThrownBy(() -> server(b -> b.client(hmacClient("x-app", HMAC_SECRET, other))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x-app")
                .hasMessageNotContaining(HMAC_SECRET);
        assertThatThrownBy(() -> f.server.clientManagement().save(hmacClient("x-app", HMAC_SECRET, other)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not open");
    }

    @Test
    void aStoredSealedSecretThatDoesNotOpenIsInvalidClientAndOneWarnNamingTheClient() throws Exception {
        // a row written under another key (or damaged), straight into the store
        f.storage.clients().save(hmacClient("stray-app", HMAC_SECRET, ClientSecretSeal.withKey(random(32))));
        String[] answer = new String[1];
        String log = logged(() -> {
            try {
                EndpointResponse r = clientCredentials(assertion("stray-app", HMAC_SECRET));
                assertInvalidClient(r);
                answer[0] = r.body();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(log).contains("WARN").contains("client stray-app").contains("does not open")
                .doesNotContain("ERROR").doesNotContain(HMAC_SECRET);
        assertThat(log.indexOf("client stray-app: its sealed")).isEqualTo(log.lastIndexOf("client stray-app: its sealed"));
        assertThat(answer[0]).doesNotContain("sealed").doesNotContain("key");
    }

    @Test
    void aSealedSecretMovedToAnotherClientDoesNotOpen() throws Exception {
        // the very same secret, sealed for hmac-app, copied onto the row of "copy-app": the binding refuses it
        String sealedForHmac = SEAL.seal(HMAC, HMAC_SECRET);
        Client copy = Client.confidential("copy-app", SecretHash.of(HMAC_SECRET))
                .authMethods(ClientAuthMethod.CLIENT_SECRET_JWT).sealedSecret(sealedForHmac)
                .grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("a").build();
        assertThatThrownBy(() -> f.server.clientManagement().save(copy)).isInstanceOf(IllegalArgumentException.class);
        f.storage.clients().save(copy);
        String log = logged(() -> {
            try {
                assertInvalidClient(clientCredentials(assertion("copy-app", HMAC_SECRET)));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(log).contains("client copy-app").doesNotContain(HMAC_SECRET);
        assertThatThrownBy(() -> SEAL.open("copy-app", sealedForHmac)).isInstanceOf(ClientSecretSeal.Unopenable.class);
        assertThat(SEAL.open(HMAC, sealedForHmac)).isEqualTo(HMAC_SECRET);
    }

    @Test
    void aSealedSecretThatIsNotTheHashedSecretIsRefused() throws Exception {
        // the host changed the hash and forgot to seal again: neither secret works by HMAC
        String newSecret = SecretHash.generateSecret();
        f.storage.clients().save(Client.confidential("stale-app", SecretHash.of(newSecret))
                .authMethods(ClientAuthMethod.CLIENT_SECRET_JWT).sealedSecret(SEAL.seal("stale-app", HMAC_SECRET))
                .grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("a").build());
        String log = logged(() -> {
            try {
                assertInvalidClient(clientCredentials(assertion("stale-app", HMAC_SECRET)));
                assertInvalidClient(clientCredentials(assertion("stale-app", newSecret)));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(log).contains("client stale-app").contains("not the secret its hash was made from")
                .doesNotContain(HMAC_SECRET).doesNotContain(newSecret);
    }

    @Test
    void theSealIsAuthenticatedEncryptionBoundToTheClientAndShowsNoSecret() throws Exception {
        String sealed = SEAL.seal(HMAC, HMAC_SECRET);
        assertThat(sealed).doesNotContain(HMAC_SECRET).isNotEqualTo(SEAL.seal(HMAC, HMAC_SECRET)); // a fresh IV each time
        com.nimbusds.jose.JWEObject jwe = com.nimbusds.jose.JWEObject.parse(sealed);
        assertThat(jwe.getHeader().getAlgorithm().getName()).isEqualTo("dir");
        assertThat(jwe.getHeader().getEncryptionMethod().getName()).isEqualTo("A256GCM");
        assertThat(jwe.getHeader().getCustomParam("nuid_client_id")).isEqualTo(HMAC);
        // a changed header (another client id) or ciphertext fails the GCM tag
        String[] parts = sealed.split("\\.");
        String otherHeader = new com.nimbusds.jose.JWEHeader.Builder(jwe.getHeader().getAlgorithm(),
                jwe.getHeader().getEncryptionMethod()).type(jwe.getHeader().getType()).customParam("nuid_client_id", LONG)
                .build().toBase64URL().toString();
        assertThatThrownBy(() -> SEAL.open(LONG, otherHeader + sealed.substring(parts[0].length())))
                .isInstanceOf(ClientSecretSeal.Unopenable.class);
        char c = parts[3].charAt(0);
        String damaged = parts[0] + "." + parts[1] + "." + parts[2] + "." + (c == 'A' ? 'B' : 'A') + parts[3].substring(1)
                + "." + parts[4];
        assertThatThrownBy(() -> SEAL.open(HMAC, damaged)).isInstanceOf(ClientSecretSeal.Unopenable.class);
        assertThatThrownBy(() -> SEAL.open(HMAC, "not a jwe")).isInstanceOf(ClientSecretSeal.Unopenable.class);
        assertThat(SEAL.toString()).doesNotContain(Base64URL.encode(KEY).toString());
        Client client = hmacClient(HMAC, HMAC_SECRET, SEAL);
        assertThat(client.toString()).doesNotContain(client.sealedSecret()).doesNotContain(HMAC_SECRET);
    }

    @Test
    void theSealRefusesAWrongKeyAndASecretShorterThanHs256Needs_rfc7518Section3_2() {
        assertThatThrownBy(() -> ClientSecretSeal.withKey(random(16))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuthorizationServer.builder().clientSecretEncryptionKey(random(31)))
                .isInstanceOf(IllegalArgumentException.class);
        String shortSecret = "0123456789abcdefghijklmnopqrstu"; // 31 bytes
        assertThatThrownBy(() -> SEAL.seal(HMAC, shortSecret)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7518").hasMessageNotContaining(shortSecret);
        assertThatThrownBy(() -> SEAL.seal("", HMAC_SECRET)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- rotation

    @Test
    void rotationSealsTheNewSecretAndTheOldOneWorksForTheGracePeriod() throws Exception {
        Client before = f.server.clientManagement().find(HMAC).orElseThrow();
        String newSecret = f.server.clientManagement().rotateSecret(HMAC, Duration.ofHours(1));
        Client after = f.server.clientManagement().find(HMAC).orElseThrow();
        assertThat(after.sealedSecret()).isNotEqualTo(before.sealedSecret()).doesNotContain(newSecret);
        assertThat(after.previousSecret().sealedSecret()).isEqualTo(before.sealedSecret());
        assertThat(clientCredentials(assertion(HMAC, newSecret)).status()).isEqualTo(200);
        assertThat(clientCredentials(assertion(HMAC, HMAC_SECRET)).status()).as("the old one, in grace").isEqualTo(200);
        f.clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertInvalidClient(clientCredentials(assertion(HMAC, HMAC_SECRET)));
        assertThat(clientCredentials(assertion(HMAC, newSecret)).status()).isEqualTo(200);
    }

    @Test
    void rotationWithoutGraceStopsTheOldSecretAtOnce() throws Exception {
        String newSecret = f.server.clientManagement().rotateSecret(HMAC, Duration.ZERO);
        assertInvalidClient(clientCredentials(assertion(HMAC, HMAC_SECRET)));
        assertThat(clientCredentials(assertion(HMAC, newSecret)).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- metadata (RFC 8414 §2)

    @Test
    void metadataListsClientSecretJwtAndHmacAlgorithmsOnlyWithTheKey_rfc8414Section2() throws Exception {
        for (TokenFixtures fx : List.of(f, TokenFixtures.create())) {
            boolean on = fx == f;
            AuthorizationServerMetadata as = AuthorizationServerMetadata.parse(
                    fx.server.handle(EndpointRequest.builder("GET", Endpoints.OAUTH_METADATA).build()).body());
            OIDCProviderMetadata op = OIDCProviderMetadata.parse(
                    fx.server.handle(EndpointRequest.builder("GET", Endpoints.OPENID_CONFIGURATION).build()).body());
            for (AuthorizationServerMetadata m : List.of(as, op)) {
                for (List<ClientAuthenticationMethod> methods : List.of(m.getTokenEndpointAuthMethods(),
                        m.getIntrospectionEndpointAuthMethods(), m.getRevocationEndpointAuthMethods())) {
                    assertThat(methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_JWT)).isEqualTo(on);
                    assertThat(methods).contains(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
                }
                for (List<JWSAlgorithm> algs : List.of(m.getTokenEndpointJWSAlgs(), m.getIntrospectionEndpointJWSAlgs(),
                        m.getRevocationEndpointJWSAlgs())) {
                    if (on) {
                        assertThat(algs).contains(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512,
                                JWSAlgorithm.ES256);
                    } else {
                        assertThat(algs).doesNotContain(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- FAPI 2.0

    @Test
    void theServerWideFapi2SwitchNeverOffersNorAcceptsIt_fapi2Section5_3_2_1Item4() throws Exception {
        String[] log = new String[1];
        TokenFixtures[] fapi = new TokenFixtures[1];
        log[0] = logged(() -> fapi[0] = server(AuthorizationServer.Builder::fapi2SecurityProfile));
        assertThat(log[0]).contains("client " + HMAC + " is refused as not registered").doesNotContain(HMAC_SECRET);
        TokenFixtures fx = fapi[0];
        String jwt = assertion(new JWTAuthenticationClaimsSet(new ClientID(HMAC), List.of(new Audience(TOKEN_URI)),
                Date.from(fx.clock.instant().plusSeconds(60)), null, Date.from(fx.clock.instant()), new JWTID()),
                JWSAlgorithm.HS256, HMAC_SECRET);
        assertInvalidClient(clientCredentials(fx, jwt));
        Map<String, Object> metadata = json(fx.server.handle(EndpointRequest.builder("GET", Endpoints.OAUTH_METADATA)
                .build()));
        assertThat(metadata.get("token_endpoint_auth_methods_supported").toString()).doesNotContain("client_secret_jwt");
        assertThat(metadata.get("token_endpoint_auth_signing_alg_values_supported").toString()).doesNotContain("HS");
        // and a client held to FAPI 2.0 cannot register it at all
        assertThatThrownBy(() -> hmacClient(HMAC, HMAC_SECRET, SEAL).withRequirements(
                new id.nu.oauth.client.ClientRequirements(true, false, false, true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FAPI 2.0");
    }

    // ---------------------------------------------------------------- dynamic registration (RFC 7591)

    private static final String INITIAL = SecretHash.generateSecret();

    private static EndpointResponse register(TokenFixtures fx, ClientAuthenticationMethod method) {
        OIDCClientMetadata m = new OIDCClientMetadata();
        m.setGrantTypes(Set.of(com.nimbusds.oauth2.sdk.GrantType.CLIENT_CREDENTIALS));
        m.setTokenEndpointAuthMethod(method);
        m.setScope(new com.nimbusds.oauth2.sdk.Scope("profile"));
        return fx.server.handle(DynamicRegistrationTest.endpointRequest(new OIDCClientRegistrationRequest(
                URI.create(ISSUER + Endpoints.REGISTRATION), m, new BearerAccessToken(INITIAL)).toHTTPRequest()));
    }

    @Test
    void dynamicRegistrationIssuesASealedSecretForClientSecretJwtWithTheKey_rfc7591Section2() throws Exception {
        TokenFixtures fx = server(b -> b.dynamicRegistration(DynamicRegistration.initialAccessTokens(INITIAL)
                .scopes("profile")));
        EndpointResponse r = register(fx, ClientAuthenticationMethod.CLIENT_SECRET_JWT);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        OIDCClientInformation info = DynamicRegistrationTest.information(r);
        assertThat(info.getMetadata().getTokenEndpointAuthMethod()).isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_JWT);
        String id = info.getID().getValue();
        String secret = info.getSecret().getValue();
        Client stored = fx.storage.clients().find(id).orElseThrow();
        assertThat(stored.authMethods()).containsExactly(ClientAuthMethod.CLIENT_SECRET_JWT);
        assertThat(stored.sealedSecret()).isNotNull().doesNotContain(secret);
        assertThat(r.body()).doesNotContain(stored.sealedSecret());
        // Nimbus, as the registered client, authenticates with the secret it was given
        fx.clock.set(Instant.now());
        String jwt = new ClientSecretJWT(info.getID(), TOKEN_URI, JWSAlgorithm.HS256, info.getSecret())
                .getClientAssertion().serialize();
        EndpointResponse token = clientCredentials(fx, jwt);
        assertThat(token.status()).as(token.body()).isEqualTo(200);
    }

    @Test
    void dynamicRegistrationRefusesClientSecretJwtWithoutTheKey_rfc7591Section3_2_2() {
        TokenFixtures fx = TokenFixtures.create(b -> b.dynamicRegistration(DynamicRegistration.initialAccessTokens(INITIAL)
                .scopes("profile")));
        EndpointResponse r = register(fx, ClientAuthenticationMethod.CLIENT_SECRET_JWT);
        assertError(r, 400, "invalid_client_metadata");
        assertThat(json(r).get("error_description").toString()).doesNotContain("client_secret_jwt");
        assertThat(register(fx, ClientAuthenticationMethod.CLIENT_SECRET_BASIC).status()).isEqualTo(201);
    }

    @Test
    void dynamicRegistrationUnderTheFapi2SwitchRefusesClientSecretJwt_fapi2Section5_3_2_1Item4() {
        TokenFixtures fx = server(b -> b.fapi2SecurityProfile()
                .dynamicRegistration(DynamicRegistration.initialAccessTokens(INITIAL).scopes("profile")));
        assertError(register(fx, ClientAuthenticationMethod.CLIENT_SECRET_JWT), 400, "invalid_client_metadata");
    }

    // ---------------------------------------------------------------- never in clear

    @Test
    void theSecretIsInNoLogNoEventNoAnswer() throws Exception {
        List<OAuthEvent> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        String log = logged(() -> {
            TokenFixtures fx = server(b -> b.eventListener(events::add));
            try {
                EndpointResponse ok = clientCredentials(fx, assertion(new JWTAuthenticationClaimsSet(new ClientID(HMAC),
                        List.of(new Audience(TOKEN_URI)), Date.from(fx.clock.instant().plusSeconds(60)), null,
                        Date.from(fx.clock.instant()), new JWTID()), JWSAlgorithm.HS256, HMAC_SECRET));
                assertThat(ok.body()).doesNotContain(HMAC_SECRET);
                EndpointResponse bad = clientCredentials(fx, assertion(new JWTAuthenticationClaimsSet(new ClientID(HMAC),
                        List.of(new Audience(TOKEN_URI)), Date.from(fx.clock.instant().plusSeconds(60)), null,
                        Date.from(fx.clock.instant()), new JWTID()), JWSAlgorithm.HS256, LONG_SECRET));
                assertThat(bad.body()).doesNotContain(HMAC_SECRET).doesNotContain(LONG_SECRET);
                String rotated = fx.server.clientManagement().rotateSecret(HMAC, Duration.ofMinutes(5));
                assertThat(rotated).isNotEqualTo(HMAC_SECRET);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(events).isNotEmpty();
        assertThat(events.toString()).doesNotContain(HMAC_SECRET);
        assertThat(log).doesNotContain(HMAC_SECRET).doesNotContain(LONG_SECRET).doesNotContain("ERROR");
        assertThat(events).anyMatch(e -> e instanceof OAuthEvent.ClientAuthenticationFailed);
    }

    // ---------------------------------------------------------------- helpers

    /** A JWS signed by Nimbus's {@link MACSigner} with any claims. */
    private static String signed(JWTClaimsSet claims, JWSAlgorithm alg, String secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    /**
     * An HMAC JWS with a key shorter than the hash, which Nimbus's MACSigner refuses to make (RFC 7518
     * §3.2): the JDK's Mac under Nimbus's {@link SignedJWT}, as a careless client library would.
     */
    private static String hmacWithAnyKey(JWTClaimsSet claims, JWSAlgorithm alg, String secret) throws Exception {
        String jca = "HmacSHA" + alg.getName().substring(2);
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        jwt.sign(new JWSSigner() {
            @Override
            public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
                try {
                    Mac mac = Mac.getInstance(jca);
                    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), jca));
                    return Base64URL.encode(mac.doFinal(signingInput));
                } catch (GeneralSecurityException e) {
                    throw new JOSEException(e.getMessage(), e);
                }
            }

            @Override
            public Set<JWSAlgorithm> supportedJWSAlgorithms() {
                return Set.of(alg);
            }

            @Override
            public JCAContext getJCAContext() {
                return new JCAContext();
            }
        });
        return jwt.serialize();
    }
}
