package id.nu.oauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientTest {

    private static final SecretHash SECRET = SecretHash.of(SecretHash.generateSecret());

    // ---- builder defaults ----

    @Test
    void publicClientDefaultsToRotationAndRequiredPkce_rfc9700_2_1_1_and_4_14_2() {
        Client client = Client.publicClient("mobile-app").redirectUri("id.nu.app:/cb").scopes("openid").build();

        assertThat(client.type()).isEqualTo(ClientType.PUBLIC);
        assertThat(client.secretHash()).isNull();
        assertThat(client.refreshPolicy()).isEqualTo(RefreshPolicy.ROTATE);
        assertThat(client.requirePkce()).isTrue();
        assertThat(client.allowPlainPkce()).isFalse();
        assertThat(client.firstParty()).isFalse();
        assertThat(client.grantTypes()).containsExactlyInAnyOrder(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);
        assertThat(client.name()).isEqualTo("mobile-app");
        assertThat(client.defaultScopes()).isEqualTo(client.allowedScopes()).containsExactly("openid");
    }

    @Test
    void confidentialClientDefaultsToKeptRefreshTokensAndOptionalPkce() {
        Client client = Client.confidential("portal", SECRET).redirectUri("https://portal.example.org/cb").build();

        assertThat(client.type()).isEqualTo(ClientType.CONFIDENTIAL);
        assertThat(client.secretHash()).isEqualTo(SECRET);
        assertThat(client.refreshPolicy()).isEqualTo(RefreshPolicy.KEEP);
        assertThat(client.requirePkce()).isFalse();
        assertThat(client.grantTypes()).containsExactlyInAnyOrder(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);
    }

    @Test
    void legacyPublicClientDefaultsToKeptRefreshTokensAndNoPkce() {
        Client client = Client.legacyPublicClient("old-app").redirectUri("https://old.example.org/cb").build();

        assertThat(client.type()).isEqualTo(ClientType.LEGACY_PUBLIC);
        assertThat(client.type().isPublic()).isTrue();
        assertThat(client.secretHash()).isNull();
        assertThat(client.refreshPolicy()).isEqualTo(RefreshPolicy.KEEP);
        assertThat(client.requirePkce()).isFalse();
    }

    @Test
    void defaultsCanBeOverriddenWhereSafe() {
        Client confidential = Client.confidential("portal", SECRET)
                .name("Portal")
                .redirectUri("https://portal.example.org/cb")
                .scopes("openid", "profile")
                .defaultScopes("openid")
                .refreshPolicy(RefreshPolicy.ROTATE)
                .requirePkce(true)
                .allowPlainPkce(true)
                .firstParty(true)
                .build();
        Client publicKeep = Client.publicClient("app").redirectUri("id.nu.app:/cb")
                .refreshPolicy(RefreshPolicy.KEEP).build();

        assertThat(confidential.name()).isEqualTo("Portal");
        assertThat(confidential.defaultScopes()).containsExactly("openid");
        assertThat(confidential.refreshPolicy()).isEqualTo(RefreshPolicy.ROTATE);
        assertThat(confidential.requirePkce()).isTrue();
        assertThat(confidential.allowPlainPkce()).isTrue();
        assertThat(confidential.firstParty()).isTrue();
        assertThat(publicKeep.refreshPolicy()).isEqualTo(RefreshPolicy.KEEP);
    }

    @Test
    void blankNameFallsBackToTheClientId() {
        assertThat(Client.publicClient("app").name("  ").redirectUri("id.nu.app:/cb").build().name()).isEqualTo("app");
    }

    @Test
    void allowsTellsTheGrantTypes() {
        Client client = Client.confidential("svc", SECRET).grantTypes(GrantType.CLIENT_CREDENTIALS).build();

        assertThat(client.allows(GrantType.CLIENT_CREDENTIALS)).isTrue();
        assertThat(client.allows(GrantType.AUTHORIZATION_CODE)).isFalse();
        assertThat(client.allows(GrantType.REFRESH_TOKEN)).isFalse();
        assertThat(client.redirectUris()).isEmpty(); // no code flow, so no redirect URI needed
    }

    @Test
    void aBuiltClientIsImmutableAndIndependentOfItsBuilder() {
        Client.Builder builder = Client.publicClient("app").redirectUri("id.nu.app:/cb").scopes("openid");
        Client first = builder.build();

        builder.redirectUri("id.nu.app:/other").scopes("profile");

        assertThat(first.redirectUris()).containsExactly("id.nu.app:/cb");
        assertThat(first.allowedScopes()).containsExactly("openid");
        assertThatThrownBy(() -> first.redirectUris().add("x:/y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> first.allowedScopes().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringNeverShowsTheSecretHash() {
        Client client = Client.confidential("portal", SECRET).redirectUri("https://portal.example.org/cb").build();

        assertThat(client.toString()).contains("portal").doesNotContain(SECRET.encoded())
                .doesNotContain(SECRET.encoded().substring("sha256$".length(), "sha256$".length() + 10));
    }

    // ---- redirect URIs ----

    @ParameterizedTest
    @ValueSource(strings = {
        "https://portal.example.org/callback",
        "https://portal.example.org:8443/cb?tenant=a",
        "http://127.0.0.1/cb",           // RFC 8252 §7.3 loopback
        "http://127.0.0.1:51004/cb",
        "http://[::1]/cb",
        "http://localhost:8080/cb",
        "id.nu.app:/oauth2redirect",     // RFC 8252 §7.1 private-use scheme
        "com.example.app:/cb"
    })
    void acceptsSafeRedirectUris(String uri) {
        assertThatCode(() -> Client.publicClient("app").redirectUri(uri).build()).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://portal.example.org/cb",
        "HTTP://portal.example.org/cb",
        "http://127.0.0.1.evil.example/cb",
        "http://localhost.evil.example/cb",
        "http://127.0.0.1@evil.example/cb",
        "http://10.0.0.1/cb"
    })
    void refusesPlainHttpExceptOnLoopback_rfc9700_2_6(String uri) {
        assertThatThrownBy(() -> Client.publicClient("app").redirectUri(uri).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://portal.example.org/cb#frag", "https://portal.example.org/cb#", "id.nu.app:/cb#x"})
    void refusesAFragment_rfc6749_3_1_2(String uri) {
        assertThatThrownBy(() -> Client.confidential("portal", SECRET).redirectUri(uri).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fragment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "JavaScript:alert(document.cookie)", "data:text/html,hi",
        "vbscript:msgbox(1)"})
    void refusesScriptSchemes(String uri) {
        assertThatThrownBy(() -> Client.publicClient("app").redirectUri(uri).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsafe");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/cb", "cb", "//portal.example.org/cb", "https:portal", "http://exa mple.org/cb"})
    void refusesRelativeOpaqueOrMalformedRedirectUris_rfc6749_3_1_2(String uri) {
        assertThatThrownBy(() -> Client.publicClient("app").redirectUri(uri).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesTheSameRedirectUriTwice() {
        assertThatThrownBy(() -> Client.publicClient("app").redirectUri("id.nu.app:/cb").redirectUri("id.nu.app:/cb")
                .build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCodeFlowNeedsARedirectUri() {
        assertThatThrownBy(() -> Client.publicClient("app").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redirect URI");
    }

    // ---- scopes ----

    @Test
    void refusesDefaultScopesThatAreNotAllowed() {
        assertThatThrownBy(() -> Client.publicClient("app").redirectUri("id.nu.app:/cb")
                .scopes("openid").defaultScopes("openid", "admin").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("default scopes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"open id", "", "say\"hi\"", "back\\slash", "caf\u00e9", "tab\there"})
    void refusesScopesOutsideTheScopeTokenAlphabet_rfc6749_3_3(String scope) {
        assertThatThrownBy(() -> Client.publicClient("app").redirectUri("id.nu.app:/cb").scopes(scope).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- client types ----

    @Test
    void aPublicClientCannotDropPkce_rfc9700_2_1_1() {
        assertThatThrownBy(() -> Client.publicClient("app").redirectUri("id.nu.app:/cb").requirePkce(false).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PKCE");
    }

    @Test
    void aPublicClientCanKeepPkceExplicitly() {
        assertThat(Client.publicClient("app").redirectUri("id.nu.app:/cb").requirePkce(true).build().requirePkce())
                .isTrue();
    }

    @Test
    void clientCredentialsIsForConfidentialClientsOnly_rfc6749_4_4() {
        assertThatThrownBy(() -> Client.publicClient("app").redirectUri("id.nu.app:/cb")
                .grantTypes(GrantType.AUTHORIZATION_CODE, GrantType.CLIENT_CREDENTIALS).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client_credentials");
        assertThatThrownBy(() -> Client.legacyPublicClient("old").redirectUri("https://old.example.org/cb")
                .grantTypes(GrantType.CLIENT_CREDENTIALS).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConfidentialClientNeedsASecret() {
        assertThatThrownBy(() -> Client.confidential("portal", null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Client("portal", ClientType.CONFIDENTIAL, null, null,
                List.of("https://portal.example.org/cb"), Set.of(), Set.of(), Set.of(GrantType.AUTHORIZATION_CODE),
                RefreshPolicy.KEEP, false, false, false, AccessTokenFormat.OPAQUE, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret");
    }

    @Test
    void aPublicClientCannotHaveASecret() {
        assertThatThrownBy(() -> new Client("app", ClientType.PUBLIC, SECRET, null, List.of("id.nu.app:/cb"),
                Set.of(), Set.of(), Set.of(GrantType.AUTHORIZATION_CODE), RefreshPolicy.ROTATE, true, false, false, AccessTokenFormat.OPAQUE, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret");
    }

    // ---- resource servers (RFC 7662 §4) ----

    @Test
    void noClientIsAResourceServerUnlessRegisteredAsOne_rfc7662_4() {
        assertThat(Client.confidential("portal", SECRET).redirectUri("https://portal.example.org/cb").build()
                .resourceServer()).isFalse();
        assertThat(Client.confidential("orders-api", SECRET).grantTypes(GrantType.CLIENT_CREDENTIALS)
                .resourceServer(true).build().resourceServer()).isTrue();
    }

    @Test
    void onlyAConfidentialClientCanBeAResourceServer_rfc7662_2_1() {
        // introspection needs client authentication, which public clients cannot do
        assertThatThrownBy(() -> Client.publicClient("app").redirectUri("id.nu.app:/cb").resourceServer(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only a confidential client can be a resource server");
        assertThatThrownBy(() -> Client.legacyPublicClient("old").redirectUri("https://old.example.org/cb")
                .resourceServer(true).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- client ids ----

    @Test
    void clientIdIsOneTo255VisibleAsciiCharacters_rfc6749_appendixA1() {
        String longest = "a".repeat(Syntax.MAX_CLIENT_ID_LENGTH);
        assertThat(Client.publicClient(longest).redirectUri("id.nu.app:/cb").build().clientId()).isEqualTo(longest);
        assertThat(Client.publicClient("with space ~!").redirectUri("id.nu.app:/cb").build().clientId())
                .isEqualTo("with space ~!");

        for (String bad : new String[] {"", "a".repeat(256), "caf\u00e9", "tab\tid", "line\nbreak"}) {
            assertThatThrownBy(() -> Client.publicClient(bad).redirectUri("id.nu.app:/cb").build())
                    .as("client id %s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("client_id");
        }
        assertThatThrownBy(() -> Client.publicClient(null).redirectUri("id.nu.app:/cb").build())
                .isInstanceOf(NullPointerException.class);
    }

    // ---- the constructor holds every rule: a store or a host's own code gets the same checks ----

    /** A client made directly, as a store reading a row does: a valid public client unless changed. */
    private static Client direct(String clientId, ClientType type, SecretHash secret, List<String> redirectUris,
            Set<String> allowed, Set<String> defaults, Set<GrantType> grants, boolean requirePkce,
            boolean resourceServer) {
        return new Client(clientId, type, secret, null, redirectUris, allowed, defaults, grants,
                RefreshPolicy.ROTATE, requirePkce, false, false, AccessTokenFormat.OPAQUE, resourceServer);
    }

    private static final List<String> CB = List.of("id.nu.app:/cb");
    private static final Set<GrantType> CODE = Set.of(GrantType.AUTHORIZATION_CODE);

    @Test
    void aValidClientMadeDirectlyIsAccepted() {
        assertThatCode(() -> direct("app", ClientType.PUBLIC, null, CB, Set.of("openid"), Set.of("openid"), CODE,
                true, false)).doesNotThrowAnyException();
        assertThatCode(() -> direct("old", ClientType.LEGACY_PUBLIC, null, CB, Set.of(), Set.of(), CODE,
                false, false)).doesNotThrowAnyException();
    }

    @Test
    void aPublicClientWithoutPkceIsRefusedByTheConstructorToo_rfc9700_2_1_1() {
        assertThatThrownBy(() -> direct("app", ClientType.PUBLIC, null, CB, Set.of(), Set.of(), CODE, false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("app")
                .hasMessageContaining("PKCE");
    }

    @Test
    void everyOtherRuleIsRefusedByTheConstructorToo() {
        assertThatThrownBy(() -> direct("caf\u00e9", ClientType.PUBLIC, null, CB, Set.of(), Set.of(), CODE, true, false))
                .as("client_id, RFC 6749 Appendix A.1").hasMessageContaining("client_id");
        assertThatThrownBy(() -> direct("app", ClientType.PUBLIC, null, List.of("http://app.example.org/cb"),
                Set.of(), Set.of(), CODE, true, false)).as("http off loopback, RFC 9700 §2.6")
                .hasMessageContaining("loopback");
        assertThatThrownBy(() -> direct("app", ClientType.PUBLIC, null, List.of("id.nu.app:/cb#f"),
                Set.of(), Set.of(), CODE, true, false)).as("fragment, RFC 6749 §3.1.2")
                .hasMessageContaining("fragment");
        assertThatThrownBy(() -> direct("app", ClientType.PUBLIC, null, List.of("id.nu.app:/cb", "id.nu.app:/cb"),
                Set.of(), Set.of(), CODE, true, false)).hasMessageContaining("twice");
        assertThatThrownBy(() -> direct("app", ClientType.PUBLIC, null, CB, Set.of("open id"), Set.of(), CODE,
                true, false)).as("scope token, RFC 6749 §3.3").hasMessageContaining("scope token");
        assertThatThrownBy(() -> direct("app", ClientType.PUBLIC, null, CB, Set.of("openid"), Set.of("email"), CODE,
                true, false)).hasMessageContaining("default scopes");
        assertThatThrownBy(() -> direct("app", ClientType.PUBLIC, null, List.of(), Set.of(), Set.of(), CODE,
                true, false)).hasMessageContaining("no redirect URI");
        assertThatThrownBy(() -> direct("app", ClientType.PUBLIC, null, CB, Set.of(), Set.of(),
                Set.of(GrantType.CLIENT_CREDENTIALS), true, false)).hasMessageContaining("client_credentials");
        assertThatThrownBy(() -> direct("app", ClientType.PUBLIC, null, CB, Set.of(), Set.of(), CODE, true, true))
                .as("RFC 7662 §2.1").hasMessageContaining("resource server");
    }
}
