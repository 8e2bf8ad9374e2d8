package id.nu.oauth.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.storage.AuthorizationCode;
import id.nu.oauth.storage.ConsumeResult;
import id.nu.oauth.storage.Grant;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The {@link id.nu.oauth.storage.CodeStore} guarantees: a saved code is consumed once
 * ({@link ConsumeResult.Consumed} with the code as saved), every later attempt is a replay
 * ({@link ConsumeResult.Replayed}) for as long as the code is kept, at least until it expires
 * (RFC 6749 §4.1.2), and an unknown code is {@link ConsumeResult.NotFound}. The concurrent case is in
 * {@link ConcurrencyContract}.
 *
 * <pre>{@code
 * class MyCodeStoreTest extends CodeStoreContract {
 *     protected Storage newStorage() { return new MyStore(dataSource); }
 * }
 * }</pre>
 */
public abstract class CodeStoreContract extends StorageContractSupport {

    @Test
    void firstConsumeReturnsTheCodeAsSaved() {
        AuthorizationCode code = newCode();
        storage.codes().save(code);

        ConsumeResult result = storage.codes().consume(code.codeHash());

        assertThat(result).isInstanceOf(ConsumeResult.Consumed.class);
        assertThat(((ConsumeResult.Consumed) result).code()).isEqualTo(code);
    }

    @Test
    void aCodeWithoutPkceNonceOrScopesRoundTrips() {
        // The documented NU.ID flow for legacy clients: no challenge, no nonce; and no scope asked.
        AuthorizationCode code = new AuthorizationCode(newHash(), newHash(), CLIENT_ID, SUBJECT,
                "https://client.example.org/cb", false, Set.of(), null, null, null, now(), now(),
                now().plus(CODE_LIFETIME));
        storage.codes().save(code);

        assertThat(storage.codes().consume(code.codeHash())).isEqualTo(new ConsumeResult.Consumed(code));
    }

    @Test
    void aCodeWithResourcesAcrAndClaimsRequestRoundTrips_rfc8707_2_oidcCore_5_5() {
        // RFC 8707 §2: the resources the authorize request named; OIDC Core §5.5 and §3.1.2.1: the
        // claims request and the login's acr, needed again when the code is redeemed.
        AuthorizationCode code = AuthorizationCode.builder(newHash(), newHash()).client(CLIENT_ID).subject(SUBJECT)
                .redirectUri("https://client.example.org/cb", true).scopes(Set.of("openid"))
                .pkce("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256").authTime(now())
                .issued(now(), now().plus(CODE_LIFETIME))
                .resources(Set.of("https://api.example.org/", "urn:example:ledger"))
                .acr("urn:nuid:acr:mfa").claims("{\"id_token\":{\"email\":{\"essential\":true}}}").build();
        storage.codes().save(code);

        ConsumeResult result = storage.codes().consume(code.codeHash());

        assertThat(result).isEqualTo(new ConsumeResult.Consumed(code));
        AuthorizationCode read = ((ConsumeResult.Consumed) result).code();
        assertThat(read.resources()).containsExactlyInAnyOrder("https://api.example.org/", "urn:example:ledger");
        assertThat(read.acr()).isEqualTo("urn:nuid:acr:mfa");
        assertThat(read.claims()).isEqualTo("{\"id_token\":{\"email\":{\"essential\":true}}}");
    }

    @Test
    void aCodeBoundToADpopKeyWithResourcesAndAcrRoundTrips_rfc9449_10_rfc8707_2() {
        // RFC 9449 §10: the dpop_jkt of the authorize request binds the code; RFC 8707 §2 and OIDC
        // Core §5.5: its resources, acr and claims request. Both sets of parts are kept together.
        String jkt = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiGQA4I";
        AuthorizationCode code = AuthorizationCode.builder(newHash(), newHash()).client(CLIENT_ID).subject(SUBJECT)
                .redirectUri("https://client.example.org/cb", true).scopes(Set.of("openid"))
                .pkce("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256").authTime(now())
                .issued(now(), now().plus(CODE_LIFETIME)).dpopJkt(jkt)
                .resources(Set.of("https://api.example.org/")).acr("urn:nuid:acr:mfa")
                .claims("{\"id_token\":{\"acr\":{\"essential\":true}}}").build();
        storage.codes().save(code);

        ConsumeResult result = storage.codes().consume(code.codeHash());

        assertThat(result).isEqualTo(new ConsumeResult.Consumed(code));
        AuthorizationCode read = ((ConsumeResult.Consumed) result).code();
        assertThat(read.dpopJkt()).isEqualTo(jkt);
        assertThat(read.resources()).containsExactly("https://api.example.org/");
        assertThat(read.acr()).isEqualTo("urn:nuid:acr:mfa");
        assertThat(storage.codes().consume(code.codeHash())).isEqualTo(new ConsumeResult.Replayed(code));
    }

    @Test
    void secondConsumeIsAReplay_rfc6749_4_1_2() {
        // RFC 6749 §4.1.2: "The client MUST NOT use the authorization code more than once."
        AuthorizationCode code = newCode();
        storage.codes().save(code);
        storage.codes().consume(code.codeHash());

        ConsumeResult again = storage.codes().consume(code.codeHash());

        assertThat(again).isInstanceOf(ConsumeResult.Replayed.class);
        // the replay names the code, so the server can revoke the grant issued from it
        assertThat(((ConsumeResult.Replayed) again).code()).isEqualTo(code);
    }

