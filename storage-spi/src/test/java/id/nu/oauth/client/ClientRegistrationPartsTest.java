package id.nu.oauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registration parts added for key-based authentication, requirements, resources and logout. */
class ClientRegistrationPartsTest {

    private static final SecretHash SECRET = SecretHash.of("a-long-random-secret-of-enough-entropy-0123456789");
    private static final String JWKS = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"x\",\"y\":\"y\"}]}";

    @Test
    void defaultAuthMethodsFollowTheClientType() {
        assertThat(Client.confidential("portal", SECRET).redirectUri("https://p.example/cb").build().authMethods())
                .containsExactlyInAnyOrder(ClientAuthMethod.CLIENT_SECRET_BASIC, ClientAuthMethod.CLIENT_SECRET_POST);
        assertThat(Client.publicClient("app").redirectUri("id.nu.app:/cb").build().authMethods())
                .containsExactly(ClientAuthMethod.NONE);
    }

    @Test
    void aKeyClientNeedsNoSecretButNeedsKeys() {
        Client bank = Client.confidentialWithKeys("bank", ClientKeys.inline(JWKS)).redirectUri("https://b.example/cb").build();
        assertThat(bank.secretHash()).isNull();
        assertThat(bank.allows(ClientAuthMethod.PRIVATE_KEY_JWT)).isTrue();
        assertThat(bank.allows(ClientAuthMethod.CLIENT_SECRET_BASIC)).isFalse();
        assertThatThrownBy(() -> Client.confidentialWithKeys("bank", ClientKeys.NONE).redirectUri("https://b.example/cb").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keys");
        assertThatThrownBy(() -> Client.confidentialWithKeys("bank", ClientKeys.inline(JWKS))
                .authMethods(ClientAuthMethod.CLIENT_SECRET_BASIC).redirectUri("https://b.example/cb").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret");
    }

    @Test
    void publicClientsAuthenticateWithNoneOnly() {
        assertThatThrownBy(() -> Client.publicClient("app").redirectUri("id.nu.app:/cb").jwks(JWKS)
                .authMethods(ClientAuthMethod.PRIVATE_KEY_JWT).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Client.confidential("p", SECRET).redirectUri("https://p.example/cb")
                .authMethods(ClientAuthMethod.NONE).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jwksAndJwksUriAreExclusiveAndTheUriIsHttps() {
        assertThatThrownBy(() -> new ClientKeys(JWKS, URI.create("https://b.example/jwks")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientKeys.remote(URI.create("http://b.example/jwks")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientKeys.remote(URI.create("https://user@b.example/jwks")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ClientKeys.remote(URI.create("https://b.example/jwks")).present()).isTrue();
    }

    @Test
    void resourcesAreAbsoluteUrisWithoutFragment_rfc8707Section2() {
        assertThat(Client.confidential("p", SECRET).redirectUri("https://p.example/cb")
                .resources("https://api.example/orders").build().resources()).containsExactly("https://api.example/orders");
        assertThatThrownBy(() -> Client.confidential("p", SECRET).redirectUri("https://p.example/cb")
                .resources("/orders").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Client.confidential("p", SECRET).redirectUri("https://p.example/cb")
                .resources("https://api.example/orders#x").build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fapi2ClientsUsePrivateKeyJwtAndPkceAndPushedRequests() {
        Client fapi = Client.confidentialWithKeys("bank", ClientKeys.inline(JWKS)).redirectUri("https://b.example/cb")
                .requirePkce(true).requirements(new ClientRequirements(false, false, false, true)).build();
        assertThat(fapi.requirements().pushedRequests()).isTrue();
        assertThatThrownBy(() -> Client.confidential("p", SECRET).redirectUri("https://p.example/cb").requirePkce(true)
                .requirements(new ClientRequirements(false, false, false, true)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("private_key_jwt");
        assertThatThrownBy(() -> Client.confidentialWithKeys("bank", ClientKeys.inline(JWKS)).redirectUri("https://b.example/cb")
                .requirements(new ClientRequirements(false, false, false, true)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PKCE");
    }

    @Test
    void logoutUrisFollowTheRedirectUriRules() {
        ClientLogout logout = new ClientLogout(List.of("https://p.example/bye"), URI.create("http://127.0.0.1:8080/bc"));
        assertThat(logout.postLogoutRedirectUris()).containsExactly("https://p.example/bye");
        assertThatThrownBy(() -> new ClientLogout(List.of("javascript:alert(1)"), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientLogout(List.of("https://p.example/bye#f"), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientLogout(List.of(), URI.create("http://p.example/bc")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPreviousSecretNeedsACurrentOneAndExpires() {
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        Client rotated = Client.confidential("p", SECRET).redirectUri("https://p.example/cb")
                .previousSecret(new PreviousSecret(SecretHash.of(SecretHash.generateSecret()), t)).build();
        assertThat(rotated.previousSecret().acceptedAt(t.minusSeconds(1))).isTrue();
        assertThat(rotated.previousSecret().acceptedAt(t)).isFalse();
        assertThat(rotated.withDisabled(true).disabled()).isTrue();
        assertThat(rotated.withSecrets(SECRET, null).previousSecret()).isNull();
    }

    @Test
    void authMethodsHaveTheirDiscoveryNames() {
        assertThat(ClientAuthMethod.fromWireValue("private_key_jwt")).contains(ClientAuthMethod.PRIVATE_KEY_JWT);
        assertThat(ClientAuthMethod.fromWireValue("client_secret_jwt")).contains(ClientAuthMethod.CLIENT_SECRET_JWT);
        assertThat(ClientAuthMethod.fromWireValue("client_secret_hmac")).isEmpty();
        assertThat(Set.of(ClientAuthMethod.values())).hasSize(7);
    }

    @Test
    void withRequirementsCopiesEverythingElseAndChecksTheProfile_fapi2Section5_3_2_2() {
        Client bank = Client.confidentialWithKeys("bank", ClientKeys.inline(JWKS)).redirectUri("https://b.example/cb")
                .requirePkce(true).scopes("openid").build();
        ClientRequirements fapi = new ClientRequirements(false, false, false, true);
        Client held = bank.withRequirements(fapi);
        assertThat(held.requirements()).isEqualTo(fapi);
        assertThat(held.requirements().pushedRequests()).isTrue(); // FAPI 2.0 implies PAR
        assertThat(held.withRequirements(bank.requirements())).isEqualTo(bank);
        assertThat(held.keys()).isEqualTo(bank.keys());
        assertThat(held.redirectUris()).isEqualTo(bank.redirectUris());
        // a secret client cannot be held to FAPI 2.0 (§5.3.2.2 item 4), nor one without PKCE (§5.3.2.2 item 3)
        Client portal = Client.confidential("portal", SECRET).redirectUri("https://p.example/cb").requirePkce(true).build();
        assertThatThrownBy(() -> portal.withRequirements(fapi)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("private_key_jwt");
        Client noPkce = Client.confidentialWithKeys("bank", ClientKeys.inline(JWKS)).redirectUri("https://b.example/cb").build();
        assertThatThrownBy(() -> noPkce.withRequirements(fapi)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PKCE");
        assertThatThrownBy(() -> bank.withRequirements(null)).isInstanceOf(NullPointerException.class);
    }
}
