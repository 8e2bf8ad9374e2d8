package id.nu.oauth.core;

import static id.nu.oauth.core.ParJarFixtures.request;
import static id.nu.oauth.core.ParJarFixtures.sign;
import static id.nu.oauth.core.ParJarFixtures.withObject;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientKeys;
import java.net.URI;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request objects (RFC 9101) of a client whose keys are published at its {@code jwks_uri}: verified
 * with the keys {@link ClientJwks} fetches under its server-side request rules. The https server is
 * the JDK's, on 127.0.0.1, with a certificate made by keytool.
 */
class RequestObjectJwksUriTest {

    private static final String CLIENT = "published-keys";
    private static final String CB = "https://published.example.or.id/cb";

    @TempDir
    Path dir;

    private final ECKey key = ParJarFixtures.ecKey("published-1");

    private LocalHttpsJwks jwks;
    private SSLContext trust;
    private URI jwksUri;

    @BeforeEach
    void start() throws Exception {
        jwks = new LocalHttpsJwks(dir, () -> new JWKSet(key.toPublicJWK()).toString());
        trust = jwks.trust();
        jwksUri = jwks.uri();
    }

    @AfterEach
    void stop() {
        jwks.close();
    }

    private ParJarFixtures fixtures(boolean allowPrivate) {
        return new ParJarFixtures(b -> b.client(Client.publicClient(CLIENT).redirectUri(CB).scopes("profile")
                .keys(ClientKeys.remote(jwksUri)).build()).jwksUriSslContext(trust)
                .allowPrivateNetworkJwksUris(allowPrivate));
    }

    @Test
    void anObjectVerifiesWithTheKeysAtTheClientsJwksUri_rfc9101_6_2() {
        ParJarFixtures f = fixtures(true);
        String object = sign(f.claims(request(CLIENT, CB).build()).build(), key);
        AuthorizeFixtures.success(f.authorizeApproved(withObject(CLIENT, object)));
        AuthorizeFixtures.success(f.authorizeApproved(withObject(CLIENT,
                sign(f.claims(request(CLIENT, CB).build()).build(), key))));
        assertThat(jwks.fetches()).as("cached").isEqualTo(1);

        String forged = sign(f.claims(request(CLIENT, CB).build()).build(), ParJarFixtures.ecKey("published-1"));
        assertThat(AuthorizeFixtures.asErrorPage(f.authorizeApproved(withObject(CLIENT, forged))).error().code())
                .isEqualTo("invalid_request_object");
    }

    @Test
    void aJwksUriOnAPrivateAddressIsNotFetchedUnlessAllowed() {
        ParJarFixtures f = fixtures(false);
        String object = sign(f.claims(request(CLIENT, CB).build()).build(), key);
        AuthorizeResult.ErrorPage page = AuthorizeFixtures.asErrorPage(f.authorizeApproved(withObject(CLIENT, object)));
        assertThat(page.error().code()).isEqualTo("invalid_request_object");
        assertThat(page.status()).isEqualTo(400);
        assertThat(jwks.fetches()).isZero();
    }
}
