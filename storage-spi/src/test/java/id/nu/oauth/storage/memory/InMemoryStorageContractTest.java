package id.nu.oauth.storage.memory;

import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.contract.StorageContract;

/** The whole storage contract, run against {@link InMemoryStorage} cleaning itself by the test clock. */
class InMemoryStorageContractTest extends StorageContract {

    @Override
    protected Storage newStorage() {
        return InMemoryStorage.create(clock());
    }
}
