package id.nu.oauth.examples.readme;

import static id.nu.oauth.examples.readme.MyStorage.emptyDatabase;

import id.nu.oauth.storage.Storage;

/**
 * The README's "put it on your own database" snippet, compiled and run: the storage contract suite
 * from the SPI's test-jar against a host's own store ({@link MyStorage}, here a stand-in).
 */
class MyStorageContractTest extends id.nu.oauth.storage.contract.StorageContract {
    @Override protected Storage newStorage() { return new MyStorage(emptyDatabase(), clock()); }
}
