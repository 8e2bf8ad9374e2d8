package id.nu.oauth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.StoredSigningKey;
import id.nu.oauth.storage.contract.MutableClock;
import id.nu.oauth.storage.memory.InMemoryStorage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link StoredSigningKeys}: signing keys that every node shares through the storage (issue 12 item
 * 6). Two engines on one {@link InMemoryStorage} stand for two nodes on one database (the same runs
 * on PostgreSQL in the JDBC module); a {@link MutableClock} moves time, nothing sleeps. Tokens are
 * JWT access tokens (RFC 9068) of a client_credentials client, verified with Nimbus against the JWK
 * set (RFC 7517 §5) the <em>other</em> node publishes.
 */
class StoredSigningKeysTest {

    static final URI ISSUER = URI.create("https://nu.id/api");
    static final String SERVICE = "batch-service";
    static final String SECRET = SecretHash.generateSecret();
    static final Duration PERIOD = Duration.ofHours(1);
    static final Duration TTL = Duration.ofMinutes(1);
    /** The server's longest token lifetime: the id_token's hour (access tokens: 15 minutes). */
    static final Duration RETENTION = Duration.ofHours(1);

    final MutableClock clock = new MutableClock(Instant.parse("2040-01-01T00:00:00Z"));
    final Storage storage = InMemoryStorage.create(clock);
    final byte[] kek = randomKey();
    final List<ExecutorService> pools = new ArrayList<>();

    @AfterEach
    void stopPools() {
        pools.forEach(ExecutorService::shutdownNow);
    }

    static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    StoredSigningKeys.Builder keys() {
        return StoredSigningKeys.builder().storage(storage).encryptionKey(kek).rotationPeriod(PERIOD).cacheTtl(TTL)
                .clock(clock);
    }

    AuthorizationServer node() {
        return node(keys().build());
    }

    AuthorizationServer node(StoredSigningKeys keys) {
        return AuthorizationServer.builder()
                .issuer(ISSUER)
                .clock(clock)
                .storage(storage)
                .signingKeys(keys)
                .client(Client.confidential(SERVICE, SecretHash.of(SECRET)).grantTypes(GrantType.CLIENT_CREDENTIALS)
                        .scopes("reports.read").accessTokenFormat(AccessTokenFormat.JWT).build())
                .build();
    }

    /** A JWT access token signed by {@code node} now. */
    static String sign(AuthorizationServer node) {
        return OidcFixtures.tokens(node.token(EndpointRequest.of(OidcFixtures.form("grant_type", "client_credentials"),
                OidcFixtures.basic(SERVICE, SECRET)))).access();
    }

    static String kid(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getHeader().getKeyID();
    }

    static Set<String> kids(AuthorizationServer node) throws Exception {
        Set<String> kids = new HashSet<>();
        for (JWK jwk : JWKSet.parse(node.jwks()).getKeys()) {
            assertThat(jwk.isPrivate()).as("a published key is public only").isFalse();
            kids.add(jwk.getKeyID());
        }
        return kids;
    }

    /** Whether Nimbus verifies the token's signature with the key of its kid in the node's JWK set. */
    static boolean verifies(String jwt, AuthorizationServer node) throws Exception {
        return verifies(jwt, JWKSet.parse(node.jwks()));
    }

    static boolean verifies(String jwt, JWKSet published) throws Exception {
        SignedJWT signed = SignedJWT.parse(jwt);
        JWK jwk = published.getKeyByKeyId(signed.getHeader().getKeyID());
        if (jwk == null) {
            return false;
        }
        Key key = jwk instanceof RSAKey rsa ? rsa.toPublicKey() : ((ECKey) jwk).toPublicKey();
        JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(signed.getHeader(), key);
        return signed.verify(verifier);
    }

    List<StoredSigningKey> rows(String algorithm) {
        return storage.signingKeys().findAll().stream().filter(r -> r.algorithm().equals(algorithm)).toList();
    }

    // ---------------------------------------------------------------- sharing

    @Test
    void twoNodesSignWithTheOneKeyTheFirstMadeAndEachVerifiesTheOthersTokens_rfc7517_5() throws Exception {
        AuthorizationServer a = node();
        AuthorizationServer b = node();

        String fromA = sign(a);
        String fromB = sign(b);

        assertThat(rows("RS256")).hasSize(1);
        assertThat(kid(fromA)).isEqualTo(kid(fromB)).isEqualTo(rows("RS256").get(0).keyId());
        assertThat(verifies(fromA, b)).isTrue();
        assertThat(verifies(fromB, a)).isTrue();
    }

