package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo client's own checks of what the portal sends (OpenID Connect Core §3.1.3.7, RFC 9068 §4),
 * with tokens made here by Nimbus: a good id_token passes, and each kind of bad one is refused with
 * the reason on the page. The flow's JWK set is preset, so no HTTP is involved; the HTTP tests show
 * the same checks passing on the portal's real tokens.
 */
class DemoClientVerificationTest {

    private static final String ISSUER = "http://127.0.0.1:8080/api";
    private static final String CLIENT = "demo-pkce";
    private static final String NONCE = "n-0S6_WzA2Mj";
    private static final String ACCESS = "an-opaque-access-token";

    private static RSAKey key;
    private static RSAKey otherKeySameKid;
    private static TokenVerifier client;

    @BeforeAll
    static void keys() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        otherKeySameKid = new RSAKeyGenerator(2048).keyID("k1").generate();
        client = new TokenVerifier(ISSUER, new ClientRequests(URI.create("http://127.0.0.1:1"), ISSUER));
    }

    private static DemoFlow flow() {
        DemoFlow flow = new DemoFlow();
        flow.clientId = CLIENT;
        flow.nonce = NONCE;
        flow.accessToken = ACCESS;
        flow.jwks = new JWKSet(key.toPublicJWK()).toString(); // as if fetched from /oauth/jwks
        return flow;
    }

    /** A good id_token for the code flow, changed by {@code edit}, signed with {@code signer}. */
    private static String idToken(RSAKey signer, JOSEObjectType type, UnaryOperator<JWTClaimsSet.Builder> edit)
            throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("demo").audience(CLIENT)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600))).claim("nonce", NONCE)
                .claim("at_hash", AccessTokenHash.compute(new BearerAccessToken(ACCESS), JWSAlgorithm.RS256).getValue());
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").type(type).build(),
                edit.apply(claims).build());
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    private static String idToken(UnaryOperator<JWTClaimsSet.Builder> edit) throws Exception {
        return idToken(key, JOSEObjectType.JWT, edit);
    }

    @Test
    void aGoodIdTokenIsVerifiedAndItsSubjectRemembered() throws Exception {
        DemoFlow flow = flow();
        TokenVerifier.Decoded shown = client.verifyIdToken(flow, idToken(c -> c), true);
        assertThat(shown.verified()).as(shown.verdict()).isTrue();
        assertThat(shown.verdict()).contains("nonce is the one this client sent").contains("at_hash matches");
        assertThat(shown.claims()).contains("\"nonce\": \"" + NONCE + "\"");
        assertThat(shown.header()).contains("\"kid\": \"k1\"");
        assertThat(flow.subject).isEqualTo("demo");
    }

    @Test
    void eachBadIdTokenIsRefusedWithItsReason() throws Exception { // OpenID Connect Core §3.1.3.7
        // step 11: the nonce this client sent, and no other
        assertRefused(idToken(c -> c.claim("nonce", "another-nonce")), "Unexpected JWT nonce");
        // sent one, none back
        assertRefused(idToken(c -> c.claim("nonce", null)), "Missing JWT nonce");
        // step 2: the issuer
        assertRefused(idToken(c -> c.issuer("https://evil.example/api")), "issuer");
        // step 3: this client is the audience
        assertRefused(idToken(c -> c.audience("another-client")), "audience");
        // step 9: not expired
        assertRefused(idToken(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(600)))), "expired");
        // step 6: signed by the portal's key (another key with the same kid does not do)
        assertRefused(idToken(otherKeySameKid, JOSEObjectType.JWT, c -> c), "Invalid signature");
        // §3.1.3.8: at_hash binds the access token
        assertRefused(idToken(c -> c.claim("at_hash", "AAAAAAAAAAAAAAAAAAAAAA")), "hash");
        assertRefused("not.a.jwt", "Not a signed JWT");
    }

    @Test
    void aRefreshedIdTokenMustNameTheSameUser() throws Exception { // OpenID Connect Core §12.2
        DemoFlow flow = flow();
        assertThat(client.verifyIdToken(flow, idToken(c -> c), true).verified()).isTrue();
        TokenVerifier.Decoded same = client.verifyIdToken(flow, idToken(c -> c.claim("nonce", null)), false);
        assertThat(same.verified()).as(same.verdict()).isTrue();
        TokenVerifier.Decoded other = client.verifyIdToken(flow, idToken(c -> c.subject("someone-else")
                .claim("nonce", null)), false);
        assertThat(other.verified()).isFalse();
        assertThat(other.verdict()).contains("someone-else").contains("§12.2");
    }

    @Test
    void aJwtAccessTokenIsCheckedAsTheResourceServerWould() throws Exception { // RFC 9068 §4
        DemoFlow flow = flow();
        UnaryOperator<JWTClaimsSet.Builder> accessClaims = c -> c.audience(ISSUER).claim("nonce", null)
                .claim("at_hash", null).claim("client_id", CLIENT).jwtID("j1").claim("scope", "openid profile");
        TokenVerifier.Decoded good = client.verifyJwtAccessToken(flow,
                idToken(key, new JOSEObjectType("at+jwt"), accessClaims));
        assertThat(good.verified()).as(good.verdict()).isTrue();
        assertThat(good.verdict()).contains("typ is at+jwt");
        // an id_token (typ JWT) is not an access token, whatever it says (RFC 9068 §4, RFC 8725 §3.11)
        assertThat(client.verifyJwtAccessToken(flow, idToken(key, JOSEObjectType.JWT, accessClaims)).verified()).isFalse();
        assertThat(client.verifyJwtAccessToken(flow, idToken(key, new JOSEObjectType("at+jwt"),
                c -> accessClaims.apply(c).claim("client_id", "another-client"))).verified()).isFalse();
    }

    private static void assertRefused(String idToken, String reason) {
        TokenVerifier.Decoded shown = client.verifyIdToken(flow(), idToken, true);
        assertThat(shown.verified()).as(reason).isFalse();
        assertThat(shown.verdict()).containsIgnoringCase(reason);
    }
}
