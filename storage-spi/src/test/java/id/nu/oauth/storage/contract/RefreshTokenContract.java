package id.nu.oauth.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.storage.Grant;
import id.nu.oauth.storage.RotateResult;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link id.nu.oauth.storage.TokenStore} guarantees for using a refresh token:
 * {@code rotate} (RFC 9700 §4.14.2: the first use gets {@link RotateResult.Rotated}, a second use of
 * the same token {@link RotateResult.Reused}, an unknown, expired or revoked token or one of a revoked
 * grant {@link RotateResult.Inactive}; new tokens are saved only on {@code Rotated}) and {@code renew}
 * (moves the idle expiry and saves the new tokens only while the token is usable). The concurrent
 * cases are in {@link ConcurrencyContract}.
 *
 * <pre>{@code
 * class MyRefreshTest extends RefreshTokenContract {
 *     protected Storage newStorage() { return new MyStore(dataSource); }
 * }
 * }</pre>
 */
public abstract class RefreshTokenContract extends StorageContractSupport {

    // ---- rotate ----

    @Test
    void rotateRetiresTheOldTokenAndSavesTheNewOnes_rfc9700_4_14_2() {
        Issued issued = issue();
        List<Token> next = successors(issued.refresh());

        RotateResult result = storage.tokens().rotate(issued.refresh().tokenHash(), next, now());

        assertThat(result).isInstanceOf(RotateResult.Rotated.class);
        assertThat(found(issued.refresh())).contains(issued.refresh().withStatus(TokenStatus.ROTATED));
        assertThat(next).allSatisfy(t -> assertThat(found(t)).contains(t));
        // rotation retires the refresh token only: the access token issued with it lives on
        assertThat(found(issued.access())).contains(issued.access());
    }

    @Test
    void rotatingTheSameTokenAgainIsReuse_rfc9700_4_14_2() {
        Issued issued = issue();
        storage.tokens().rotate(issued.refresh().tokenHash(), successors(issued.refresh()), now());
        List<Token> attackersTokens = successors(issued.refresh());

        RotateResult again = storage.tokens().rotate(issued.refresh().tokenHash(), attackersTokens, now());

        assertThat(again).isInstanceOf(RotateResult.Reused.class);
        Token reported = ((RotateResult.Reused) again).token();
        assertThat(reported.tokenHash()).isEqualTo(issued.refresh().tokenHash());
        assertThat(reported.grantId()).isEqualTo(issued.grant().grantId());
        assertThat(reported.clientId()).isEqualTo(issued.refresh().clientId());
        assertThat(attackersTokens).allSatisfy(t -> assertThat(found(t)).isEmpty());
    }

    @Test
    void theSuccessorRotatesAndItsPredecessorStaysReused_rfc9700_4_14_2() {
        Issued issued = issue();
        List<Token> second = successors(issued.refresh());
        storage.tokens().rotate(issued.refresh().tokenHash(), second, now());
        advance(Duration.ofMinutes(5));
        List<Token> third = successors(second.get(1));

        assertThat(storage.tokens().rotate(second.get(1).tokenHash(), third, now()))
                .isInstanceOf(RotateResult.Rotated.class);

        assertThat(storage.tokens().rotate(issued.refresh().tokenHash(), successors(issued.refresh()), now()))
                .isInstanceOf(RotateResult.Reused.class);
        assertThat(storage.tokens().rotate(second.get(1).tokenHash(), successors(issued.refresh()), now()))
                .isInstanceOf(RotateResult.Reused.class);
        assertThat(statusOf(third.get(1))).isEqualTo(TokenStatus.ACTIVE);
    }

    @Test
    void rotateOfAnUnknownTokenIsInactiveAndSavesNothing() {
        Issued issued = issue();
        List<Token> next = successors(issued.refresh());

        assertThat(storage.tokens().rotate(newHash(), next, now())).isInstanceOf(RotateResult.Inactive.class);
        assertThat(next).allSatisfy(t -> assertThat(found(t)).isEmpty());
    }

