package id.nu.oauth.storage.memory;

import id.nu.oauth.storage.AuthorizationCode;
import id.nu.oauth.client.Client;
import id.nu.oauth.storage.ClientStore;
import id.nu.oauth.storage.CodeStore;
import id.nu.oauth.storage.Consent;
import id.nu.oauth.storage.ConsentStore;
import id.nu.oauth.storage.ConsumeResult;
import id.nu.oauth.storage.Grant;
import id.nu.oauth.storage.PushedRequest;
import id.nu.oauth.storage.PushedRequestStore;
import id.nu.oauth.storage.Registration;
import id.nu.oauth.storage.RegistrationStore;
import id.nu.oauth.storage.SingleUseKind;
import id.nu.oauth.storage.SingleUseStore;
import id.nu.oauth.storage.SigningKeyStore;
import id.nu.oauth.storage.StoredSigningKey;
import id.nu.oauth.storage.GrantStore;
import id.nu.oauth.storage.GrantUsage;
import id.nu.oauth.storage.RotateResult;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenStatus;
import id.nu.oauth.storage.TokenStore;
import id.nu.oauth.storage.TokenWithGrant;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The embedded default store: everything in this JVM's memory, lost on restart, for one node.
 * Thread-safe; the atomic operations ({@code consume}, {@code rotate}) hold under any concurrency.
 *
 * <p>Expired entries are found through an index of time buckets, so cleaning never scans the
 * whole store and costs a write O(1): each write removes a few entries whose bucket has passed (at
 * most 1/64 of their lifetime after they expired), and {@link #purgeExpired} removes every entry
 * expired by the instant it is given.
 *
 * <pre>{@code
 * Storage storage = InMemoryStorage.create();
 * Storage forTests = InMemoryStorage.create(testClock);   // the clock drives the cleaning
 * }</pre>
 */
public final class InMemoryStorage implements Storage {

    /** Expired entries removed on each write, so the store cleans itself at a bounded cost. */
    private static final int PURGE_PER_WRITE = 4;

    private final Clock clock;
    private final ConcurrentHashMap<String, Client> clients = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CodeEntry> codes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Grant> grants = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Token> tokens = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ConsentKey, Consent> consents = new ConcurrentHashMap<>();
    /** Grant ids by subject, by client; token hashes by grant: so listing and purging never scan the store. */
    private final ConcurrentHashMap<String, Set<String>> grantsBySubject = new ConcurrentHashMap<>();
    /**
     * A client's set stays once made (until the client is deleted and its grants purged): adding to
     * it takes no lock, where a {@code compute} would make every grant of a busy client wait on one bin.
     */
    private final ConcurrentHashMap<String, Set<String>> grantsByClient = new ConcurrentHashMap<>();
    /**
     * A grant's token hashes: a {@code String[]} copied on write while it has at most
     * {@link #TOKEN_ARRAY_MAX} (most grants: a set per grant would cost ~200 bytes more), a
     * {@code Set<String>} beyond (a grant refreshed for weeks keeps every rotated token).
     */
    private final ConcurrentHashMap<String, Object> tokensByGrant = new ConcurrentHashMap<>();
    private static final int TOKEN_ARRAY_MAX = 8;
    private final ConcurrentHashMap<String, Set<String>> consentClientsBySubject = new ConcurrentHashMap<>();
    /** When each grant was last refreshed (absent: never, its creation is its last use). */
    private final ConcurrentHashMap<String, Instant> grantLastUse = new ConcurrentHashMap<>();
    /** When each rotated refresh token was rotated and how many grace reuses it has had. */
    private final ConcurrentHashMap<String, Rotation> rotations = new ConcurrentHashMap<>();
    /** Deleted clients whose grants and tokens are still to be purged. */
    private final Set<String> deletedClients = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Instant> usedValues = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PushedRequest> pushed = new ConcurrentHashMap<>();
    /** Signing keys by kid; writers hold its monitor, so the (algorithm, generation) check is atomic. */
    private final ConcurrentHashMap<String, StoredSigningKey> signingKeys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Registration> registrations = new ConcurrentHashMap<>();
    private final ExpiryIndex expiries = new ExpiryIndex();
    private final ExpiryIndex.Remover remover = this::removeIfExpired;

    private final ClientStore clientStore = new Clients();
    private final CodeStore codeStore = new Codes();
    private final GrantStore grantStore = new Grants();
    private final TokenStore tokenStore = new Tokens();
    private final ConsentStore consentStore = new Consents();
    private final SingleUseStore singleUseStore = new SingleUse();
    private final PushedRequestStore pushedRequestStore = new PushedRequests();
    private final SigningKeyStore signingKeyStore = new SigningKeys();
    private final RegistrationStore registrationStore = new Registrations();

    private InMemoryStorage(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new, empty store that cleans itself by the system clock. */
    public static InMemoryStorage create() {
        return new InMemoryStorage(Clock.systemUTC());
    }

    /** A new, empty store that cleans itself by the given clock (use the server's clock). */
    public static InMemoryStorage create(Clock clock) {
        return new InMemoryStorage(clock);
    }

    @Override
    public ClientStore clients() {
        return clientStore;
    }

    @Override
    public CodeStore codes() {
        return codeStore;
    }

    @Override
    public GrantStore grants() {
        return grantStore;
    }

    @Override
    public TokenStore tokens() {
        return tokenStore;
    }

    @Override
    public ConsentStore consents() {
        return consentStore;
    }

    @Override
    public SingleUseStore singleUse() {
        return singleUseStore;
    }

    @Override
    public PushedRequestStore pushedRequests() {
        return pushedRequestStore;
    }

    @Override
    public SigningKeyStore signingKeys() {
        return signingKeyStore;
    }

    @Override
    public RegistrationStore registrations() {
        return registrationStore;
    }

    /** One look at the token and one at its grant (the default would look at the grant twice). */
    @Override
    public Optional<TokenWithGrant> findTokenWithGrant(String tokenHash) {
        Token token = tokens.get(tokenHash);
        if (token == null) {
            return Optional.empty();
        }
        Grant grant = grants.get(token.grantId());
        if (token.status() != TokenStatus.REVOKED && (grant == null || grant.revoked() || !clientLive(token.clientId()))) {
            token = token.withStatus(TokenStatus.REVOKED);
        }
        return Optional.of(new TokenWithGrant(token, grant));
    }

    @Override
    public int purgeExpired(Instant now, int batchSize) {
        int purged = purgeExpiries(now, batchSize);
        if (purged < batchSize) {
            purged += purgeRetiredClients(batchSize - purged);
        }
        return purged;
    }

    /** Removes up to {@code batchSize} entries expired before {@code now}, found through the expiry index. */
    private int purgeExpiries(Instant now, int batchSize) {
        return expiries.purge(now, batchSize, true, remover);
    }

    /** Removes up to {@code limit} grants and tokens of disabled or deleted clients. */
    private int purgeRetiredClients(int limit) {
        List<String> retired = new ArrayList<>(deletedClients);
        clients.values().stream().filter(Client::disabled).map(Client::clientId).forEach(retired::add);
        int purged = 0;
        for (String clientId : retired) {
            Set<String> grantIds = grantsByClient.getOrDefault(clientId, Set.of());
            for (String grantId : List.copyOf(grantIds)) {
                if (purged >= limit) {
                    return purged;
                }
                for (String tokenHash : tokensOf(grantId)) {
                    if (purged >= limit) {
                        return purged;
                    }
                    if (removeToken(tokenHash)) {
                        purged++;
                    }
                }
                if (purged >= limit) {
                    return purged;
                }
                if (removeGrant(grantId)) {
                    purged++;
                }
            }
            if (deletedClients.contains(clientId) && grantIds.isEmpty()) {
                grantsByClient.remove(clientId, grantIds);
                deletedClients.remove(clientId);
            }
        }
        return purged;
    }

    private boolean removeToken(String tokenHash) {
        Token removed = tokens.remove(tokenHash);
        if (removed == null) {
            return false;
        }
        unindexToken(removed);
        return true;
    }

    private boolean removeGrant(String grantId) {
        Grant removed = grants.remove(grantId);
        if (removed == null) {
            return false;
        }
        unindexGrant(removed);
        return true;
    }

    private static void addTo(ConcurrentHashMap<String, Set<String>> index, String key, String value) {
        index.compute(key, (k, set) -> {
            Set<String> values = set != null ? set : ConcurrentHashMap.newKeySet();
            values.add(value);
            return values;
        });
    }

    private static void removeFrom(ConcurrentHashMap<String, Set<String>> index, String key, String value) {
        index.computeIfPresent(key, (k, set) -> {
            set.remove(value);
            return set.isEmpty() ? null : set;
        });
    }

    private void indexGrant(Grant grant) {
        if (grant.subject() != null) {
            addTo(grantsBySubject, grant.subject(), grant.grantId());
        }
        Set<String> ofClient = grantsByClient.get(grant.clientId());
        if (ofClient == null) {
            ofClient = grantsByClient.computeIfAbsent(grant.clientId(), k -> ConcurrentHashMap.newKeySet());
        }
        ofClient.add(grant.grantId());
    }

    private void unindexGrant(Grant grant) {
        if (grant.subject() != null) {
            removeFrom(grantsBySubject, grant.subject(), grant.grantId());
        }
        Set<String> ofClient = grantsByClient.get(grant.clientId());
        if (ofClient != null) {
            ofClient.remove(grant.grantId());
        }
        grantLastUse.remove(grant.grantId());
    }

    /** A copy of the grant's token hashes. */
    @SuppressWarnings("unchecked")
    private List<String> tokensOf(String grantId) {
        Object hashes = tokensByGrant.get(grantId);
        if (hashes == null) {
            return List.of();
        }
        return hashes instanceof String[] array ? List.of(array) : List.copyOf((Set<String>) hashes);
    }

    @SuppressWarnings("unchecked")
    private void indexToken(Token token) {
        String hash = token.tokenHash();
        tokensByGrant.compute(token.grantId(), (k, hashes) -> {
            if (hashes == null) {
                return new String[] {hash};
            }
            if (hashes instanceof Set<?> set) {
                ((Set<String>) set).add(hash);
                return set;
            }
            String[] array = (String[]) hashes;
            for (String known : array) {
                if (known.equals(hash)) {
                    return array; // the same token saved again
                }
            }
            if (array.length >= TOKEN_ARRAY_MAX) {
                Set<String> set = ConcurrentHashMap.newKeySet();
                set.addAll(List.of(array));
                set.add(hash);
                return set;
            }
            String[] more = java.util.Arrays.copyOf(array, array.length + 1);
            more[array.length] = hash;
            return more;
        });
    }

    private void unindexToken(Token token) {
        String hash = token.tokenHash();
        tokensByGrant.computeIfPresent(token.grantId(), (k, hashes) -> {
            if (hashes instanceof Set<?> set) {
                set.remove(hash);
                return set.isEmpty() ? null : set;
            }
            String[] array = (String[]) hashes;
            int at = java.util.Arrays.asList(array).indexOf(hash);
            if (at < 0) {
                return array;
            }
            if (array.length == 1) {
                return null;
            }
            String[] fewer = new String[array.length - 1];
            System.arraycopy(array, 0, fewer, 0, at);
            System.arraycopy(array, at + 1, fewer, at, fewer.length - at);
            return fewer;
        });
        rotations.remove(hash);
    }

    /** Whether the token's client is registered and enabled. */
    private boolean clientLive(String clientId) {
        Client client = clients.get(clientId);
        return client != null && !client.disabled();
    }

    private record Rotation(Instant at, int graceReuses) {
    }

    /**
     * Entries currently held (codes, grants, tokens, single-use values, pushed requests, signing
     * keys); for tests and monitoring.
     */
    public int size() {
        return codes.size() + grants.size() + tokens.size() + usedValues.size() + pushed.size() + signingKeys.size();
    }

    /**
     * Removes the entry an index entry points to if it has expired. Returns whether this call removed
     * it: an index entry left behind by a renewal points to an entry that an earlier index entry may
     * already have removed, and that must not be counted twice.
     */
    private boolean removeIfExpired(byte kind, String key, Instant now) {
        return switch (kind) {
            case CODE -> removeIf(codes, key, e -> e.code.expiresAt().isBefore(now));
            case GRANT -> removeIf(grants, key, g -> g.expiresAt().isBefore(now));
            case TOKEN -> removeIf(tokens, key, t -> t.expiresAt().isBefore(now));
            case SINGLE_USE -> removeIf(usedValues, key, keepUntil -> keepUntil.isBefore(now));
            case PUSHED -> removeIf(pushed, key, p -> p.expiresAt().isBefore(now));
            case SIGNING_KEY -> removeIf(signingKeys, key, k -> k.expiresAt().isBefore(now));
            default -> throw new IllegalStateException("kind " + kind);
        };
    }

    private <V> boolean removeIf(ConcurrentHashMap<String, V> map, String key, Predicate<V> expired) {
        AtomicBoolean removed = new AtomicBoolean();
        Object[] value = new Object[1];
        map.computeIfPresent(key, (k, v) -> {
            if (expired.test(v)) {
                removed.set(true);
                value[0] = v;
                return null;
            }
            return v;
        });
        if (value[0] instanceof Grant grant) {
            unindexGrant(grant);
        } else if (value[0] instanceof Token token) {
            unindexToken(token);
        }
        return removed.get();
    }

    /** Indexes an entry by its expiry and removes a few entries whose bucket has passed, by the store's clock. */
    private void index(byte kind, String key, Instant at) {
        Instant now = clock.instant();
        expiries.add(kind, key, at, now);
        expiries.purge(now, PURGE_PER_WRITE, false, remover);
    }

    private void put(Token token) {
        tokens.put(token.tokenHash(), token);
        indexToken(token);
        index(TOKEN, token.tokenHash(), token.expiresAt());
    }

    private boolean grantActive(String grantId) {
        Grant grant = grants.get(grantId);
        return grant != null && !grant.revoked();
    }

    /** What an expiry-index entry's key names. */
    private static final byte CODE = 0;
    private static final byte GRANT = 1;
    private static final byte TOKEN = 2;
    private static final byte SINGLE_USE = 3;
    private static final byte PUSHED = 4;
    private static final byte SIGNING_KEY = 5;

    /** A code and whether it was consumed; its monitor serialises the redemptions of one code. */
    private static final class CodeEntry {
        final AuthorizationCode code;
        boolean consumed; // guarded by this

        CodeEntry(AuthorizationCode code) {
            this.code = code;
        }
    }

    private record ConsentKey(String subject, String clientId) {
    }

    private final class Clients implements ClientStore {
        @Override
        public Optional<Client> find(String clientId) {
            return Optional.ofNullable(clients.get(clientId));
        }

        @Override
        public void save(Client client) {
            clients.put(client.clientId(), client);
        }

        @Override
        public List<Client> list(String afterClientId, int limit) {
            if (limit <= 0) {
                throw new IllegalArgumentException("limit must be positive");
            }
            TreeMap<String, Client> sorted = new TreeMap<>(clients);
            return List.copyOf((afterClientId == null ? sorted : sorted.tailMap(afterClientId, false)).values()
                    .stream().limit(limit).toList());
        }

        @Override
        public boolean delete(String clientId, Instant now) {
            if (clients.remove(clientId) == null) {
                return false;
            }
            deletedClients.add(clientId);
            registrations.remove(clientId);
            for (String grantId : List.copyOf(grantsByClient.getOrDefault(clientId, Set.of()))) {
                grantStore.revoke(grantId, now);
            }
            for (ConsentKey key : List.copyOf(consents.keySet())) {
                if (key.clientId().equals(clientId)) {
                    consentStore.revoke(key.subject(), clientId);
                }
            }
            codes.values().removeIf(entry -> entry.code.clientId().equals(clientId));
            return true;
        }
    }

    private final class Codes implements CodeStore {
        @Override
        public void save(AuthorizationCode code) {
            codes.put(code.codeHash(), new CodeEntry(code));
            index(CODE, code.codeHash(), code.expiresAt());
        }

        @Override
        public ConsumeResult consume(String codeHash) {
            CodeEntry entry = codes.get(codeHash);
            if (entry == null) {
                return new ConsumeResult.NotFound();
            }
            synchronized (entry) {
                if (entry.consumed) {
                    return new ConsumeResult.Replayed(entry.code);
                }
                entry.consumed = true;
                return new ConsumeResult.Consumed(entry.code);
            }
        }
    }

    private final class Grants implements GrantStore {
        @Override
        public void create(Grant grant, List<Token> newTokens) {
            if (grants.putIfAbsent(grant.grantId(), grant) != null) {
                throw new IllegalStateException("grant " + grant.grantId() + " exists");
            }
            index(GRANT, grant.grantId(), grant.expiresAt());
            indexGrant(grant);
            newTokens.forEach(InMemoryStorage.this::put);
        }

        @Override
        public boolean createFromCode(Grant grant, List<Token> newTokens) {
            // putIfAbsent is atomic with revokeBeforeCreation's compute: a grant a replay stored
            // revoked first stays revoked, and the tokens put under it are never usable.
            boolean live = grants.putIfAbsent(grant.grantId(), grant) == null;
            if (live) {
                index(GRANT, grant.grantId(), grant.expiresAt());
                indexGrant(grant);
            }
            newTokens.forEach(InMemoryStorage.this::put);
            return live;
        }

        @Override
        public boolean revokeBeforeCreation(Grant grant, Instant now) {
            AtomicBoolean changed = new AtomicBoolean();
            AtomicBoolean stored = new AtomicBoolean();
            grants.compute(grant.grantId(), (k, g) -> {
                if (g == null) {
                    stored.set(true);
                    return grant.withRevokedAt(now);
                }
                if (g.revoked()) {
                    return g;
                }
                changed.set(true);
                return g.withRevokedAt(now);
            });
            if (stored.get()) {
                index(GRANT, grant.grantId(), grant.expiresAt());
                indexGrant(grant);
            }
            return changed.get() || stored.get();
        }

        @Override
        public Optional<Grant> find(String grantId) {
            return Optional.ofNullable(grants.get(grantId));
        }

        @Override
        public boolean revoke(String grantId, Instant now) {
            AtomicBoolean changed = new AtomicBoolean();
            grants.computeIfPresent(grantId, (k, g) -> {
                if (g.revoked()) {
                    return g;
                }
                changed.set(true);
                return g.withRevokedAt(now);
            });
            return changed.get();
        }

        @Override
        public List<GrantUsage> listBySubject(String subject, Instant now, String afterGrantId, int limit) {
            if (limit <= 0) {
                throw new IllegalArgumentException("limit must be positive");
            }
            List<String> ids = new ArrayList<>(grantsBySubject.getOrDefault(subject, Set.of()));
            ids.sort(null);
            List<GrantUsage> page = new ArrayList<>();
            for (String id : ids) {
                if (page.size() >= limit) {
                    break;
                }
                if (afterGrantId != null && id.compareTo(afterGrantId) <= 0) {
                    continue;
                }
                Grant grant = grants.get(id);
                if (grant == null || grant.revoked() || !now.isBefore(grant.expiresAt())
                        || !subject.equals(grant.subject())) {
                    continue;
                }
                page.add(new GrantUsage(grant, grantLastUse.getOrDefault(id, grant.createdAt())));
            }
            return List.copyOf(page);
        }

        @Override
        public int revokeAllForSubject(String subject, Instant now) {
            int revoked = 0;
            for (String grantId : List.copyOf(grantsBySubject.getOrDefault(subject, Set.of()))) {
                if (revoke(grantId, now)) {
                    revoked++;
                }
            }
            return revoked;
        }

        @Override
        public List<Grant> revokeSession(String subject, String sessionId, Instant now) {
            java.util.Objects.requireNonNull(subject, "subject");
            java.util.Objects.requireNonNull(sessionId, "sessionId");
            List<Grant> revoked = new java.util.ArrayList<>();
            for (String grantId : List.copyOf(grants.keySet())) {
                grants.computeIfPresent(grantId, (k, g) -> {
                    if (g.revoked() || !subject.equals(g.subject()) || !sessionId.equals(g.sessionId())) {
                        return g;
                    }
                    Grant ended = g.withRevokedAt(now);
                    revoked.add(ended);
                    return ended;
                });
            }
            return List.copyOf(revoked);
        }
    }

    private final class Tokens implements TokenStore {
        @Override
        public Optional<Token> find(String tokenHash) {
            Token token = tokens.get(tokenHash);
            if (token == null) {
                return Optional.empty();
            }
            if (token.status() != TokenStatus.REVOKED && (!grantActive(token.grantId()) || !clientLive(token.clientId()))) {
                token = token.withStatus(TokenStatus.REVOKED);
            }
            return Optional.of(token);
        }

        @Override
        public void save(Token token) {
            put(token);
        }

        @Override
        public boolean revoke(String tokenHash) {
            return tokens.computeIfPresent(tokenHash, (k, t) -> t.withStatus(TokenStatus.REVOKED)) != null;
        }

        @Override
        public boolean takeGraceReuse(String refreshHash, Instant rotatedAfter, int maxReuses, List<Token> newTokens,
                Instant now) {
            AtomicBoolean taken = new AtomicBoolean();
            Token[] old = new Token[1];
            tokens.computeIfPresent(refreshHash, (k, t) -> {
                Rotation rotation = rotations.get(k);
                if (t.status() != TokenStatus.ROTATED || rotation == null || !rotation.at().isAfter(rotatedAfter)
                        || rotation.graceReuses() >= maxReuses || !now.isBefore(t.expiresAt())
                        || !grantActive(t.grantId()) || !clientLive(t.clientId())) {
                    return t;
                }
                rotations.put(k, new Rotation(rotation.at(), rotation.graceReuses() + 1));
                taken.set(true);
                old[0] = t;
                return t;
            });
            if (taken.get()) {
                grantLastUse.put(old[0].grantId(), now);
                newTokens.forEach(InMemoryStorage.this::put);
            }
            return taken.get();
        }

        @Override
        public RotateResult rotate(String refreshHash, List<Token> newTokens, Instant now) {
            RotateResult[] result = {new RotateResult.Inactive()};
            tokens.computeIfPresent(refreshHash, (k, t) -> {
                if (t.status() == TokenStatus.ROTATED) {
                    result[0] = new RotateResult.Reused(t);
                    return t;
                }
                if (!t.isUsableAt(now) || !grantActive(t.grantId()) || !clientLive(t.clientId())) {
                    return t;
                }
                result[0] = new RotateResult.Rotated();
                rotations.put(k, new Rotation(now, 0));
                grantLastUse.put(t.grantId(), now);
                return t.withStatus(TokenStatus.ROTATED);
            });
            if (result[0] instanceof RotateResult.Rotated) {
                newTokens.forEach(InMemoryStorage.this::put);
            }
            return result[0];
        }

        @Override
        public boolean renew(String refreshHash, Instant newExpiresAt, List<Token> newTokens, Instant now) {
            AtomicBoolean renewed = new AtomicBoolean();
            tokens.computeIfPresent(refreshHash, (k, t) -> {
                if (!t.isUsableAt(now) || !grantActive(t.grantId()) || !clientLive(t.clientId())) {
                    return t;
                }
                renewed.set(true);
                grantLastUse.put(t.grantId(), now);
                return t.withExpiresAt(newExpiresAt);
            });
            if (renewed.get()) {
                index(TOKEN, refreshHash, newExpiresAt);
                newTokens.forEach(InMemoryStorage.this::put);
            }
            return renewed.get();
        }
    }

    private final class Consents implements ConsentStore {
        @Override
        public Optional<Consent> find(String subject, String clientId) {
            return Optional.ofNullable(consents.get(new ConsentKey(subject, clientId)));
        }

        @Override
        public void save(Consent consent) {
            consents.compute(new ConsentKey(consent.subject(), consent.clientId()), (k, old) -> {
                addTo(consentClientsBySubject, consent.subject(), consent.clientId());
                return consent;
            });
        }

        @Override
        public boolean revoke(String subject, String clientId) {
            AtomicBoolean removed = new AtomicBoolean();
            consents.computeIfPresent(new ConsentKey(subject, clientId), (k, old) -> {
                removeFrom(consentClientsBySubject, subject, clientId);
                removed.set(true);
                return null;
            });
            return removed.get();
        }

        @Override
        public int revokeAll(String subject) {
            int removed = 0;
            for (String clientId : List.copyOf(consentClientsBySubject.getOrDefault(subject, Set.of()))) {
                if (revoke(subject, clientId)) {
                    removed++;
                }
            }
            return removed;
        }
    }

    private final class SingleUse implements SingleUseStore {
        @Override
        public boolean markUsed(SingleUseKind kind, String valueHash, Instant keepUntil) {
            String key = kind.name() + ':' + valueHash;
            boolean first = usedValues.putIfAbsent(key, keepUntil) == null;
            if (first) {
                index(SINGLE_USE, key, keepUntil);
            }
            return first;
        }
    }

    private final class PushedRequests implements PushedRequestStore {
        @Override
        public void save(PushedRequest request) {
            pushed.put(request.requestUriHash(), request);
            index(PUSHED, request.requestUriHash(), request.expiresAt());
        }

        @Override
        public Optional<PushedRequest> find(String requestUriHash) {
            return Optional.ofNullable(pushed.get(requestUriHash));
        }

        @Override
        public boolean consume(String requestUriHash) {
            return pushed.remove(requestUriHash) != null;
        }
    }

    private final class SigningKeys implements SigningKeyStore {
        @Override
        public List<StoredSigningKey> findAll() {
            return signingKeys.values().stream()
                    .sorted(java.util.Comparator.comparing(StoredSigningKey::algorithm)
                            .thenComparingLong(StoredSigningKey::generation))
                    .toList();
        }

        @Override
        public boolean add(StoredSigningKey key) {
            Objects.requireNonNull(key, "key");
            synchronized (signingKeys) {
                boolean taken = signingKeys.containsKey(key.keyId()) || signingKeys.values().stream().anyMatch(
                        k -> k.algorithm().equals(key.algorithm()) && k.generation() == key.generation());
                if (taken) {
                    return false;
                }
                signingKeys.put(key.keyId(), key);
            }
            index(SIGNING_KEY, key.keyId(), key.expiresAt());
            return true;
        }
    }

    private final class Registrations implements RegistrationStore {
        @Override
        public Optional<Registration> find(String clientId) {
            return Optional.ofNullable(registrations.get(Objects.requireNonNull(clientId, "clientId")));
        }

        @Override
        public void save(Registration registration) {
            registrations.put(registration.clientId(), registration);
        }

        @Override
        public boolean replace(String expectedAccessTokenHash, Registration next) {
            Objects.requireNonNull(expectedAccessTokenHash, "expectedAccessTokenHash");
            boolean[] replaced = {false};
            registrations.computeIfPresent(next.clientId(), (id, current) -> {
                if (current.accessTokenHash().equals(expectedAccessTokenHash)) {
                    replaced[0] = true;
                    return next;
                }
                return current;
            });
            return replaced[0];
        }

        @Override
        public boolean delete(String clientId) {
            return registrations.remove(Objects.requireNonNull(clientId, "clientId")) != null;
        }
    }
}
