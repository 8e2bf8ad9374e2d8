package id.nu.oauth.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.nu.oauth.storage.AuthorizationCode;
import id.nu.oauth.storage.ConsumeResult;
import id.nu.oauth.storage.Grant;
import id.nu.oauth.storage.NewGrant;
import id.nu.oauth.storage.Token;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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

    /** The grant a redemption of {@code code} would store, with an access and a refresh token. */
    private NewGrant grantFor(AuthorizationCode code) {
        Grant grant = new Grant(code.grantId(), code.clientId(), code.subject(), code.scopes(), code.authTime(),
                now(), now().plus(GRANT_LIFETIME), null);
        return new NewGrant(grant, List.of(newAccessToken(grant), newRefreshToken(grant)));
    }

    @Test
    void redeemStoresTheGrantAndItsTokensWithTheConsumption() {
        AuthorizationCode code = newCode();
        storage.codes().save(code);
        NewGrant issued = grantFor(code);

        ConsumeResult result = storage.codes().redeem(code.codeHash(), c -> {
            assertThat(c).isEqualTo(code); // the issue function sees the code as saved
            return Optional.of(issued);
        });

        assertThat(result).isEqualTo(new ConsumeResult.Consumed(code));
        assertThat(storage.grants().find(code.grantId())).contains(issued.grant());
        for (Token token : issued.tokens()) {
            assertThat(found(token)).contains(token);
        }
    }

    @Test
    void redeemThatIssuesNothingStillSpendsTheCode() {
        // e.g. a wrong PKCE verifier: the code is burnt, nothing is issued (RFC 6749 §4.1.2: single use).
        AuthorizationCode code = newCode();
        storage.codes().save(code);

        assertThat(storage.codes().redeem(code.codeHash(), c -> Optional.empty()))
                .isEqualTo(new ConsumeResult.Consumed(code));
        assertThat(storage.grants().find(code.grantId())).isEmpty();
        assertThat(storage.codes().redeem(code.codeHash(), c -> Optional.of(grantFor(c))))
                .isEqualTo(new ConsumeResult.Replayed(code));
        assertThat(storage.grants().find(code.grantId())).as("a replay issues nothing").isEmpty();
    }

    @Test
    void theIssueFunctionRunsOnlyForTheCallerThatConsumes() {
        AuthorizationCode code = newCode();
        storage.codes().save(code);
        storage.codes().redeem(code.codeHash(), c -> Optional.of(grantFor(c)));

        ConsumeResult again = storage.codes().redeem(code.codeHash(), c -> {
            throw new AssertionError("issue must not run for a replay");
        });
        assertThat(again).isEqualTo(new ConsumeResult.Replayed(code));
        assertThat(storage.codes().redeem(newHash(), c -> {
            throw new AssertionError("issue must not run for an unknown code");
        })).isEqualTo(new ConsumeResult.NotFound());
    }

    @Test
    void aFailingIssueFunctionStoresNoPartOfTheGrant() {
        AuthorizationCode code = newCode();
        storage.codes().save(code);
        NewGrant issued = grantFor(code);

        assertThatThrownBy(() -> storage.codes().redeem(code.codeHash(), c -> {
            throw new IllegalStateException("signing failed");
        })).isInstanceOf(RuntimeException.class);

        assertThat(storage.grants().find(code.grantId())).isEmpty();
        for (Token token : issued.tokens()) {
            assertThat(found(token)).isEmpty();
        }
    }
}