    @Test
    void rotateOfAnExpiredTokenIsInactiveAndSavesNothing() {
        Grant grant = newGrant();
        Token refresh = newRefreshToken(grant, Duration.ofHours(1));
        storage.grants().create(grant, List.of(refresh));
        List<Token> next = successors(refresh);

        advance(Duration.ofHours(1)); // Token.isUsableAt: no longer usable at its expiry instant

        assertThat(storage.tokens().rotate(refresh.tokenHash(), next, now()))
                .isInstanceOf(RotateResult.Inactive.class);
        assertThat(next).allSatisfy(t -> assertThat(found(t)).isEmpty());
    }

    @Test
    void rotateOneSecondBeforeExpiryStillWorks() {
        Grant grant = newGrant();
        Token refresh = newRefreshToken(grant, Duration.ofHours(1));
        storage.grants().create(grant, List.of(refresh));
        List<Token> next = successors(refresh);

        advance(Duration.ofHours(1).minusSeconds(1));

        assertThat(storage.tokens().rotate(refresh.tokenHash(), next, now()))
                .isInstanceOf(RotateResult.Rotated.class);
    }

    @Test
    void rotateUsesTheGivenInstantNotTheClock() {
        Grant grant = newGrant();
        Token refresh = newRefreshToken(grant, Duration.ofHours(1));
        storage.grants().create(grant, List.of(refresh));
        Instant pastExpiry = now().plus(Duration.ofHours(2));

        assertThat(storage.tokens().rotate(refresh.tokenHash(), successors(refresh), pastExpiry))
                .isInstanceOf(RotateResult.Inactive.class);
        assertThat(statusOf(refresh)).isEqualTo(TokenStatus.ACTIVE);
    }

    @Test
    void rotateOfARevokedTokenIsInactiveAndSavesNothing() {
        Issued issued = issue();
        storage.tokens().revoke(issued.refresh().tokenHash());
        List<Token> next = successors(issued.refresh());

        assertThat(storage.tokens().rotate(issued.refresh().tokenHash(), next, now()))
                .isInstanceOf(RotateResult.Inactive.class);
        assertThat(next).allSatisfy(t -> assertThat(found(t)).isEmpty());
        assertThat(statusOf(issued.refresh())).isEqualTo(TokenStatus.REVOKED);
    }

    @Test
    void rotateOfATokenOfARevokedGrantIsInactiveAndLeavesNoUsableToken() {
        Issued issued = issue();
        List<Token> next = successors(issued.refresh());
        storage.grants().revoke(issued.grant().grantId(), now());

        assertThat(storage.tokens().rotate(issued.refresh().tokenHash(), next, now()))
                .isInstanceOf(RotateResult.Inactive.class);
        // RotateResult.Inactive: "nothing was saved"
        assertThat(next).allSatisfy(t -> assertThat(found(t)).isEmpty());
        assertThat(statusOf(issued.refresh())).isEqualTo(TokenStatus.REVOKED);
    }

    @Test
    void aReusedTokenReportsRotatedUntilTheGrantIsRevoked_rfc9700_4_14_2() {
        // The server sees the reuse (status ROTATED), then revokes the grant: every token is dead.
        Issued issued = issue();
        List<Token> next = successors(issued.refresh());
        storage.tokens().rotate(issued.refresh().tokenHash(), next, now());
        assertThat(statusOf(issued.refresh())).isEqualTo(TokenStatus.ROTATED);

        RotateResult reuse = storage.tokens().rotate(issued.refresh().tokenHash(), successors(issued.refresh()),
                now());
        storage.grants().revoke(((RotateResult.Reused) reuse).token().grantId(), now());

        assertThat(usable(issued.access())).isFalse();
        assertThat(next).allSatisfy(t -> assertThat(usable(t)).isFalse());
        assertThat(storage.tokens().rotate(next.get(1).tokenHash(), successors(issued.refresh()), now()))
                .isNotInstanceOf(RotateResult.Rotated.class);
    }

    // ---- renew ----

    @Test
    void renewMovesTheExpiryAndSavesTheNewTokens() {
        Issued issued = issue();
        advance(Duration.ofHours(12));
        Instant newExpiry = now().plus(REFRESH_IDLE);
        Token access = newAccessToken(issued.grant());

        assertThat(storage.tokens().renew(issued.refresh().tokenHash(), newExpiry, List.of(access), now())).isTrue();

        assertThat(found(issued.refresh())).contains(issued.refresh().withExpiresAt(newExpiry));
        assertThat(found(access)).contains(access);
    }

