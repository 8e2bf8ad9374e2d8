package id.nu.oauth.examples.readme;

import id.nu.oauth.storage.ClientStore;
import id.nu.oauth.storage.CodeStore;
import id.nu.oauth.storage.ConsentStore;
import id.nu.oauth.storage.GrantStore;
import id.nu.oauth.storage.PushedRequestStore;
import id.nu.oauth.storage.RegistrationStore;
import id.nu.oauth.storage.SigningKeyStore;
import id.nu.oauth.storage.SingleUseStore;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.TokenStore;
import id.nu.oauth.storage.memory.InMemoryStorage;
import java.time.Clock;
import java.time.Instant;

/** A host's own store for the README's contract snippet: here every store of the in-memory one. */
final class MyStorage implements Storage {

    private final Storage delegate;

    MyStorage(Object database, Clock clock) {
        this.delegate = InMemoryStorage.create(clock);
    }

    /** Where a real store would connect to a fresh database. */
    static Object emptyDatabase() {
        return new Object();
    }

    @Override public ClientStore clients() { return delegate.clients(); }
    @Override public CodeStore codes() { return delegate.codes(); }
    @Override public GrantStore grants() { return delegate.grants(); }
    @Override public TokenStore tokens() { return delegate.tokens(); }
    @Override public ConsentStore consents() { return delegate.consents(); }
    @Override public SingleUseStore singleUse() { return delegate.singleUse(); }
    @Override public PushedRequestStore pushedRequests() { return delegate.pushedRequests(); }
    @Override public SigningKeyStore signingKeys() { return delegate.signingKeys(); }
    @Override public RegistrationStore registrations() { return delegate.registrations(); }
    @Override public int purgeExpired(Instant now, int batchSize) { return delegate.purgeExpired(now, batchSize); }
}
