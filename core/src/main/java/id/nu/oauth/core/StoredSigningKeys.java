package id.nu.oauth.core;

import id.nu.oauth.storage.SigningKeyStore;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.StoredSigningKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SigningKeys} that every node of a cluster shares through the storage
 * ({@link Storage#signingKeys()}: in memory, or a JDBC table), rotated on a schedule. For one node,
 * {@link InMemorySigningKeys} (the default) is enough.
 *
 * <ul>
 * <li><b>Encrypted at rest.</b> Each private key is stored only as a JWE (AES-256-GCM, {@code dir})
 *     under a 32-byte key the host supplies; a row is never readable without it. A wrong key is a
 *     start-up error: {@link Builder#build()} decrypts every stored key and throws
 *     {@link IllegalStateException} naming the key it could not read.</li>
 * <li><b>One rotation per period.</b> A key of generation <i>n</i> signs for one rotation period
 *     from its activation. Its successor (generation <i>n</i>+1) is made ahead of time by whichever
 *     node first finds it due; the store adds exactly one key per algorithm and generation
 *     ({@link SigningKeyStore#add}), so nodes that race make one key, never two.</li>
 * <li><b>Bounded pick-up.</b> Each node reads the keys again at the latest after {@code cacheTtl}.
 *     A successor is made twice that long before it activates, so every node publishes it before
 *     any node signs with it, and all nodes switch at its activation instant (give them synchronised
 *     clocks). A key made late (no node ran when it was due) activates at once; then every other
 *     node's read is older than {@code cacheTtl} and it reads again before it signs.</li>
 * <li><b>Retired keys stay published</b> until the last token they signed has expired: a key stops
 *     signing by the end of its period, and {@link #verificationKeys} keeps it for the server's
 *     longest token lifetime after that. Its row may be purged
 *     ({@link Storage#purgeExpired}) once {@code retainRetiredKeysFor} has passed after that end;
 *     the engine refuses at build a retention shorter than its longest token lifetime.</li>
 * </ul>
 *
 * <pre>{@code
 * StoredSigningKeys keys = StoredSigningKeys.builder()
 *         .storage(storage)                                    // e.g. JdbcStorage.postgres(pool)
 *         .encryptionKey(Base64.getDecoder().decode(System.getenv("OAUTH_KEY_ENCRYPTION_KEY")))
 *         .algorithms(SigningAlgorithm.RS256, SigningAlgorithm.ES256)
 *         .rotationPeriod(Duration.ofDays(30))
 *         .clock(Clock.systemUTC())
 *         .build();                                            // reads, or makes, the keys now
 * AuthorizationServer server = AuthorizationServer.builder()
 *         .issuer(URI.create("https://portal.example.or.id/api"))
 *         .storage(storage)
 *         .signingKeys(keys)
 *         .build();
 * }</pre>
 */
public final class StoredSigningKeys implements SigningKeys {

    /** How long a key signs unless configured: 30 days. */
    public static final Duration DEFAULT_ROTATION_PERIOD = Duration.ofDays(30);

    /** How long a node uses the keys it read before reading them again, unless configured: 1 minute. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(1);

    /** How long a node waits before it tries the store again after a failed read. */
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(StoredSigningKeys.class);

    /** A stored key and its decrypted value. */
    private record Entry(StoredSigningKey row, SigningKey key) {
    }

    /** The keys as this node last read them, and when. */
    private record View(List<Entry> entries, Instant readAt) {
    }

    private final SigningKeyStore store;
    private final KeyEncryption encryption;
    private final Set<SigningAlgorithm> algorithms;
    private final Duration rotationPeriod;
    private final Duration cacheTtl;
    private final Duration lead;
    private final Duration retainRetiredKeysFor;
    /** Rows never change, so each is decrypted once. */
    private final Map<String, SigningKey> decrypted = new ConcurrentHashMap<>();
    private volatile View view;
    private volatile Instant retryAfter = Instant.MIN;

    private StoredSigningKeys(Builder b) {
        this.store = b.storage.signingKeys();
        this.encryption = new KeyEncryption(b.encryptionKey);
        this.algorithms = Set.copyOf(b.algorithms);
        this.rotationPeriod = b.rotationPeriod;
        this.cacheTtl = b.cacheTtl;
        this.lead = b.cacheTtl.multipliedBy(2);
        this.retainRetiredKeysFor = b.retainRetiredKeysFor != null ? b.retainRetiredKeysFor : b.rotationPeriod;
    }

    /** A builder; {@link Builder#storage} and {@link Builder#encryptionKey} are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SigningKey signingKey(SigningAlgorithm algorithm, Instant now) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(now, "now");
        if (!algorithms.contains(algorithm)) {
            throw new IllegalStateException("no stored signing key for " + algorithm + "; these keys sign with "
                    + algorithms);
        }
        return signing(current(now), algorithm, now).key();
    }

    @Override
    public List<SigningKey> verificationKeys(Instant now, Duration retention) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(retention, "retention");
        View v = current(now);
        Set<SigningKey> published = new LinkedHashSet<>();
        for (Entry e : v.entries()) {
            // a key signs at most until the end of its period (its successor is made before then):
            // a token it signed is valid at most `retention` longer; keys not yet active are published ahead
            if (now.isBefore(plannedEnd(e.row()).plus(retention))) {
                published.add(e.key());
            }
        }
        for (SigningAlgorithm algorithm : algorithms) {
            published.add(signing(v, algorithm, now).key()); // whatever signs now, whatever its age
        }
        return List.copyOf(published);
    }

    /** The kids of the keys this node has read, for logs and tests; never key material. */
    @Override
    public String toString() {
        View v = view;
        return "StoredSigningKeys[algorithms=" + algorithms + ", rotationPeriod=" + rotationPeriod + ", keys="
                + (v == null ? List.of() : v.entries().stream().map(e -> e.row().keyId()).toList()) + "]";
    }

    /**
     * Called by the engine at build: these keys must sign with its algorithms, and keep retired
     * keys' rows at least as long as its longest token lives.
     *
     * @throws IllegalStateException saying what to configure
     */
    void checkServes(Set<SigningAlgorithm> needed, Duration longestTokenLifetime) {
        for (SigningAlgorithm algorithm : needed) {
            if (!algorithms.contains(algorithm)) {
                throw new IllegalStateException("the server signs with " + algorithm + " but StoredSigningKeys "
                        + "has keys for " + algorithms + " only: add it to StoredSigningKeys.builder().algorithms(...)");
            }
        }
        if (retainRetiredKeysFor.compareTo(longestTokenLifetime) < 0) {
            throw new IllegalStateException("StoredSigningKeys keeps retired keys for " + retainRetiredKeysFor
                    + ", shorter than the server's longest token lifetime " + longestTokenLifetime
                    + ": set retainRetiredKeysFor(...) to at least that");
        }
    }

    // ---- reading and rotating

    private Instant plannedEnd(StoredSigningKey row) {
        return row.activatesAt().plus(rotationPeriod);
    }

    private View current(Instant now) {
        View v = view;
        if (v != null && now.isBefore(v.readAt().plus(cacheTtl)) && !rotationDue(v, now)) {
            return v;
        }
        if (v != null && now.isBefore(retryAfter)) {
            return v; // the store failed a moment ago; signingKey checks the view is still fit
        }
        return refresh(now, v);
    }

    /** Whether an algorithm has no key, or its newest key is due a successor at {@code now}. */
    private boolean rotationDue(View v, Instant now) {
        for (SigningAlgorithm algorithm : algorithms) {
            StoredSigningKey newest = newest(rows(v), algorithm.jwsName());
            if (newest == null || !now.isBefore(plannedEnd(newest).minus(lead))) {
                return true;
            }
        }
        return false;
    }

    private synchronized View refresh(Instant now, View seen) {
        View v = view;
        if (v != seen && v != null && now.isBefore(v.readAt().plus(cacheTtl)) && !rotationDue(v, now)) {
            return v; // another thread read them meanwhile
        }
        try {
            View fresh = read(now);
            view = fresh;
            return fresh;
        } catch (RuntimeException e) {
            if (v == null) {
                throw e;
            }
            retryAfter = now.plus(RETRY_AFTER_FAILURE);
            LOG.warn("could not read the stored signing keys ({}); using those read at {}", e.toString(), v.readAt());
            return v;
        }
    }

    /** Reads the keys, adds the successors that are due (one per algorithm and generation across nodes), decrypts. */
    private View read(Instant now) {
        List<StoredSigningKey> rows = store.findAll();
        boolean lost = false;
        List<StoredSigningKey> added = new ArrayList<>();
        for (SigningAlgorithm algorithm : algorithms) {
            StoredSigningKey newest = newest(rows, algorithm.jwsName());
            if (newest != null && now.isBefore(plannedEnd(newest).minus(lead))) {
                continue;
            }
            long generation = newest == null ? 1 : newest.generation() + 1;
            // on time: activates when its predecessor's period ends, by then every node has read it;
            // late (no node ran when it was due): at once, as every other node's read is too old by then
            Instant activatesAt = newest == null || plannedEnd(newest).isBefore(now) ? now : plannedEnd(newest);
            SigningKey key = SigningKey.generate(algorithm);
            StoredSigningKey row = new StoredSigningKey(key.keyId(), algorithm.jwsName(), generation, activatesAt,
                    activatesAt.plus(rotationPeriod).plus(retainRetiredKeysFor), encryption.encrypt(key));
            if (store.add(row)) {
                decrypted.put(row.keyId(), key);
                added.add(row);
                LOG.info("signing key rotated: kid={} alg={} generation={} activates at {}", row.keyId(),
                        row.algorithm(), generation, activatesAt);
            } else {
                lost = true; // another node made this generation first
            }
        }
        if (lost) {
            rows = store.findAll();
        } else if (!added.isEmpty()) {
            rows = new ArrayList<>(rows);
            rows.addAll(added);
        }
        List<Entry> entries = new ArrayList<>();
        for (StoredSigningKey row : rows) {
            if (!row.expiresAt().isAfter(now)) {
                continue; // no token it signed is valid any more; the purge deletes it
            }
            SigningKey key = decrypted.computeIfAbsent(row.keyId(), kid -> encryption.decrypt(row));
            entries.add(new Entry(row, key));
        }
        Set<String> kept = new java.util.HashSet<>();
        entries.forEach(e -> kept.add(e.row().keyId()));
        decrypted.keySet().retainAll(kept); // purged keys are forgotten here too
        return new View(List.copyOf(entries), now);
    }

    /** The key of {@code algorithm} that signs at {@code now}: the newest activated one. */
    private Entry signing(View v, SigningAlgorithm algorithm, Instant now) {
        Entry best = null;
        Entry first = null;
        for (Entry e : v.entries()) {
            if (!e.row().algorithm().equals(algorithm.jwsName())) {
                continue;
            }
            if (first == null || e.row().generation() < first.row().generation()) {
                first = e;
            }
            if (!e.row().activatesAt().isAfter(now) && (best == null || e.row().generation() > best.row().generation())) {
                best = e;
            }
        }
        if (best != null) {
            return best;
        }
        if (first != null) {
            return first; // `now` lies before every key's activation (a clock behind): the oldest
        }
        throw new IllegalStateException("no stored signing key for " + algorithm + " could be read or made");
    }

    private static List<StoredSigningKey> rows(View v) {
        return v.entries().stream().map(Entry::row).toList();
    }

    private static StoredSigningKey newest(List<StoredSigningKey> rows, String algorithm) {
        return rows.stream().filter(r -> r.algorithm().equals(algorithm))
                .max(Comparator.comparingLong(StoredSigningKey::generation)).orElse(null);
    }

    /**
     * Configures {@link StoredSigningKeys}. Required: {@link #storage} and {@link #encryptionKey}.
     *
     * <pre>{@code
     * StoredSigningKeys keys = StoredSigningKeys.builder().storage(storage).encryptionKey(kek).build();
     * }</pre>
     */
    public static final class Builder {
        private Storage storage;
        private byte[] encryptionKey;
        private Set<SigningAlgorithm> algorithms = Set.of(SigningAlgorithm.RS256);
        private Duration rotationPeriod = DEFAULT_ROTATION_PERIOD;
        private Duration cacheTtl = DEFAULT_CACHE_TTL;
        private Duration retainRetiredKeysFor;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The storage every node shares; its {@link Storage#signingKeys()} keeps the keys. */
        public Builder storage(Storage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /**
         * The 32-byte AES-256 key that encrypts the private keys at rest, the same on every node;
         * keep it in the host's secret store, apart from the database.
         *
         * @throws IllegalArgumentException if it is not 32 bytes
         */
        public Builder encryptionKey(byte[] key) {
            Objects.requireNonNull(key, "key");
            if (key.length != KeyEncryption.KEY_BYTES) {
                throw new IllegalArgumentException("the key encryption key is 32 bytes (AES-256), not " + key.length);
            }
            this.encryptionKey = key.clone();
            return this;
        }

        /** The algorithms to keep a signing key for (RS256 unless set): those the server signs with. */
        public Builder algorithms(SigningAlgorithm... algorithms) {
            Set<SigningAlgorithm> set = new LinkedHashSet<>();
            for (SigningAlgorithm a : algorithms) {
                set.add(Objects.requireNonNull(a, "algorithm"));
            }
            if (set.isEmpty()) {
                throw new IllegalArgumentException("at least one algorithm");
            }
            this.algorithms = set;
            return this;
        }

        /** How long each key signs before its successor takes over ({@link #DEFAULT_ROTATION_PERIOD} unless set). */
        public Builder rotationPeriod(Duration period) {
            this.rotationPeriod = positive(period, "rotationPeriod");
            return this;
        }

        /**
         * How long a node uses the keys it read before reading them again ({@link #DEFAULT_CACHE_TTL}
         * unless set): the bound within which a node sees a key another node made. Successors are
         * made twice this long before they sign.
         */
        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = positive(ttl, "cacheTtl");
            return this;
        }

        /**
         * How long a key's row is kept after the end of its period (the rotation period unless set):
         * at least the server's longest token lifetime, which the engine checks at build.
         */
        public Builder retainRetiredKeysFor(Duration retention) {
            this.retainRetiredKeysFor = positive(retention, "retainRetiredKeysFor");
            return this;
        }

        /** The clock of the first read at {@link #build()}; give the server's clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Reads the stored keys, makes the first or next ones if due, and decrypts them all.
         *
         * @throws IllegalStateException if a stored key cannot be decrypted with the encryption key
         *     (a wrong key), or storage or encryption key is missing
         * @throws IllegalArgumentException if the rotation period is not longer than four cache TTLs
         * @throws RuntimeException if the store fails (e.g. the JDBC store's exception)
         */
        public StoredSigningKeys build() {
            if (storage == null) {
                throw new IllegalStateException("storage(...) is required");
            }
            if (encryptionKey == null) {
                throw new IllegalStateException("encryptionKey(...) is required");
            }
            if (rotationPeriod.compareTo(cacheTtl.multipliedBy(4)) <= 0) {
                throw new IllegalArgumentException("the rotation period (" + rotationPeriod
                        + ") must be longer than four cache TTLs (" + cacheTtl + ")");
            }
            StoredSigningKeys keys = new StoredSigningKeys(this);
            keys.view = keys.read(clock.instant());
            return keys;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
