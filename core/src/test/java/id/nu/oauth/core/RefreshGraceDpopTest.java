package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.MOBILE_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.form;
import static id.nu.oauth.core.TokenFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import id.nu.oauth.client.Client;
import id.nu.oauth.storage.TokenStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The refresh grace window (RFC 9700 §4.14.2) with DPoP-bound tokens (RFC 9449 §5): a grace reuse
 * hands out tokens bound exactly as a rotation's are, a reuse without a proof of the key gets nothing
 * and revokes the grant, and the grace reuse is a {@code tokens.rotated} event. Proofs are made with
 * Nimbus's {@link DefaultDPoPProofFactory}.
 */
class RefreshGraceDpopTest {

    private static final String APP = "tabs-app";
    private static final URI TOKEN = URI.create("https://nu.id/api/oauth/token");
    private static final URI REFRESH = URI.create("https://nu.id/api/oauth/refreshAccessToken");

    private final List<OAuthEvent> events = new CopyOnWriteArrayList<>();
    private final TokenFixtures f = TokenFixtures.create(b -> b.eventListener(events::add)
            .client(Client.publicClient(APP).redirectUri(MOBILE_REDIRECT).scopes("profile")
                    .refreshGrace(Duration.ofSeconds(10), 2).build()));
    private final ECKey key = PrivateKeyJwtTest.ecKey("dpop");
    private final DefaultDPoPProofFactory proofs = factory(key);

    private static DefaultDPoPProofFactory factory(ECKey key) {
        try {
            return new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String proof(DefaultDPoPProofFactory factory, URI htu) throws Exception {
        return factory.createDPoPJWT(new JWTID(), "POST", htu, Date.from(f.clock.instant()), null, null).serialize();
    }

    private EndpointResponse post(String path, Map<String, String> form, String... dpop) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        form.forEach((k, v) -> multi.put(k, List.of(v)));
        EndpointRequest.Builder b = EndpointRequest.builder("POST", path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(FormCodec.encode(multi).getBytes(StandardCharsets.UTF_8));
        for (String proof : dpop) {
            b.header("DPoP", proof);
        }
        return f.server.handle(b.build());
    }

    private EndpointResponse refresh(String refreshToken, String... dpop) {
        return post(Endpoints.REFRESH, form("grant_type", "refresh_token", "refresh_token", refreshToken,
                "client_id", APP), dpop);
    }

    /** The code flow with a proof: the public client's refresh token is bound to the key (RFC 9449 §5). */
    private TokenFixtures.Tokens issue() throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        String code = f.authorize(form("response_type", "code", "client_id", APP, "redirect_uri", MOBILE_REDIRECT,
                "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(),
                "code_challenge_method", "S256"));
        EndpointResponse r = post(Endpoints.TOKEN, form("grant_type", "authorization_code", "code", code,
                "redirect_uri", MOBILE_REDIRECT, "client_id", APP, "code_verifier", verifier.getValue()),
                proof(proofs, TOKEN));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return TokenFixtures.tokens(r);
    }

    /** The key thumbprint a token is bound to, as stored (RFC 9449 §6.1). */
    private String jktOf(String token) {
        return f.storage.tokens().find(TokenHasher.hash(token)).orElseThrow().jkt();
    }

    private TokenStatus statusOf(String token) {
        return f.storage.tokens().find(TokenHasher.hash(token)).orElseThrow().status();
    }

    @Test
    void aGraceReuseGetsTokensBoundAsTheRotationsAre_rfc9449Section5() throws Exception {
        TokenFixtures.Tokens first = issue();
        EndpointResponse rotated = refresh(first.refresh(), proof(proofs, REFRESH));
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        f.clock.advance(Duration.ofSeconds(2));

        EndpointResponse retried = refresh(first.refresh(), proof(proofs, REFRESH));

        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(json(retried).get("token_type")).isEqualTo(json(rotated).get("token_type")).isEqualTo("DPoP");
        String jkt = key.computeThumbprint().toString();
        TokenFixtures.Tokens grace = TokenFixtures.tokens(retried);
        TokenFixtures.Tokens rotation = TokenFixtures.tokens(rotated);
        assertThat(jktOf(rotation.access())).isEqualTo(jkt);
        assertThat(jktOf(rotation.refresh())).isEqualTo(jkt);
        assertThat(jktOf(grace.access())).isEqualTo(jkt);
        assertThat(jktOf(grace.refresh())).isEqualTo(jkt);
        assertThat(statusOf(rotation.access())).as("the grant is kept").isEqualTo(TokenStatus.ACTIVE);
        // the grace refresh token is bound to the key as the rotated one was: useless without a proof
        assertError(refresh(grace.refresh()), 400, "invalid_grant");
        EndpointResponse next = refresh(grace.refresh(), proof(proofs, REFRESH));
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertThat(events).filteredOn(e -> e instanceof OAuthEvent.TokensRefreshed r && r.rotated())
                .as("the rotation, the grace reuse and the next rotation").hasSize(3);
        assertThat(events).noneMatch(e -> e instanceof OAuthEvent.RefreshReuseDetected);
    }

    @Test
    void aReuseInsideTheWindowWithoutAProofOfTheKeyRevokesTheGrant_rfc9449Section5_rfc9700Section4_14_2()
            throws Exception {
        TokenFixtures.Tokens first = issue();
        TokenFixtures.Tokens rotated = TokenFixtures.tokens(refresh(first.refresh(), proof(proofs, REFRESH)));
        DefaultDPoPProofFactory thief = factory(PrivateKeyJwtTest.ecKey("thief"));

        assertError(refresh(first.refresh(), proof(thief, REFRESH)), 400, "invalid_grant");

        assertThat(statusOf(rotated.access())).as("the grant is revoked").isEqualTo(TokenStatus.REVOKED);
        assertThat(f.server.userGrants(TokenFixtures.SUBJECT)).isEmpty();
        assertThat(events).anyMatch(e -> e instanceof OAuthEvent.RefreshReuseDetected);
        assertError(refresh(rotated.refresh(), proof(proofs, REFRESH)), 400, "invalid_grant");
    }
}
