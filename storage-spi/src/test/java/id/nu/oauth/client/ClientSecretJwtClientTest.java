package id.nu.oauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The client rules of {@code client_secret_jwt} (RFC 7523 §2.2, OpenID Connect Core §9): opt-in, a
 * confidential client with a secret, and its secret also in sealed form (opaque here; core seals it).
 * A sealed secret is refused on any other client, so no other row carries the secret in any form.
 */
class ClientSecretJwtClientTest {

    private static final String SECRET = SecretHash.generateSecret();
    private static final SecretHash HASH = SecretHash.of(SECRET);
    private static final String SEALED = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..iv.ciphertext.tag";
    private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");

    private static Client.Builder hmac() {
        return Client.confidential("hmac-app", HASH).authMethods(ClientAuthMethod.CLIENT_SECRET_JWT)
                .grantTypes(GrantType.CLIENT_CREDENTIALS);
    }

    @Test
    void aClientSecretJwtClientHasItsSecretHashAndTheSealedSecret() {
        Client c = hmac().sealedSecret(SEALED).build();
        assertThat(c.allows(ClientAuthMethod.CLIENT_SECRET_JWT)).isTrue();
        assertThat(c.allows(ClientAuthMethod.CLIENT_SECRET_BASIC)).isFalse();
        assertThat(c.sealedSecret()).isEqualTo(SEALED);
        assertThat(c.secretHash().matches(SECRET)).isTrue();
        assertThat(ClientAuthMethod.CLIENT_SECRET_JWT.usesSecret()).isTrue();
        assertThat(ClientAuthMethod.CLIENT_SECRET_JWT.wireValue()).isEqualTo("client_secret_jwt");
        assertThat(c.toString()).doesNotContain(SEALED).doesNotContain(SECRET);
    }

    @Test
    void itIsOptIn_theDefaultSecretMethodsAreBasicAndPost() {
        Client c = Client.confidential("portal", HASH).redirectUri("https://p.example/cb").build();
        assertThat(c.authMethods()).containsExactlyInAnyOrder(ClientAuthMethod.CLIENT_SECRET_BASIC,
                ClientAuthMethod.CLIENT_SECRET_POST);
        assertThat(c.sealedSecret()).isNull();
    }

    @Test
    void theMethodNeedsASealedSecretAndASecretHash() {
        assertThatThrownBy(() -> hmac().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client_secret_jwt needs the secret sealed");
        assertThatThrownBy(() -> hmac().sealedSecret(" ").build()).isInstanceOf(IllegalArgumentException.class);
        // a confidential client without a secret (a key client) cannot add it
        assertThatThrownBy(() -> Client.confidentialWithKeys("k", ClientKeys.inline(
                        "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"a\",\"y\":\"b\"}]}"))
                .authMethods(ClientAuthMethod.PRIVATE_KEY_JWT, ClientAuthMethod.CLIENT_SECRET_JWT).sealedSecret(SEALED)
                .grantTypes(GrantType.CLIENT_CREDENTIALS).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a secret");
    }

    @Test
    void onlyAConfidentialClientMayUseIt() {
        assertThatThrownBy(() -> Client.publicClient("app").redirectUri("id.nu.app:/cb")
                .authMethods(ClientAuthMethod.CLIENT_SECRET_JWT).sealedSecret(SEALED).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSealedSecretWithoutTheMethodIsRefused() {
        assertThatThrownBy(() -> Client.confidential("portal", HASH).redirectUri("https://p.example/cb")
                .sealedSecret(SEALED).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kept only for a client registered "
                        + "for client_secret_jwt");
        assertThatThrownBy(() -> Client.confidential("portal", HASH).redirectUri("https://p.example/cb")
                .previousSecret(new PreviousSecret(SecretHash.of(SecretHash.generateSecret()), LATER, SEALED)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client_secret_jwt");
    }

    @Test
    void aFapi2ClientCannotUseIt_fapi2Section5_3_2_1Item4() {
        assertThatThrownBy(() -> hmac().sealedSecret(SEALED).redirectUri("https://b.example/cb").requirePkce(true)
                .requirements(new ClientRequirements(false, false, false, true)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FAPI 2.0");
    }

    @Test
    void aNewSecretNeedsANewSealedSecret() {
        Client c = hmac().sealedSecret(SEALED).build();
        SecretHash next = SecretHash.of(SecretHash.generateSecret());
        // the two-argument form keeps the sealed secret only with the same secret
        assertThat(c.withSecrets(HASH, null).sealedSecret()).isEqualTo(SEALED);
        assertThatThrownBy(() -> c.withSecrets(next, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client_secret_jwt");
        Client rotated = c.withSecrets(next, SEALED + "-2", new PreviousSecret(HASH, LATER, SEALED));
        assertThat(rotated.sealedSecret()).isEqualTo(SEALED + "-2");
        assertThat(rotated.previousSecret().sealedSecret()).isEqualTo(SEALED);
        assertThat(rotated.previousSecret().toString()).doesNotContain(SEALED);
        assertThat(rotated.withDisabled(true).sealedSecret()).isEqualTo(SEALED + "-2");
    }
}
