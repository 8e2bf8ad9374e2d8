package id.nu.oauth.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.storage.AuthorizationCode;
import id.nu.oauth.storage.ConsumeResult;
import id.nu.oauth.storage.Grant;
import id.nu.oauth.storage.RotateResult;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link id.nu.oauth.storage.Storage#purgeExpired} guarantees: it deletes expired codes, tokens
 * and grants and nothing else (a grant only once it has expired itself), at most {@code batchSize}
 * per call, and returns how many it deleted, so that calling again while it returns
 * {@code batchSize} empties the store of expired entries.
 *
 * <p>The tests leave a wide margin around every expiry instant: whether an entry expiring exactly
 * at {@code now} is purged is not part of the contract.
 *
 * <pre>{@code
 * class MyPurgeTest extends PurgeContract {
 *     protected Storage newStorage() { return new MyStore(dataSource); }
 * }
 * }</pre>
 */
public abstract class PurgeContract extends StorageContractSupport {

    @Test
    void purgingAStoreWithNothingExpiredDeletesNothing() {
        Issued issued = issue();
        AuthorizationCode code = newCode();
        storage.codes().save(code);

        assertThat(storage.purgeExpired(now(), 1000)).isZero();

        assertThat(found(issued.access())).contains(issued.access());
        assertThat(storage.codes().consume(code.codeHash())).isInstanceOf(ConsumeResult.Consumed.class);
    }

    @Test
    void purgeDeletesExactlyTheExpiredEntriesAndCountsThem() {
        AuthorizationCode expiredCode = newCode(Duration.ofMinutes(1));
        AuthorizationCode liveCode = newCode(Duration.ofHours(3));
        storage.codes().save(expiredCode);
        storage.codes().save(liveCode);
        Grant shortGrant = newGrant(Duration.ofHours(1));
        Token shortAccess = newAccessToken(shortGrant);
        Token shortRefresh = newRefreshToken(shortGrant);
        storage.grants().create(shortGrant, List.of(shortAccess, shortRefresh));
        Issued longGrant = issue(); // access token: 10 minutes; refresh: 1 day; grant: 30 days

        advance(Duration.ofHours(2));

        // expired: one code, the short grant and its two tokens, the long grant's access token
        assertThat(storage.purgeExpired(now(), 1000)).isEqualTo(5);

        assertThat(storage.codes().consume(expiredCode.codeHash())).isInstanceOf(ConsumeResult.NotFound.class);
        assertThat(storage.grants().find(shortGrant.grantId())).isEmpty();
        assertThat(found(shortAccess)).isEmpty();
        assertThat(found(shortRefresh)).isEmpty();
        assertThat(found(longGrant.access())).isEmpty();

        assertThat(storage.codes().consume(liveCode.codeHash())).isEqualTo(new ConsumeResult.Consumed(liveCode));
        assertThat(storage.grants().find(longGrant.grant().grantId())).contains(longGrant.grant());
        assertThat(found(longGrant.refresh())).contains(longGrant.refresh());

        assertThat(storage.purgeExpired(now(), 1000)).isZero();
    }

    @Test
    void purgeDeletesNoMoreThanTheBatchSize() {
        for (int i = 0; i < 5; i++) {
            storage.codes().save(newCode(Duration.ofMinutes(1)));
        }
        AuthorizationCode live = newCode(Duration.ofHours(1));
        storage.codes().save(live);
        advance(Duration.ofMinutes(30));

        assertThat(storage.purgeExpired(now(), 2)).isEqualTo(2);
        assertThat(storage.purgeExpired(now(), 2)).isEqualTo(2);
        assertThat(storage.purgeExpired(now(), 2)).isEqualTo(1);
        assertThat(storage.purgeExpired(now(), 2)).isZero();

        assertThat(storage.codes().consume(live.codeHash())).isEqualTo(new ConsumeResult.Consumed(live));
    }

    @Test
    void callingAgainWhileItReturnsTheBatchSizeEmptiesTheStoreOfExpiredEntries() {
        List<AuthorizationCode> codes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            AuthorizationCode code = newCode(Duration.ofMinutes(1));
            storage.codes().save(code);
            codes.add(code);
        }
        Grant grant = newGrant(Duration.ofHours(1));
        Token access = newAccessToken(grant);
        Token refresh = newRefreshToken(grant);
        storage.grants().create(grant, List.of(access, refresh));
        advance(Duration.ofHours(2));

        int batch = 4;
        int total = 0;
        int calls = 0;
        int deleted;
        do {
            deleted = storage.purgeExpired(now(), batch);
            assertThat(deleted).isBetween(0, batch);
            total += deleted;
            calls++;
        } while (deleted == batch && calls < 10);

