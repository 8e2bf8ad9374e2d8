package id.nu.oauth.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.storage.Registration;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link id.nu.oauth.storage.RegistrationStore} guarantees (dynamic client registration, RFC 7591
 * and RFC 7592): a saved registration is found as saved; {@code replace} is a compare-and-set on the
 * registration access token's hash, so that of many concurrent updates with the same token exactly
 * one rotates it (RFC 7592 §2.2); deleting the client deletes its registration.
 *
 * <pre>{@code
 * class MyRegistrationStoreTest extends RegistrationStoreContract {
 *     protected Storage newStorage() { return new MyStore(dataSource); }
 * }
 * }</pre>
 */
public abstract class RegistrationStoreContract extends StorageContractSupport {

    /** How many threads race to rotate. */
    protected int threads() {
        return 50;
    }

    private Registration registration(String clientId) {
        return new Registration(clientId, newHash(), now(), "https://app.example.org/", "https://app.example.org/logo.png",
                "https://app.example.org/privacy", "https://app.example.org/terms",
                List.of("ops@example.org", "Security Team <security@example.org>"));
    }

    @Test
    void aSavedRegistrationIsFoundAsSaved() {
        Registration r = registration(CLIENT_ID);

        storage.registrations().save(r);

        assertThat(storage.registrations().find(CLIENT_ID)).contains(r);
        assertThat(storage.registrations().find(OTHER_CLIENT_ID)).isEmpty();
    }

    @Test
    void optionalPartsMayBeAbsent() {
        Registration r = new Registration(CLIENT_ID, newHash(), now(), null, null, null, null, List.of());

        storage.registrations().save(r);

        assertThat(storage.registrations().find(CLIENT_ID)).contains(r);
    }

    @Test
    void saveReplacesTheRegistrationOfTheSameClient() {
        storage.registrations().save(registration(CLIENT_ID));
        Registration second = registration(CLIENT_ID);

        storage.registrations().save(second);

        assertThat(storage.registrations().find(CLIENT_ID)).contains(second);
    }

    @Test
    void replaceSucceedsOnlyWithTheCurrentTokenHash() { // RFC 7592 §2.2: the old token is discarded
        Registration r = registration(CLIENT_ID);
        storage.registrations().save(r);
        Registration rotated = r.withAccessTokenHash(newHash());

        assertThat(storage.registrations().replace(newHash(), rotated)).isFalse();
        assertThat(storage.registrations().find(CLIENT_ID)).contains(r);
        assertThat(storage.registrations().replace(r.accessTokenHash(), rotated)).isTrue();
        assertThat(storage.registrations().find(CLIENT_ID)).contains(rotated);
        assertThat(storage.registrations().replace(r.accessTokenHash(), r.withAccessTokenHash(newHash()))).isFalse();
    }

    @Test
    void replaceOfAnUnknownClientIsRefused() {
        assertThat(storage.registrations().replace(newHash(), registration(CLIENT_ID))).isFalse();
        assertThat(storage.registrations().find(CLIENT_ID)).isEmpty();
    }

    @Test
    void manyUpdatesWithTheSameTokenAtOnceRotateItExactlyOnce() throws Exception { // RFC 7592 §2.2
        Registration r = registration(CLIENT_ID);
        storage.registrations().save(r);
        List<Registration> offers = java.util.stream.IntStream.range(0, threads())
                .mapToObj(i -> r.withAccessTokenHash(newHash())).toList();

        List<Boolean> won = Race.run(threads(), Duration.ofSeconds(60),
                i -> () -> storage.registrations().replace(r.accessTokenHash(), offers.get(i)));

        assertThat(won).filteredOn(Boolean::booleanValue).hasSize(1);
        Registration winner = offers.get(won.indexOf(true));
        assertThat(storage.registrations().find(CLIENT_ID)).contains(winner);
    }

    @Test
    void deleteRemovesTheRegistration() {
        storage.registrations().save(registration(CLIENT_ID));

        assertThat(storage.registrations().delete(CLIENT_ID)).isTrue();

        assertThat(storage.registrations().find(CLIENT_ID)).isEmpty();
        assertThat(storage.registrations().delete(CLIENT_ID)).isFalse();
    }

    @Test
    void deletingTheClientDeletesItsRegistration() {
        storage.clients().save(publicClient(CLIENT_ID));
        storage.registrations().save(registration(CLIENT_ID));
        storage.registrations().save(registration(OTHER_CLIENT_ID));

        assertThat(storage.clients().delete(CLIENT_ID, now())).isTrue();

        assertThat(storage.registrations().find(CLIENT_ID)).isEmpty();
        assertThat(storage.registrations().find(OTHER_CLIENT_ID)).isPresent();
    }
}