    @Test
    void everyConfiguredAlgorithmHasItsKeyAndTheServerMaySignWithEach() throws Exception {
        StoredSigningKeys keys = keys().algorithms(SigningAlgorithm.RS256, SigningAlgorithm.ES256).build();
        AuthorizationServer a = AuthorizationServer.builder().issuer(ISSUER).clock(clock).storage(storage)
                .signingKeys(keys).accessTokenSigningAlgorithm(SigningAlgorithm.ES256)
                .client(Client.confidential(SERVICE, SecretHash.of(SECRET)).grantTypes(GrantType.CLIENT_CREDENTIALS)
                        .accessTokenFormat(AccessTokenFormat.JWT).build())
                .build();

        String token = sign(a);

        assertThat(SignedJWT.parse(token).getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(rows("ES256")).hasSize(1);
        assertThat(rows("RS256")).hasSize(1);
        assertThat(kids(a)).containsExactlyInAnyOrder(rows("ES256").get(0).keyId(), rows("RS256").get(0).keyId());
        assertThat(verifies(token, a)).isTrue();
    }

    // ---------------------------------------------------------------- rotation

    @Test
    void aRotationAtOneNodeIsUsedForSigningByTheOtherWithinTheBound() throws Exception {
        AuthorizationServer a = node();
        AuthorizationServer b = node();
        String first = kid(sign(a));

        // B reads the keys just before the successor is due; A finds it due and makes it.
        clock.set(Instant.parse("2040-01-01T00:57:30Z"));
        assertThat(kid(sign(b))).isEqualTo(first);
        clock.set(Instant.parse("2040-01-01T00:58:00Z")); // the period's end less 2 TTLs
        assertThat(kid(sign(a))).as("made ahead: not signing yet").isEqualTo(first);
        assertThat(rows("RS256")).hasSize(2);
        String second = rows("RS256").get(1).keyId();
        assertThat(kids(a)).as("published ahead by the node that made it").contains(first, second);

        // Within one TTL of B's read, B publishes the successor too, and still signs with the first.
        clock.set(Instant.parse("2040-01-01T00:58:30Z"));
        assertThat(kids(b)).contains(first, second);
        String lastOfFirst = sign(b);
        assertThat(kid(lastOfFirst)).isEqualTo(first);

        // At the period's end both switch, and the first key stays published for its tokens.
        clock.set(Instant.parse("2040-01-01T01:00:00Z"));
        assertThat(kid(sign(a))).isEqualTo(second);
        String fromB = sign(b);
        assertThat(kid(fromB)).isEqualTo(second);
        assertThat(verifies(fromB, a)).isTrue();
        assertThat(verifies(lastOfFirst, a)).isTrue();
        assertThat(rows("RS256")).as("one rotation, one new key").hasSize(2);
    }

    @Test
    void fiftyThreadsOnTwoNodesFindingTheRotationDueAtOnceMakeOneKey() throws Exception {
        AuthorizationServer a = node();
        AuthorizationServer b = node();
        sign(a);
        clock.set(Instant.parse("2040-01-01T00:59:00Z"));

        ExecutorService pool = Executors.newFixedThreadPool(50);
        pools.add(pool);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> signed = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            AuthorizationServer node = i % 2 == 0 ? a : b;
            signed.add(pool.submit(() -> {
                go.await();
                return sign(node);
            }));
        }
        go.countDown();
        for (Future<String> f : signed) {
            f.get(60, TimeUnit.SECONDS);
        }

        assertThat(rows("RS256")).as("generations 1 and 2, never two of one").hasSize(2)
                .extracting(StoredSigningKey::generation).containsExactly(1L, 2L);
        clock.set(Instant.parse("2040-01-01T01:00:00Z"));
        assertThat(kid(sign(a))).isEqualTo(kid(sign(b))).isEqualTo(rows("RS256").get(1).keyId());
    }

