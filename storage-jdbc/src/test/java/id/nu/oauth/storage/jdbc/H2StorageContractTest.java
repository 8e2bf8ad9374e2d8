package id.nu.oauth.storage.jdbc;

import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.contract.StorageContract;

/** The whole storage contract on H2 in memory, a new database for each test. */
class H2StorageContractTest extends StorageContract {

    @Override
    protected Storage newStorage() {
        return JdbcStorage.h2(TestDatabases.h2()).createSchema();
    }
}
