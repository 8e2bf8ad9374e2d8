package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.TOKEN_URI;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientKeys;
import id.nu.oauth.client.GrantType;
import java.net.URI;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client's keys by {@code jwks_uri} (OpenID Connect Registration §2): fetched over https, cached,
 * fetched again when an assertion names a key the cache does not have (RFC 7517 §5, rotation), and
 * never more than {@link ClientJwks#MAX_BYTES}. The https server is the JDK's, on 127.0.0.1, with a
 * certificate made by keytool.
 */
class ClientJwksUriTest {

    @TempDir
    Path dir;

    private final AtomicReference<String> document = new AtomicReference<>();

    private LocalHttpsJwks jwks;
    private SSLContext trust;
    private URI jwksUri;

    @BeforeEach
    void start() throws Exception {
        jwks = new LocalHttpsJwks(dir, document::get);
        trust = jwks.trust();
        jwksUri = jwks.uri();
    }

    @AfterEach
    void stop() {
        jwks.close();
    }

    private TokenFixtures fixtures(boolean allowPrivate) {
        return TokenFixtures.create(b -> {
            b.client(Client.confidentialWithKeys("remote", ClientKeys.remote(jwksUri))
                    .grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("a").build()).jwksUriSslContext(trust);
            b.allowPrivateNetworkJwksUris(allowPrivate);
        });
    }

    private static String assertion(TokenFixtures f, ECKey key) throws Exception {
        JWTAuthenticationClaimsSet claims = new JWTAuthenticationClaimsSet(new ClientID("remote"),
                List.of(new Audience(TOKEN_URI)), Date.from(f.clock.instant().plusSeconds(60)), null,
                Date.from(f.clock.instant()), new JWTID(UUID.randomUUID().toString()));
        return new PrivateKeyJWT(claims, JWSAlgorithm.ES256, key.toECPrivateKey(), key.getKeyID(), null)
                .getClientAssertion().serialize();
    }

    private static EndpointResponse clientCredentials(TokenFixtures f, String assertion) {
        return f.token(form("grant_type", "client_credentials",
                "client_assertion_type", ClientAssertions.JWT_BEARER, "client_assertion", assertion));
    }

    @Test
    void keysAreFetchedOnceAndCached() throws Exception {
        ECKey key = PrivateKeyJwtTest.ecKey("k1");
        document.set(new JWKSet(key.toPublicJWK()).toString());
        TokenFixtures f = fixtures(true);
        assertThat(clientCredentials(f, assertion(f, key)).status()).isEqualTo(200);
        assertThat(clientCredentials(f, assertion(f, key)).status()).isEqualTo(200);
        assertThat(jwks.fetches()).isEqualTo(1);
    }

    @Test
    void anUnknownKidFetchesAgain_rfc7517Section5Rotation() throws Exception {
        ECKey old = PrivateKeyJwtTest.ecKey("old");
        ECKey rotated = PrivateKeyJwtTest.ecKey("new");
        document.set(new JWKSet(old.toPublicJWK()).toString());
        TokenFixtures f = fixtures(true);
        assertThat(clientCredentials(f, assertion(f, old)).status()).isEqualTo(200);
        document.set(new JWKSet(List.of(old.toPublicJWK(), rotated.toPublicJWK())).toString());
        f.clock.advance(ClientJwks.MIN_REFETCH.plusSeconds(1));
        assertThat(clientCredentials(f, assertion(f, rotated)).status()).isEqualTo(200);
        assertThat(jwks.fetches()).isEqualTo(2);
        // an unknown kid right after a fetch does not fetch again (no amplification)
        assertError(clientCredentials(f, assertion(f, PrivateKeyJwtTest.ecKey("unknown"))), 401, "invalid_client");
        assertThat(jwks.fetches()).isEqualTo(2);
    }

    @Test
    void loopbackIsRefusedUnlessTheHostAllowsPrivateNetworks_ssrf() throws Exception {
        ECKey key = PrivateKeyJwtTest.ecKey("k1");
        document.set(new JWKSet(key.toPublicJWK()).toString());
        TokenFixtures f = fixtures(false);
        assertError(clientCredentials(f, assertion(f, key)), 401, "invalid_client");
        assertThat(jwks.fetches()).isZero();
    }

    @Test
    void anOversizedOrPrivateKeyDocumentIsNotUsed() throws Exception {
        ECKey key = PrivateKeyJwtTest.ecKey("k1");
        document.set("{\"keys\":[" + new JWKSet(key.toPublicJWK()).toString().substring(9).replace("]}", "")
                + ",{\"kty\":\"oct\",\"k\":\"" + "A".repeat(ClientJwks.MAX_BYTES) + "\"}]}");
        TokenFixtures f = fixtures(true);
        assertError(clientCredentials(f, assertion(f, key)), 401, "invalid_client");
        document.set(new JWKSet(key).toString(false)); // the private key published by mistake
        f.clock.advance(ClientJwks.TTL.plusSeconds(1));
        assertError(clientCredentials(f, assertion(f, key)), 401, "invalid_client");
    }

    @Test
    void theTrustStoreIsTheJdksUnlessTheHostGivesOne() throws Exception {
        ECKey key = PrivateKeyJwtTest.ecKey("k1");
        document.set(new JWKSet(key.toPublicJWK()).toString());
        TokenFixtures f = TokenFixtures.create(b -> b.client(Client.confidentialWithKeys("remote", ClientKeys.remote(jwksUri))
                .grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("a").build()).allowPrivateNetworkJwksUris(true));
        assertError(clientCredentials(f, assertion(f, key)), 401, "invalid_client"); // self-signed: not trusted
        assertThat(jwks.fetches()).as("the TLS handshake failed before any request").isZero();
    }
}