    @Test
    void bothNodesAlwaysPublishEveryKeyThatMayHaveSignedALiveToken() throws Exception {
        // Three periods in steps of 20 seconds; at each step a node chosen at random signs, and then
        // every token still valid must verify with the JWK set of both nodes.
        AuthorizationServer a = node();
        AuthorizationServer b = node();
        Random random = new Random(12);
        record Issued(String token, Instant expires) {
        }
        List<Issued> live = new ArrayList<>();
        Set<String> signers = new HashSet<>();
        Instant end = clock.instant().plus(PERIOD.multipliedBy(3)).minusSeconds(30);
        while (clock.instant().isBefore(end)) {
            clock.advance(Duration.ofSeconds(30));
            AuthorizationServer signer = random.nextBoolean() ? a : b;
            if (random.nextInt(3) > 0) {
                String token = sign(signer);
                signers.add(kid(token));
                live.add(new Issued(token, clock.instant().plus(Duration.ofMinutes(15))));
            }
            live.removeIf(t -> !clock.instant().isBefore(t.expires()));
            JWKSet atA = JWKSet.parse(a.jwks());
            JWKSet atB = JWKSet.parse(b.jwks());
            for (Issued t : live) {
                assertThat(verifies(t.token(), atA)).as("A at %s", clock.instant()).isTrue();
                assertThat(verifies(t.token(), atB)).as("B at %s", clock.instant()).isTrue();
            }
        }
        assertThat(signers).as("one key per period").hasSize(3);
        assertThat(rows("RS256")).extracting(StoredSigningKey::generation).as("the fourth made ahead").contains(4L)
                .doesNotContain(5L);
        assertThat(kids(a)).as("retired keys leave").hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void aLateRotationActivatesAtOnceAndEveryNodeSignsAndPublishesIt() throws Exception {
        AuthorizationServer a = node();
        AuthorizationServer b = node();
        String first = kid(sign(a));
        sign(b);

        clock.advance(PERIOD.multipliedBy(5)); // nobody called for five periods
        String second = kid(sign(a));

        assertThat(second).isNotEqualTo(first);
        assertThat(kid(sign(b))).isEqualTo(second);
        assertThat(kids(b)).contains(second);
        // the first key's row expired long ago (period + retention): the store's own cleaning took it
        assertThat(rows("RS256")).extracting(StoredSigningKey::generation).containsExactly(2L);
    }

    @Test
    void aRetiredKeyLeavesTheJwksWhenItsLastTokenHasExpiredAndThePurgeThenDeletesItsRow() throws Exception {
        AuthorizationServer a = node();
        String first = kid(sign(a));
        clock.set(Instant.parse("2040-01-01T01:00:00Z"));
        String second = kid(sign(a));

        // The first key signed until 01:00; an id_token lives an hour: published until 02:00.
        clock.set(Instant.parse("2040-01-01T01:59:59Z"));
        assertThat(kids(a)).contains(first, second);
        clock.set(Instant.parse("2040-01-01T02:00:00Z"));
        assertThat(kids(a)).doesNotContain(first).contains(second);

        // Its row is kept one more retention (the rotation period by default), then purged.
        assertThat(storage.purgeExpired(clock.instant(), 100)).isZero();
        clock.set(Instant.parse("2040-01-01T02:00:01Z"));
        assertThat(storage.purgeExpired(clock.instant(), 100)).isEqualTo(1);
        assertThat(rows("RS256")).extracting(StoredSigningKey::keyId).doesNotContain(first).contains(second);
    }

    @Test
    void aStoreFailureAfterStartKeepsSigningWithTheKeysAlreadyRead() throws Exception {
        FlakyStorage flaky = new FlakyStorage(storage);
        AuthorizationServer a = node(keys().storage(flaky).build());
        String first = kid(sign(a));

        flaky.failing = true;
        clock.advance(Duration.ofMinutes(5)); // past the TTL: the read fails, the keys read before serve
        assertThat(kid(sign(a))).isEqualTo(first);
        clock.set(Instant.parse("2040-01-01T00:58:30Z")); // the successor is due, the store still down
        assertThat(kid(sign(a))).isEqualTo(first);
        assertThat(kids(a)).containsExactly(first);

        flaky.failing = false;
        clock.advance(Duration.ofSeconds(2)); // after the retry pause: the successor is made
        assertThat(kid(sign(a))).isEqualTo(first);
        assertThat(rows("RS256")).hasSize(2);
        clock.set(Instant.parse("2040-01-01T01:00:00Z"));
        assertThat(kid(sign(a))).isEqualTo(rows("RS256").get(1).keyId());
    }

    /** The test's storage, whose signing-key store can be made to fail as a database that went away. */
    static final class FlakyStorage implements Storage {
        private final Storage delegate;
        volatile boolean failing;

        FlakyStorage(Storage delegate) {
            this.delegate = delegate;
        }

        @Override public id.nu.oauth.storage.ClientStore clients() { return delegate.clients(); }
        @Override public id.nu.oauth.storage.CodeStore codes() { return delegate.codes(); }
        @Override public id.nu.oauth.storage.GrantStore grants() { return delegate.grants(); }
        @Override public id.nu.oauth.storage.TokenStore tokens() { return delegate.tokens(); }
        @Override public id.nu.oauth.storage.ConsentStore consents() { return delegate.consents(); }
        @Override public id.nu.oauth.storage.SingleUseStore singleUse() { return delegate.singleUse(); }
        @Override public id.nu.oauth.storage.PushedRequestStore pushedRequests() { return delegate.pushedRequests(); }
        @Override public int purgeExpired(Instant now, int batchSize) { return delegate.purgeExpired(now, batchSize); }

        @Override
        public id.nu.oauth.storage.SigningKeyStore signingKeys() {
            id.nu.oauth.storage.SigningKeyStore keys = delegate.signingKeys();
            return new id.nu.oauth.storage.SigningKeyStore() {
                @Override
                public List<StoredSigningKey> findAll() {
                    check();
                    return keys.findAll();
                }

                @Override
                public boolean add(StoredSigningKey key) {
                    check();
                    return keys.add(key);
                }
            };
        }

        private void check() {
            if (failing) {
                throw new IllegalStateException("injected: the database is unreachable");
            }
        }
    }

    // ---------------------------------------------------------------- encryption at rest

    @Test
    void aStoredKeyHoldsNoPrivateJwkParameterOrKeyMaterial() throws Exception {
        keys().algorithms(SigningAlgorithm.RS256, SigningAlgorithm.ES256, SigningAlgorithm.EdDSA).build();

        for (StoredSigningKey row : storage.signingKeys().findAll()) {
            String stored = row.encryptedKey();
            JWK key = new KeyEncryption(kek).decrypt(row).jwk();
            StringBuilder readable = new StringBuilder(stored).append('\n');
            for (String part : stored.split("\\.")) {
                readable.append(new String(new Base64URL(part).decode(), StandardCharsets.ISO_8859_1)).append('\n');
            }
            for (String name : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"", "\"kty\"", "\"n\"",
                    "\"x\"", "PRIVATE KEY")) {
                assertThat(readable.toString()).as("%s in %s", name, row).doesNotContain(name);
            }
            String d = key.toJSONObject().get("d").toString();
            assertThat(readable.toString()).doesNotContain(d);
            assertThat(new String(new Base64URL(stored.split("\\.")[0]).decode(), StandardCharsets.UTF_8))
                    .contains("\"alg\":\"dir\"").contains("\"enc\":\"A256GCM\"");
            assertThat(stored.split("\\.")[1]).as("no wrapped key: dir").isEmpty();
            assertThat(row.toString()).doesNotContain(stored);
        }
    }

