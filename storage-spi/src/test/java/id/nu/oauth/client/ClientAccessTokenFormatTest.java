package id.nu.oauth.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-client access token format (RFC 9068 JWT beside opaque tokens). */
class ClientAccessTokenFormatTest {

    private static final SecretHash SECRET = SecretHash.of(SecretHash.generateSecret());

    @Test
    void opaqueIsTheDefaultForEveryKindOfClient() {
        assertThat(Client.publicClient("app").redirectUri("id.nu.app:/cb").build().accessTokenFormat())
                .isEqualTo(AccessTokenFormat.OPAQUE);
        assertThat(Client.legacyPublicClient("old").redirectUri("https://old.example.org/cb").build()
                .accessTokenFormat()).isEqualTo(AccessTokenFormat.OPAQUE);
        assertThat(Client.confidential("portal", SECRET).redirectUri("https://portal.example.org/cb").build()
                .accessTokenFormat()).isEqualTo(AccessTokenFormat.OPAQUE);
    }

    @Test
    void theBuilderSetsJwt_rfc9068() {
        Client client = Client.confidential("api", SECRET).grantTypes(GrantType.CLIENT_CREDENTIALS)
                .accessTokenFormat(AccessTokenFormat.JWT).build();

        assertThat(client.accessTokenFormat()).isEqualTo(AccessTokenFormat.JWT);
    }

    @Test
    void nullMeansOpaque() {
        Client old = new Client("app", ClientType.PUBLIC, null, null, List.of("id.nu.app:/cb"), Set.of(), Set.of(),
                Set.of(GrantType.AUTHORIZATION_CODE), RefreshPolicy.ROTATE, true, false, false, AccessTokenFormat.OPAQUE, false);
        Client withNull = new Client("app", ClientType.PUBLIC, null, null, List.of("id.nu.app:/cb"), Set.of(),
                Set.of(), Set.of(GrantType.AUTHORIZATION_CODE), RefreshPolicy.ROTATE, true, false, false, null, false);

        assertThat(old.accessTokenFormat()).isEqualTo(AccessTokenFormat.OPAQUE);
        assertThat(withNull).isEqualTo(old);
    }
}