    @Test
    void everyLaterConsumeIsAReplayToo_rfc6749_4_1_2() {
        AuthorizationCode code = newCode();
        storage.codes().save(code);
        storage.codes().consume(code.codeHash());

        for (int i = 0; i < 3; i++) {
            assertThat(storage.codes().consume(code.codeHash())).isInstanceOf(ConsumeResult.Replayed.class);
        }
    }

    @Test
    void unknownCodeIsNotFound() {
        assertThat(storage.codes().consume(newHash())).isInstanceOf(ConsumeResult.NotFound.class);
    }

    @Test
    void codesAreIndependent() {
        AuthorizationCode first = newCode();
        AuthorizationCode second = newCode();
        storage.codes().save(first);
        storage.codes().save(second);

        storage.codes().consume(first.codeHash());

        assertThat(storage.codes().consume(second.codeHash())).isEqualTo(new ConsumeResult.Consumed(second));
        assertThat(storage.codes().consume(first.codeHash())).isEqualTo(new ConsumeResult.Replayed(first));
    }

    @Test
    void aConsumedCodeIsStillRecognisedAsReplayedUntilItExpires_rfc6749_4_1_2() {
        AuthorizationCode code = newCode(Duration.ofMinutes(10));
        storage.codes().save(code);
        storage.codes().consume(code.codeHash());

        // Other writes and a purge shortly before expiry must not make the store forget the code.
        advance(Duration.ofMinutes(10).minusSeconds(1));
        storage.codes().save(newCode());
        Instant beforeExpiry = now();
        storage.purgeExpired(beforeExpiry, 1000);

        assertThat(storage.codes().consume(code.codeHash())).isEqualTo(new ConsumeResult.Replayed(code));
    }

    @Test
    void anUnconsumedCodeSurvivesAPurgeBeforeItExpires() {
        AuthorizationCode code = newCode(Duration.ofMinutes(10));
        storage.codes().save(code);

        advance(Duration.ofMinutes(9));
        storage.purgeExpired(now(), 1000);

        assertThat(storage.codes().consume(code.codeHash())).isEqualTo(new ConsumeResult.Consumed(code));
    }

    @Test
    void aCodePurgedAfterItExpiredIsNotFound() {
        AuthorizationCode consumed = newCode();
        AuthorizationCode unused = newCode();
        storage.codes().save(consumed);
        storage.codes().save(unused);
        storage.codes().consume(consumed.codeHash());

        advance(CODE_LIFETIME.plusSeconds(1));
        storage.purgeExpired(now(), 1000);

        assertThat(storage.codes().consume(consumed.codeHash())).isInstanceOf(ConsumeResult.NotFound.class);
        assertThat(storage.codes().consume(unused.codeHash())).isInstanceOf(ConsumeResult.NotFound.class);
    }

    /** The grant a redemption of {@code code} stores, live. */
    private Grant grantOf(AuthorizationCode code) {
        return new Grant(code.grantId(), code.clientId(), code.subject(), code.scopes(), code.authTime(),
                now(), now().plus(GRANT_LIFETIME), null);
    }

    @Test
    void createFromCodeStoresTheGrantAndItsTokens_rfc6749_4_1_3() {
        AuthorizationCode code = newCode();
        storage.codes().save(code);
        storage.codes().consume(code.codeHash());
        Grant grant = grantOf(code);
        List<Token> tokens = List.of(newAccessToken(grant), newRefreshToken(grant));

        assertThat(storage.grants().createFromCode(grant, tokens)).isTrue();

        assertThat(storage.grants().find(code.grantId())).contains(grant);
        for (Token token : tokens) {
            assertThat(found(token)).contains(token);
        }
    }

    @Test
    void aReplayAfterTheGrantIsStoredRevokesItAndItsTokens_rfc6749_4_1_2() {
        AuthorizationCode code = newCode();
        storage.codes().save(code);
        Grant grant = grantOf(code);
        Token access = newAccessToken(grant);
        storage.grants().createFromCode(grant, List.of(access));

        assertThat(storage.grants().revokeBeforeCreation(grant, now())).isTrue();
        assertThat(storage.grants().revokeBeforeCreation(grant, now())).as("already revoked").isFalse();

        assertThat(storage.grants().find(code.grantId()).orElseThrow().revoked()).isTrue();
        assertThat(statusOf(access)).isEqualTo(TokenStatus.REVOKED);
    }

    @Test
    void aReplayBeforeTheGrantIsStoredLeavesItsTokensDeadFromTheStart_rfc6749_4_1_2() {
        // The first redemption consumed the code and is still signing its tokens when the replay
        // comes: the grant is stored revoked, and what the redemption stores next never works.
        AuthorizationCode code = newCode();
        storage.codes().save(code);
        Grant grant = grantOf(code);
        Token access = newAccessToken(grant);
        Token refresh = newRefreshToken(grant);

        assertThat(storage.grants().revokeBeforeCreation(grant, now())).isTrue();
        assertThat(storage.grants().createFromCode(grant, List.of(access, refresh))).as("not live").isFalse();

        assertThat(storage.grants().find(code.grantId()).orElseThrow().revoked()).isTrue();
        assertThat(statusOf(access)).isEqualTo(TokenStatus.REVOKED);
        assertThat(statusOf(refresh)).isEqualTo(TokenStatus.REVOKED);
        assertThat(usable(refresh)).isFalse();
    }

    @Test
    void aGrantStoredRevokedIsPurgedAfterItExpires() {
        AuthorizationCode code = newCode();
        Grant grant = grantOf(code);
        storage.grants().revokeBeforeCreation(grant, now());

        advance(GRANT_LIFETIME.plusSeconds(1));
        storage.purgeExpired(now(), 1000);

        assertThat(storage.grants().find(code.grantId())).isEmpty();
    }
}
