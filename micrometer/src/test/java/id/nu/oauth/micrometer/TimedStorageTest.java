package id.nu.oauth.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.nu.oauth.client.Client;
import id.nu.oauth.storage.ClientStore;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.memory.InMemoryStorage;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The timing storage wrapper: calls and results pass through; every call is timed. */
class TimedStorageTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private long calls(String store, String operation, String outcome) {
        Timer t = registry.find(TimedStorage.STORAGE_CALLS).tag("store", store).tag("operation", operation)
                .tag("outcome", outcome).timer();
        return t == null ? 0 : t.count();
    }

    @Test
    void callsPassThroughAndAreTimedPerStoreAndOperation() {
        Storage storage = TimedStorage.wrap(InMemoryStorage.create(), registry);
        Client app = Client.publicClient("app").redirectUri("id.nu.app:/cb").build();
        storage.clients().save(app);
        assertThat(storage.clients().find("app")).contains(app);
        assertThat(storage.clients().find("nobody")).isEmpty();
        assertThat(storage.findTokenWithGrant("no-such-hash")).isEmpty();
        assertThat(storage.purgeExpired(Instant.now(), 10)).isZero();
        assertThat(calls("clients", "save", "success")).isEqualTo(1);
        assertThat(calls("clients", "find", "success")).isEqualTo(2);
        assertThat(calls("storage", "findTokenWithGrant", "success")).isEqualTo(1);
        assertThat(calls("storage", "purgeExpired", "success")).isEqualTo(1);
        assertThat(storage.clients()).isSameAs(storage.clients()); // each store wrapped once
    }

    @Test
    void aFailingStoreIsTimedAsAFailureAndItsExceptionPassesUnchanged() {
        Storage real = InMemoryStorage.create();
        ClientStore failing = (ClientStore) Proxy.newProxyInstance(ClientStore.class.getClassLoader(),
                new Class<?>[] {ClientStore.class}, (p, m, a) -> {
                    throw new IllegalStateException("database down");
                });
        Storage broken = (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(),
                new Class<?>[] {Storage.class}, (p, m, a) -> m.getName().equals("clients") ? failing : m.invoke(real, a));
        Storage storage = TimedStorage.wrap(broken, registry);
        assertThatThrownBy(() -> storage.clients().find("app")).isInstanceOf(IllegalStateException.class)
                .hasMessage("database down");
        assertThat(calls("clients", "find", "failure")).isEqualTo(1);
    }

    @Test
    void theEngineRunsOnTheWrappedStorage() {
        Flow flow = new Flow(b -> b.storage(TimedStorage.wrap(InMemoryStorage.create(), registry)));
        flow.run();
        assertThat(calls("codes", "consume", "success")).isEqualTo(3); // two codes, one replayed
        assertThat(calls("tokens", "rotate", "success")).isEqualTo(1);
        assertThat(calls("grants", "createFromCode", "success")).isEqualTo(2);
    }
}