    @Test
    void aWrongEncryptionKeyIsAClearStartUpErrorNotAServerErrorPerRequest() {
        node(); // the first node stored the key under kek
        String kid = rows("RS256").get(0).keyId();
        byte[] wrong = randomKey();

        assertThatThrownBy(() -> keys().encryptionKey(wrong).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot decrypt stored signing key " + kid)
                .hasMessageContaining("not the key the signing keys were stored with");
        assertThat(rows("RS256")).as("nothing added by the failed start").hasSize(1);
    }

    @Test
    void aRowWhoseCiphertextWasSwappedWithAnothersIsRefused() {
        keys().algorithms(SigningAlgorithm.RS256, SigningAlgorithm.ES256).build();
        StoredSigningKey es = rows("ES256").get(0);
        StoredSigningKey rs = rows("RS256").get(0);
        StoredSigningKey forged = new StoredSigningKey(rs.keyId(), rs.algorithm(), rs.generation(), rs.activatesAt(),
                rs.expiresAt(), es.encryptedKey());

        assertThatThrownBy(() -> new KeyEncryption(kek).decrypt(forged)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not hold the key its row names");
    }

    @Test
    void theEncryptionKeyIsThirtyTwoBytes() {
        assertThatThrownBy(() -> StoredSigningKeys.builder().encryptionKey(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> StoredSigningKeys.builder().storage(storage).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("encryptionKey");
    }

    // ---------------------------------------------------------------- configuration errors at start-up

    @Test
    void theServerRefusesAtBuildKeysWithoutItsSigningAlgorithm() {
        StoredSigningKeys esOnly = keys().algorithms(SigningAlgorithm.ES256).build();

        assertThatThrownBy(() -> node(esOnly)) // id_tokens and JWT access tokens: RS256 by default
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("signs with RS256");
    }

    @Test
    void theServerRefusesAtBuildRetiredKeysKeptShorterThanItsTokensLive() {
        StoredSigningKeys shortLived = keys().retainRetiredKeysFor(Duration.ofMinutes(30)).build();

        assertThatThrownBy(() -> node(shortLived))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("retainRetiredKeysFor");
    }

    @Test
    void aRotationPeriodNotLongerThanFourCacheTtlsIsRefused() {
        assertThatThrownBy(() -> keys().rotationPeriod(Duration.ofMinutes(4)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("four cache TTLs");
    }

    @Test
    void toStringNamesKidsNeverKeyMaterial() {
        StoredSigningKeys keys = keys().build();
        StoredSigningKey row = rows("RS256").get(0);

        assertThat(keys.toString()).contains(row.keyId()).doesNotContain(row.encryptedKey());
    }
}
