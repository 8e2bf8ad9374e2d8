package id.nu.oauth.storage.contract;

import id.nu.oauth.storage.Storage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The whole storage contract in one class: extend it once and every guarantee the
 * {@link Storage} interfaces promise in their Javadoc is tested against your store. Each part is
 * also available on its own ({@link ClientStoreContract}, {@link CodeStoreContract},
 * {@link GrantStoreContract}, {@link TokenStoreContract}, {@link RefreshTokenContract},
 * {@link ConsentStoreContract}, {@link SingleUseContract}, {@link PushedRequestContract},
 * {@link SigningKeyStoreContract}, {@link RegistrationStoreContract}, {@link PurgeContract}, {@link ManagementContract},
 * {@link ConcurrencyContract}).
 *
 * <p>The suite ships in the {@code nuid-oauth-storage-spi} test-jar. Depend on it with
 * {@code <type>test-jar</type>} and {@code <scope>test</scope>}, together with
 * {@code junit-jupiter} and {@code assertj-core}.
 *
 * <pre>{@code
 * class MyStorageContractTest extends StorageContract {
 *     @Override
 *     protected Storage newStorage() {
 *         return new MyStorage(freshDatabase(), clock());   // empty; clock() only if the store has one
 *     }
 * }
 * }</pre>
 *
 * <p>Before each test {@link #newStorage()} is called once and must return an empty store;
 * {@link #releaseStorage(Storage)} is called after it. Operations that take an {@code Instant} are
 * given the test clock's time; a store that keeps its own notion of "now" should take
 * {@link #clock()}. Override {@link #threads()} if the store cannot serve 50 concurrent callers.
 */
public abstract class StorageContract {

    private final MutableClock clock = new MutableClock(StorageContractSupport.START);

    /** A new, empty store; called once before each test. */
    protected abstract Storage newStorage();

    /** Called after each test with the store {@link #newStorage()} returned; close it here. */
    protected void releaseStorage(Storage storage) throws Exception {
        // nothing by default
    }

    /** The clock of the current test; give it to the store if the store has a clock of its own. */
    protected final MutableClock clock() {
        return clock;
    }

    /** How many threads race in the concurrency tests. */
    protected int threads() {
        return 50;
    }

    @Nested
    @DisplayName("ClientStore")
    class Clients extends ClientStoreContract {
        @Override
        protected Storage newStorage() {
            return StorageContract.this.newStorage();
        }

        @Override
        protected void releaseStorage(Storage storage) throws Exception {
            StorageContract.this.releaseStorage(storage);
        }

        @Override
        protected MutableClock clock() {
            return StorageContract.this.clock();
        }
    }

    @Nested
    @DisplayName("CodeStore")
    class Codes extends CodeStoreContract {
        @Override
        protected Storage newStorage() {
            return StorageContract.this.newStorage();
        }

        @Override
        protected void releaseStorage(Storage storage) throws Exception {
            StorageContract.this.releaseStorage(storage);
        }

        @Override
        protected MutableClock clock() {
            return StorageContract.this.clock();
        }
    }

    @Nested
    @DisplayName("GrantStore")
    class Grants extends GrantStoreContract {
        @Override
        protected Storage newStorage() {
            return StorageContract.this.newStorage();
        }

        @Override
        protected void releaseStorage(Storage storage) throws Exception {
            StorageContract.this.releaseStorage(storage);
        }

        @Override
        protected MutableClock clock() {
            return StorageContract.this.clock();
        }
    }

    @Nested
    @DisplayName("TokenStore find, save, revoke")
    class Tokens extends TokenStoreContract {
        @Override
        protected Storage newStorage() {
            return StorageContract.this.newStorage();
        }

        @Override
        protected void releaseStorage(Storage storage) throws Exception {
            StorageContract.this.releaseStorage(storage);
        }

        @Override
        protected MutableClock clock() {
            return StorageContract.this.clock();
        }
    }

    @Nested
    @DisplayName("TokenStore rotate, renew")
    class RefreshTokens extends RefreshTokenContract {
        @Override
        protected Storage newStorage() {
            return StorageContract.this.newStorage();
        }

        @Override
        protected void releaseStorage(Storage storage) throws Exception {
            StorageContract.this.releaseStorage(storage);
        }

        @Override
        protected MutableClock clock() {
            return StorageContract.this.clock();
        }
    }

    @Nested
    @DisplayName("ConsentStore")
    class Consents extends ConsentStoreContract {
        @Override
        protected Storage newStorage() {
            return StorageContract.this.newStorage();
        }

        @Override
        protected void releaseStorage(Storage storage) throws Exception {
            StorageContract.this.releaseStorage(storage);
        }

        @Override
        protected MutableClock clock() {
            return StorageContract.this.clock();
        }
    }

    @Nested
    @DisplayName("Storage.purgeExpired")
    class Purge extends PurgeContract {
        @Override
        protected Storage newStorage() {
            return StorageContract.this.newStorage();
        }

        @Override
        protected void releaseStorage(Storage storage) throws Exception {
            StorageContract.this.releaseStorage(storage);
        }

        @Override
        protected MutableClock clock() {
            return StorageContract.this.clock();
        }
    }

    @Nested
    @DisplayName("Management")
    class Management extends ManagementContract {
        @Override
        protected Storage newStorage() {
            return StorageContract.this.newStorage();
        }

        @Override
        protected void releaseStorage(Storage storage) throws Exception {
            StorageContract.this.releaseStorage(storage);
        }

        @Override
        protected MutableClock clock() {
            return StorageContract.this.clock();
        }
    }

    @Nested
    @DisplayName("Concurrency")
    class Concurrency extends ConcurrencyContract {
        @Override
        protected Storage newStorage() {
            return StorageContract.this.newStorage();
        }

        @Override
        protected void releaseStorage(Storage storage) throws Exception {
            StorageContract.this.releaseStorage(storage);
        }

        @Override
        protected MutableClock clock() {
            return StorageContract.this.clock();
        }

        @Override
        protected int threads() {
            return StorageContract.this.threads();
        }
    }

    @Nested
    @DisplayName("SingleUseStore")
    class SingleUse extends SingleUseContract {
        @Override
        protected Storage newStorage() {
            return StorageContract.this.newStorage();
        }

        @Override
        protected void releaseStorage(Storage storage) throws Exception {
            StorageContract.this.releaseStorage(storage);
        }

        @Override
        protected MutableClock clock() {
            return StorageContract.this.clock();
        }

        @Override
        protected int threads() {
            return StorageContract.this.threads();
        }
    }

    @Nested
    @DisplayName("PushedRequestStore")
    class PushedRequests extends PushedRequestContract {
        @Override
        protected Storage newStorage() {
            return StorageContract.this.newStorage();
        }

        @Override
        protected void releaseStorage(Storage storage) throws Exception {
            StorageContract.this.releaseStorage(storage);
        }

        @Override
        protected MutableClock clock() {
            return StorageContract.this.clock();
        }

        @Override
        protected int threads() {
            return StorageContract.this.threads();
        }
    }

    @Nested
    @DisplayName("SigningKeyStore")
    class SigningKeys extends SigningKeyStoreContract {
        @Override
        protected Storage newStorage() {
            return StorageContract.this.newStorage();
        }

        @Override
        protected void releaseStorage(Storage storage) throws Exception {
            StorageContract.this.releaseStorage(storage);
        }

        @Override
        protected MutableClock clock() {
            return StorageContract.this.clock();
        }

        @Override
        protected int threads() {
            return StorageContract.this.threads();
        }
    }

    @Nested
    @DisplayName("RegistrationStore")
    class Registrations extends RegistrationStoreContract {
        @Override
        protected Storage newStorage() {
            return StorageContract.this.newStorage();
        }

        @Override
        protected void releaseStorage(Storage storage) throws Exception {
            StorageContract.this.releaseStorage(storage);
        }

        @Override
        protected MutableClock clock() {
            return StorageContract.this.clock();
        }

        @Override
        protected int threads() {
            return StorageContract.this.threads();
        }
    }
}