    @Test
    void aRenewedTokenIsUsableAfterItsOldExpiry() {
        Issued issued = issue();
        advance(Duration.ofHours(20));
        storage.tokens().renew(issued.refresh().tokenHash(), now().plus(REFRESH_IDLE), List.of(), now());

        advance(Duration.ofHours(20)); // 40 h after issue: past the first expiry, before the new one
        storage.purgeExpired(now(), 1000);

        assertThat(usable(issued.refresh())).isTrue();
        assertThat(storage.tokens().renew(issued.refresh().tokenHash(), now().plus(REFRESH_IDLE),
                List.of(newAccessToken(issued.grant())), now())).isTrue();
    }

    @Test
    void renewCanBeRepeatedBecauseTheTokenIsKept() {
        Issued issued = issue();

        for (int i = 0; i < 3; i++) {
            advance(Duration.ofHours(1));
            Token access = newAccessToken(issued.grant());
            assertThat(storage.tokens().renew(issued.refresh().tokenHash(), now().plus(REFRESH_IDLE),
                    List.of(access), now())).isTrue();
            assertThat(found(access)).contains(access);
        }
        assertThat(found(issued.refresh()).orElseThrow().expiresAt()).isEqualTo(now().plus(REFRESH_IDLE));
        assertThat(statusOf(issued.refresh())).isEqualTo(TokenStatus.ACTIVE);
    }

    @Test
    void renewOfAnUnknownTokenReturnsFalseAndSavesNothing() {
        Issued issued = issue();
        Token access = newAccessToken(issued.grant());

        assertThat(storage.tokens().renew(newHash(), now().plus(REFRESH_IDLE), List.of(access), now())).isFalse();
        assertThat(found(access)).isEmpty();
    }

    @Test
    void renewOfAnExpiredTokenReturnsFalseAndSavesNothing() {
        Issued issued = issue();
        advance(REFRESH_IDLE);
        Token access = newAccessToken(issued.grant());

        assertThat(storage.tokens().renew(issued.refresh().tokenHash(), now().plus(REFRESH_IDLE),
                List.of(access), now())).isFalse();
        assertThat(found(access)).isEmpty();
        assertThat(found(issued.refresh()).map(Token::expiresAt)).isIn(
                java.util.Optional.of(issued.refresh().expiresAt()), java.util.Optional.empty());
    }

    @Test
    void renewOfARevokedTokenReturnsFalseAndSavesNothing() {
        Issued issued = issue();
        storage.tokens().revoke(issued.refresh().tokenHash());
        Token access = newAccessToken(issued.grant());

        assertThat(storage.tokens().renew(issued.refresh().tokenHash(), now().plus(REFRESH_IDLE),
                List.of(access), now())).isFalse();
        assertThat(found(access)).isEmpty();
        assertThat(found(issued.refresh())).contains(issued.refresh().withStatus(TokenStatus.REVOKED));
    }

    @Test
    void renewOfATokenOfARevokedGrantReturnsFalseAndLeavesNoUsableToken() {
        Issued issued = issue();
        storage.grants().revoke(issued.grant().grantId(), now());
        Token access = newAccessToken(issued.grant());

        assertThat(storage.tokens().renew(issued.refresh().tokenHash(), now().plus(REFRESH_IDLE),
                List.of(access), now())).isFalse();
        assertThat(found(access)).isEmpty();
        assertThat(usable(issued.refresh())).isFalse();
    }

    @Test
    void renewOfARotatedTokenReturnsFalseAndSavesNothing() {
        Issued issued = issue();
        storage.tokens().rotate(issued.refresh().tokenHash(), successors(issued.refresh()), now());
        Token access = newAccessToken(issued.grant());

        assertThat(storage.tokens().renew(issued.refresh().tokenHash(), now().plus(REFRESH_IDLE),
                List.of(access), now())).isFalse();
        assertThat(found(access)).isEmpty();
        assertThat(statusOf(issued.refresh())).isEqualTo(TokenStatus.ROTATED);
    }
}