        assertThat(total).isEqualTo(6);
        assertThat(codes).allSatisfy(c -> assertThat(storage.codes().consume(c.codeHash()))
                .isInstanceOf(ConsumeResult.NotFound.class));
        assertThat(storage.grants().find(grant.grantId())).isEmpty();
        assertThat(found(access)).isEmpty();
        assertThat(found(refresh)).isEmpty();
    }

    @Test
    void aGrantIsKeptUntilItExpiresItselfEvenWhenItsTokensHaveExpired() {
        Issued issued = issue();
        advance(REFRESH_IDLE.plusHours(1));

        assertThat(storage.purgeExpired(now(), 1000)).isEqualTo(2);

        assertThat(storage.grants().find(issued.grant().grantId())).contains(issued.grant());
        assertThat(storage.grants().revoke(issued.grant().grantId(), now())).isTrue();
    }

    @Test
    void aGrantIsPurgedOnceItHasExpired() {
        Issued issued = issue();
        advance(GRANT_LIFETIME.plusHours(1));

        assertThat(storage.purgeExpired(now(), 1000)).isEqualTo(3);

        assertThat(storage.grants().find(issued.grant().grantId())).isEmpty();
    }

    @Test
    void rotatedAndRevokedTokensAreKeptUntilTheyExpire_rfc9700_4_14_2() {
        // Reuse detection needs the retired refresh token for as long as it would have lived.
        Issued rotated = issue();
        List<Token> next = successors(rotated.refresh());
        storage.tokens().rotate(rotated.refresh().tokenHash(), next, now());
        Issued revoked = issue();
        storage.grants().revoke(revoked.grant().grantId(), now());
        advance(Duration.ofHours(1));

        // only the three access tokens (10 minutes) have expired
        assertThat(storage.purgeExpired(now(), 1000)).isEqualTo(3);

        assertThat(statusOf(rotated.refresh())).isEqualTo(TokenStatus.ROTATED);
        assertThat(storage.tokens().rotate(rotated.refresh().tokenHash(), successors(rotated.refresh()), now()))
                .isInstanceOf(RotateResult.Reused.class);
        assertThat(statusOf(revoked.refresh())).isEqualTo(TokenStatus.REVOKED);
        assertThat(storage.grants().find(revoked.grant().grantId()).orElseThrow().revoked()).isTrue();
    }

    @Test
    void aRenewedTokenIsPurgedByItsNewExpiryAndCountedOnce() {
        // No other token expires meanwhile, so a store that cleans itself on writes counts the same.
        Grant grant = newGrant();
        Token refresh = newRefreshToken(grant);
        storage.grants().create(grant, List.of(refresh));
        advance(Duration.ofHours(12));
        storage.tokens().renew(refresh.tokenHash(), now().plus(REFRESH_IDLE), List.of(), now());

        advance(Duration.ofHours(18)); // past the first expiry (24 h), before the new one (36 h)
        assertThat(storage.purgeExpired(now(), 1000)).isZero();
        assertThat(usable(refresh)).isTrue();

        advance(Duration.ofDays(1));
        assertThat(storage.purgeExpired(now(), 1000)).isEqualTo(1); // the refresh token, once
        assertThat(found(refresh)).isEmpty();
        assertThat(storage.grants().find(grant.grantId())).isPresent();
    }

    @Test
    void aRenewedTokenPurgedAfterBothItsExpiriesIsCountedOnce() {
        Grant grant = newGrant();
        Token refresh = newRefreshToken(grant);
        storage.grants().create(grant, List.of(refresh));
        advance(Duration.ofHours(12));
        storage.tokens().renew(refresh.tokenHash(), now().plus(REFRESH_IDLE), List.of(), now());

        advance(Duration.ofDays(3)); // past the first expiry and the renewed one

        assertThat(storage.purgeExpired(now(), 1000)).isEqualTo(1);
        assertThat(found(refresh)).isEmpty();
        assertThat(storage.purgeExpired(now(), 1000)).isZero();
    }

    @Test
    void purgeGoesByTheGivenInstant() {
        AuthorizationCode code = newCode(Duration.ofMinutes(1));
        storage.codes().save(code);

        assertThat(storage.purgeExpired(now().plus(Duration.ofMinutes(30)), 1000)).isEqualTo(1);

        assertThat(storage.codes().consume(code.codeHash())).isInstanceOf(ConsumeResult.NotFound.class);
    }

    @Test
    void purgeNeverTouchesClientsOrConsents() {
        storage.consents().save(new id.nu.oauth.storage.Consent(SUBJECT, CLIENT_ID, java.util.Set.of("openid"),
                now()));
        advance(Duration.ofDays(3650));

        assertThat(storage.purgeExpired(now(), 1000)).isZero();

        assertThat(storage.clients().find(CLIENT_ID)).isPresent();
        assertThat(storage.consents().find(SUBJECT, CLIENT_ID)).isPresent();
    }
}
