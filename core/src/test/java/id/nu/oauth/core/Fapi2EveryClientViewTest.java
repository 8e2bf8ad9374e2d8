package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientKeys;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.memory.InMemoryStorage;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The storage view of the server-wide FAPI 2.0 switch ({@link Fapi2#everyClient}): every method of
 * {@link Storage}, its default methods included, reaches the host's store (so a store's own
 * {@code findTokenWithGrant}, {@code signingKeys} or {@code registrations} keeps working), and only
 * client reads change.
 */
class Fapi2EveryClientViewTest {

    static final String JWKS = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"k\","
            + "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}]}";

    @Test
    void everyStorageMethodIsDelegated() throws Exception {
        InMemoryStorage real = InMemoryStorage.create();
        Set<String> reached = new LinkedHashSet<>();
        Storage recording = (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(),
                new Class<?>[] {Storage.class}, (proxy, method, args) -> {
                    reached.add(method.getName());
                    return method.invoke(real, args);
                });
        Storage view = Fapi2.everyClient(recording);
        view.clients();
        view.codes();
        view.grants();
        view.tokens();
        view.consents();
        view.singleUse();
        view.pushedRequests();
        assertThat(view.signingKeys()).isSameAs(real.signingKeys());
        assertThat(view.registrations()).isSameAs(real.registrations());
        assertThat(view.findTokenWithGrant("no-such-hash")).isEmpty();
        assertThat(view.purgeExpired(Instant.now(), 10)).isZero();
        Set<String> all = new LinkedHashSet<>();
        for (Method m : Storage.class.getMethods()) {
            if (!java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                all.add(m.getName());
            }
        }
        assertThat(reached).containsAll(all);
        assertThat(Arrays.stream(view.getClass().getDeclaredMethods()).map(Method::getName))
                .as("the view overrides every method of Storage, the defaults included").containsAll(all);
    }

    @Test
    void clientReadsHoldToTheProfileAndWritesStoreAsGiven_fapi2Section5_3_2_2() {
        InMemoryStorage real = InMemoryStorage.create();
        Storage view = Fapi2.everyClient(real);
        Client bank = Client.confidentialWithKeys("bank", ClientKeys.inline(JWKS)).redirectUri("https://b.example/cb")
                .build();
        Client portal = Client.confidential("portal", SecretHash.of(SecretHash.generateSecret()))
                .redirectUri("https://p.example/cb").build();
        view.clients().save(bank);
        view.clients().save(portal);
        assertThat(real.clients().find("bank")).contains(bank); // saved as given
        Client held = view.clients().find("bank").orElseThrow();
        assertThat(held.requirements().fapi2()).isTrue();
        assertThat(held.requirements().pushedRequests()).isTrue();
        assertThat(held.requirePkce()).isTrue();
        assertThat(view.clients().find("portal")).isEmpty(); // a secret client cannot meet the profile
        assertThat(view.clients().list(null, 10)).extracting(Client::clientId).containsExactly("bank");
        assertThat(view.clients().delete("portal", Instant.now())).isTrue();
        assertThat(real.clients().find("portal")).isEmpty();
    }
}
