package id.nu.oauth.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.storage.Consent;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The {@link id.nu.oauth.storage.ConsentStore} guarantees: one consent per user and client;
 * {@code save} replaces it; {@code revoke} forgets it and says whether there was one.
 *
 * <pre>{@code
 * class MyConsentStoreTest extends ConsentStoreContract {
 *     protected Storage newStorage() { return new MyStore(dataSource); }
 * }
 * }</pre>
 */
public abstract class ConsentStoreContract extends StorageContractSupport {

    @Test
    void saveThenFindReturnsTheConsent() {
        Consent consent = new Consent(SUBJECT, CLIENT_ID, Set.of("openid", "profile"), now());

        storage.consents().save(consent);

        assertThat(storage.consents().find(SUBJECT, CLIENT_ID)).contains(consent);
    }

    @Test
    void aConsentToNoScopesRoundTrips() {
        Consent consent = new Consent(SUBJECT, CLIENT_ID, Set.of(), now());

        storage.consents().save(consent);

        assertThat(storage.consents().find(SUBJECT, CLIENT_ID)).contains(consent);
    }

    @Test
    void findWithoutAConsentIsEmpty() {
        assertThat(storage.consents().find(SUBJECT, CLIENT_ID)).isEmpty();
    }

    @Test
    void consentsAreKeptPerUserAndClient() {
        Consent mine = new Consent(SUBJECT, CLIENT_ID, Set.of("openid"), now());
        Consent otherClient = new Consent(SUBJECT, OTHER_CLIENT_ID, Set.of("profile"), now());
        Consent otherUser = new Consent("another-user", CLIENT_ID, Set.of("openid", "profile"), now());

        storage.consents().save(mine);
        storage.consents().save(otherClient);
        storage.consents().save(otherUser);

        assertThat(storage.consents().find(SUBJECT, CLIENT_ID)).contains(mine);
        assertThat(storage.consents().find(SUBJECT, OTHER_CLIENT_ID)).contains(otherClient);
        assertThat(storage.consents().find("another-user", CLIENT_ID)).contains(otherUser);
        assertThat(storage.consents().find("another-user", OTHER_CLIENT_ID)).isEmpty();
    }

    @Test
    void saveReplacesTheConsentOfTheSameUserAndClient() {
        storage.consents().save(new Consent(SUBJECT, CLIENT_ID, Set.of("openid"), now()));
        advance(Duration.ofDays(3));
        Consent wider = new Consent(SUBJECT, CLIENT_ID, Set.of("openid", "profile", "email"), now());

        storage.consents().save(wider);

        assertThat(storage.consents().find(SUBJECT, CLIENT_ID)).contains(wider);
    }

    @Test
    void saveCanNarrowAConsent() {
        storage.consents().save(new Consent(SUBJECT, CLIENT_ID, Set.of("openid", "profile"), now()));
        Consent narrower = new Consent(SUBJECT, CLIENT_ID, Set.of("openid"), now().plusSeconds(1));

        storage.consents().save(narrower);

        assertThat(storage.consents().find(SUBJECT, CLIENT_ID)).contains(narrower);
    }

    @Test
    void revokeForgetsTheConsentAndReturnsTrueOnce() {
        storage.consents().save(new Consent(SUBJECT, CLIENT_ID, Set.of("openid"), now()));

        assertThat(storage.consents().revoke(SUBJECT, CLIENT_ID)).isTrue();
        assertThat(storage.consents().find(SUBJECT, CLIENT_ID)).isEmpty();
        assertThat(storage.consents().revoke(SUBJECT, CLIENT_ID)).isFalse();
    }

    @Test
    void revokeWithoutAConsentReturnsFalse() {
        assertThat(storage.consents().revoke(SUBJECT, CLIENT_ID)).isFalse();
    }

    @Test
    void revokeLeavesTheUsersOtherConsentsAlone() {
        Consent kept = new Consent(SUBJECT, OTHER_CLIENT_ID, Set.of("openid"), now());
        Consent othersKept = new Consent("another-user", CLIENT_ID, Set.of("openid"), now());
        storage.consents().save(new Consent(SUBJECT, CLIENT_ID, Set.of("openid"), now()));
        storage.consents().save(kept);
        storage.consents().save(othersKept);

        storage.consents().revoke(SUBJECT, CLIENT_ID);

        assertThat(storage.consents().find(SUBJECT, OTHER_CLIENT_ID)).contains(kept);
        assertThat(storage.consents().find("another-user", CLIENT_ID)).contains(othersKept);
    }

    @Test
    void aConsentCanBeGivenAgainAfterRevocation() {
        storage.consents().save(new Consent(SUBJECT, CLIENT_ID, Set.of("openid"), now()));
        storage.consents().revoke(SUBJECT, CLIENT_ID);
        Consent again = new Consent(SUBJECT, CLIENT_ID, Set.of("profile"), now().plusSeconds(60));

        storage.consents().save(again);

        assertThat(storage.consents().find(SUBJECT, CLIENT_ID)).contains(again);
    }
}
