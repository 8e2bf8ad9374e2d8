package id.nu.oauth.storage.memory;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.storage.AuthorizationCode;
import id.nu.oauth.client.Client;
import id.nu.oauth.storage.Consent;
import id.nu.oauth.storage.ConsumeResult;
import id.nu.oauth.storage.Grant;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenKind;
import id.nu.oauth.storage.contract.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What only the in-memory store promises, beyond the contract ({@link InMemoryStorageContractTest}):
 * it cleans itself at a bounded cost per write, by its own clock, and {@link InMemoryStorage#size()}
 * shows it.
 */
class InMemoryStorageTest {

    private static final Instant START = Instant.parse("2040-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final InMemoryStorage storage = InMemoryStorage.create(clock);

    {
        // tokens of an unregistered client read revoked (TokenStore.find): register the fixtures' client
        storage.clients().save(id.nu.oauth.client.Client.publicClient("c").redirectUri("https://c.example.org/cb").build());
    }

    @Test
    void aNewStoreIsEmpty() {
        assertThat(storage.size()).isZero();
    }

    @Test
    void sizeCountsCodesGrantsAndTokensButNotClientsOrConsents() {
        storage.clients().save(Client.publicClient("c").redirectUri("https://c.example.org/cb").build());
        storage.consents().save(new Consent("user", "c", Set.of(), clock.instant()));
        storage.codes().save(code(Duration.ofMinutes(1)));
        Grant grant = grant(Duration.ofDays(1));
        storage.grants().create(grant, List.of(token(grant, Duration.ofMinutes(10)), token(grant, Duration.ofHours(1))));

        assertThat(storage.size()).isEqualTo(4);
    }

    @Test
    void eachWriteRemovesAFewExpiredEntriesButNotAllOfThem() {
        for (int i = 0; i < 100; i++) {
            storage.codes().save(code(Duration.ofMinutes(1)));
        }
        clock.advance(Duration.ofMinutes(2));

        storage.codes().save(code(Duration.ofMinutes(10)));

        // one write: at least one expired entry gone, but no sweep of the whole store
        assertThat(storage.size()).isBetween(101 - 10, 100);
    }

    @Test
    void writesAloneEventuallyRemoveEveryExpiredEntry() {
        for (int i = 0; i < 100; i++) {
            storage.codes().save(code(Duration.ofMinutes(1)));
        }
        clock.advance(Duration.ofMinutes(2));

        for (int i = 0; i < 100; i++) {
            storage.codes().save(code(Duration.ofMinutes(10)));
        }

        assertThat(storage.size()).isEqualTo(100); // only the live codes are left
        assertThat(storage.purgeExpired(clock.instant(), 1000)).isZero();
    }

    @Test
    void writesNeverRemoveEntriesThatHaveNotExpired() {
        AuthorizationCode consumed = code(Duration.ofHours(1));
        storage.codes().save(consumed);
        storage.codes().consume(consumed.codeHash());
        for (int i = 0; i < 50; i++) {
            storage.codes().save(code(Duration.ofHours(1)));
        }
        clock.advance(Duration.ofMinutes(59));

        for (int i = 0; i < 10; i++) {
            storage.codes().save(code(Duration.ofHours(1)));
        }

        assertThat(storage.size()).isEqualTo(61);
        assertThat(storage.codes().consume(consumed.codeHash())).isInstanceOf(ConsumeResult.Replayed.class);
    }

    @Test
    void selfCleaningGoesByTheStoresClockNotByTheInstantsOperationsAreGiven() {
        AuthorizationCode code = code(Duration.ofMinutes(1));
        storage.codes().save(code);
        Grant grant = grant(Duration.ofDays(30));
        Token refresh = token(grant, Duration.ofDays(1));
        storage.grants().create(grant, List.of(refresh));

        // a write whose "now" is an hour ahead; the store's clock still says START
        assertThat(storage.tokens().renew(refresh.tokenHash(), START.plus(Duration.ofDays(2)),
                List.of(token(grant, Duration.ofMinutes(10))), START.plus(Duration.ofHours(1)))).isTrue();

        assertThat(storage.codes().consume(code.codeHash())).isInstanceOf(ConsumeResult.Consumed.class);
    }

    @Test
    void aRenewedTokenSurvivesSelfCleaningPastItsFirstExpiry() {
        Grant grant = grant(Duration.ofDays(30));
        Token refresh = token(grant, Duration.ofDays(1));
        storage.grants().create(grant, List.of(refresh));
        clock.advance(Duration.ofHours(20));
        assertThat(storage.tokens().renew(refresh.tokenHash(), clock.instant().plus(Duration.ofDays(1)), List.of(),
                clock.instant())).isTrue();

        clock.advance(Duration.ofHours(10)); // past the first expiry
        for (int i = 0; i < 20; i++) {
            storage.codes().save(code(Duration.ofMinutes(1)));
        }

        assertThat(storage.tokens().find(refresh.tokenHash()).orElseThrow().isUsableAt(clock.instant())).isTrue();
    }

    @Test
    void purgeExpiredIsBoundedByTheBatchSize() {
        for (int i = 0; i < 100; i++) {
            storage.codes().save(code(Duration.ofMinutes(1)));
        }
        for (int i = 0; i < 5; i++) {
            storage.codes().save(code(Duration.ofHours(1)));
        }
        Instant later = clock.instant().plus(Duration.ofMinutes(2)); // the clock stays: no self-cleaning

        assertThat(storage.purgeExpired(later, 10)).isEqualTo(10);
        assertThat(storage.size()).isEqualTo(95);
        assertThat(storage.purgeExpired(later, 1000)).isEqualTo(90);
        assertThat(storage.size()).isEqualTo(5);
    }

    @Test
    void sizeShrinksOnceEntriesExpire() {
        storage.codes().save(code(Duration.ofMinutes(1)));
        Grant grant = grant(Duration.ofHours(2));
        storage.grants().create(grant, List.of(token(grant, Duration.ofMinutes(10)), token(grant, Duration.ofHours(1))));
        assertThat(storage.size()).isEqualTo(4);

        clock.advance(Duration.ofMinutes(30));
        assertThat(storage.purgeExpired(clock.instant(), 1000)).isEqualTo(2);
        assertThat(storage.size()).isEqualTo(2);

        clock.advance(Duration.ofHours(2));
        assertThat(storage.purgeExpired(clock.instant(), 1000)).isEqualTo(2);
        assertThat(storage.size()).isZero();
    }

    @Test
    void theDefaultStoreUsesTheSystemClockAndKeepsFutureEntries() {
        InMemoryStorage real = InMemoryStorage.create();
        real.codes().save(code(Duration.ofMinutes(1))); // expires in 2040
        real.codes().save(code(Duration.ofMinutes(1)));

        assertThat(real.size()).isEqualTo(2);
        assertThat(real.purgeExpired(Instant.now(), 1000)).isZero();
    }

    @Test
    void aDeletedClientsGrantsAreStillPurgedWholeWithFewOrManyTokens() {
        Grant few = grant(Duration.ofDays(30));
        storage.grants().create(few, List.of(token(few, Duration.ofDays(1)), token(few, Duration.ofDays(1))));
        Grant many = grant(Duration.ofDays(30)); // a grant refreshed for weeks keeps every rotated token
        storage.grants().create(many, List.of(token(many, Duration.ofDays(1))));
        for (int i = 0; i < 30; i++) {
            storage.tokens().save(token(many, i % 2 == 0 ? Duration.ofMinutes(10) : Duration.ofDays(1)));
        }
        clock.advance(Duration.ofMinutes(20)); // 15 of the many expire: purged one by one
        assertThat(storage.purgeExpired(clock.instant(), 1000)).isEqualTo(15);

        assertThat(storage.clients().delete("c", clock.instant())).isTrue();

        // 2 + 16 tokens and 2 grants, in bounded batches
        int purged = 0;
        for (int calls = 0; calls < 10; calls++) {
            purged += storage.purgeExpired(clock.instant(), 3);
        }
        assertThat(purged).isEqualTo(20);
        assertThat(storage.size()).isZero();
    }

    private AuthorizationCode code(Duration lifetime) {
        Instant now = clock.instant();
        return new AuthorizationCode(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "c", "user",
                "https://c.example.org/cb", true, Set.of("openid"), null, null, null, now, now, now.plus(lifetime));
    }

    private Grant grant(Duration lifetime) {
        Instant now = clock.instant();
        return new Grant(UUID.randomUUID().toString(), "c", "user", Set.of("openid"), now, now, now.plus(lifetime),
                null);
    }

    private Token token(Grant grant, Duration lifetime) {
        Instant now = clock.instant();
        return Token.active(UUID.randomUUID().toString(), TokenKind.REFRESH, grant.grantId(), "c", "user",
                Set.of("openid"), now, now.plus(lifetime), grant.expiresAt());
    }
}
