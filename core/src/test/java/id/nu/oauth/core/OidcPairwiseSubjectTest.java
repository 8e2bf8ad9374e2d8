package id.nu.oauth.core;

import static id.nu.oauth.core.OidcFixtures.ELSEWHERE;
import static id.nu.oauth.core.OidcFixtures.JWT_CLIENT;
import static id.nu.oauth.core.OidcFixtures.MOBILE;
import static id.nu.oauth.core.OidcFixtures.SERVICE;
import static id.nu.oauth.core.OidcFixtures.SUBJECT;
import static id.nu.oauth.core.OidcFixtures.WEB;
import static id.nu.oauth.core.OidcFixtures.WEB2;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.openid.connect.sdk.id.HashBasedPairwiseSubjectCodec;
import com.nimbusds.openid.connect.sdk.id.SectorID;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Subject identifiers (OpenID Connect Core 1.0 §8): public by default, pairwise on request. */
class OidcPairwiseSubjectTest {

    private static final byte[] SALT = "a-salt-that-never-changes-0123456789".getBytes(StandardCharsets.UTF_8);

    private final OidcFixtures f = OidcFixtures.create(b -> b.pairwiseSubjects(SALT));

    private String idTokenSub(OidcFixtures fixtures, String clientId) throws Exception {
        return fixtures.validateIdToken(fixtures.login(clientId, "openid", null).idToken(), clientId, null)
                .getSubject().getValue();
    }

    @Test
    void publicSubjectsAreTheHostsUserId_oidcCore_8() throws Exception {
        OidcFixtures plain = OidcFixtures.create();

        assertThat(idTokenSub(plain, WEB)).isEqualTo(SUBJECT);
        assertThat(idTokenSub(plain, ELSEWHERE)).isEqualTo(SUBJECT);
    }

    @Test
    void pairwiseSubjectsDifferPerSectorAndAgreeWithinOne_oidcCore_8_1() throws Exception {
        String web = idTokenSub(f, WEB);
        String sameHost = idTokenSub(f, WEB2);
        String otherHost = idTokenSub(f, ELSEWHERE);

        assertThat(web).isNotEqualTo(SUBJECT).doesNotContain(SUBJECT);
        assertThat(sameHost).isEqualTo(web); // rp.example.org is one sector
        assertThat(otherHost).isNotEqualTo(web);
        // Stable: the same user gets the same value every time.
        assertThat(idTokenSub(f, WEB)).isEqualTo(web);
        // The value is Nimbus's hash-based pairwise subject for the redirect URI's host.
        assertThat(web).isEqualTo(new HashBasedPairwiseSubjectCodec(SALT)
                .encode(new SectorID("rp.example.org"), new Subject(SUBJECT)).getValue());
    }

    @Test
    void anotherSaltGivesOtherSubjects() throws Exception {
        OidcFixtures other = OidcFixtures.create(b -> b.pairwiseSubjects(new byte[32]));

        assertThat(idTokenSub(other, WEB)).isNotEqualTo(idTokenSub(f, WEB));
    }

    @Test
    void theSameSubAppearsInIdTokenUserinfoIntrospectionAndJwtAccessToken() throws Exception {
        OidcFixtures.Tokens tokens = f.login(JWT_CLIENT, "openid", null);
        String sub = f.validateIdToken(tokens.idToken(), JWT_CLIENT, null).getSubject().getValue();

        assertThat(sub).isNotEqualTo(SUBJECT);
        assertThat(OidcFixtures.json(f.server.userinfo(new EndpointRequest(Map.of(), "Bearer " + tokens.access()))))
                .containsEntry("sub", sub);
        assertThat(OidcFixtures.json(f.introspect(tokens.access()))).containsEntry("sub", sub);
        assertThat(f.verifyAccessToken(tokens.access()).getSubject()).isEqualTo(sub);
        // The host's in-process validation speaks of its own user id.
        assertThat(((AccessTokenValidation.Active) f.server.validateAccessToken(tokens.access())).subject())
                .isEqualTo(SUBJECT);
    }

    @Test
    void aCustomSchemeClientIsItsOwnSector() throws Exception {
        String mobile = idTokenSub(f, MOBILE);

        assertThat(mobile).isNotEqualTo(SUBJECT).isNotEqualTo(idTokenSub(f, WEB));
    }

    @Test
    void aClientActingForItselfIsItsOwnSubject_rfc9068_2_2_and_5() throws Exception {
        // pairwise subjects are for users; a client is client:<client_id> either way
        assertThat(f.verifyAccessToken(f.serviceToken()).getSubject()).isEqualTo("client:" + SERVICE);
    }
}
