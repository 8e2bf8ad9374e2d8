package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientAuthMethod;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The strong client's registration: {@code private_key_jwt} only with public keys inline (RFC 7523
 * §2.2, OpenID Connect Registration {@code jwks}), PAR (RFC 9126 §6) and DPoP (RFC 9449 §5.2)
 * required; and the masking of the values the walk-through shows.
 */
class StrongClientTest {

    private static final URI ORIGIN = URI.create("http://127.0.0.1:8080");

    private final StrongClient client = StrongClient.generate(ORIGIN, ORIGIN + "/api", URI.create(ORIGIN + "/api"));

    @Test
    void registersAPublicKeyPrivateKeyJwtOnlyAndRequiresParAndDpop() throws Exception {
        Client registered = client.registration();
        assertThat(registered.clientId()).isEqualTo(StrongClient.CLIENT_ID);
        assertThat(registered.secretHash()).isNull();
        assertThat(registered.authMethods()).containsExactly(ClientAuthMethod.PRIVATE_KEY_JWT);
        assertThat(registered.requirements().pushedRequests()).isTrue();
        assertThat(registered.requirements().dpop()).isTrue();
        assertThat(registered.redirectUris()).containsExactly(ORIGIN + "/strong-client/callback");
        List<JWK> keys = JWKSet.parse(registered.keys().jwks()).getKeys();
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).isPrivate()).isFalse();
        assertThat(keys.get(0).getKeyID()).startsWith("demo-strong-");
    }

    @Test
    void keepsTheLatestKeysOfEarlierStartsOrOtherNodesButNeverAPrivateOne() throws Exception {
        List<JWK> earlier = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            earlier.add(new ECKeyGenerator(Curve.P_256).keyID("earlier-" + i).generate().toPublicJWK());
        }
        earlier.add(1, new ECKeyGenerator(Curve.P_256).keyID("leaked").generate()); // a private key: dropped
        List<JWK> keys = JWKSet.parse(client.registration(new JWKSet(earlier).toString(false)).keys().jwks()).getKeys();

        assertThat(keys).hasSize(StrongClient.KEPT_KEYS);
        assertThat(keys.get(0).getKeyID()).startsWith("demo-strong-"); // this node's own first
        assertThat(keys).extracting(JWK::getKeyID).containsExactly(keys.get(0).getKeyID(), "earlier-0", "earlier-1",
                "earlier-2", "earlier-3");
        assertThat(keys).noneMatch(JWK::isPrivate);
        // an unusable earlier registration leaves this node's key only
        assertThat(JWKSet.parse(client.registration("not json").keys().jwks()).getKeys()).hasSize(1);
    }

    @Test
    void showsTokensAsAPrefixOnly() {
        assertThat(StrongClient.mask("abcdefghijklmnopqrstuvwxyz0123456789")).isEqualTo("abcdefgh… (masked, 36 characters)");
        assertThat(StrongClient.mask("short")).isEqualTo("… (masked, 5 characters)");
        assertThat(StrongClient.mask(null)).isEqualTo("(none)");
    }
}
