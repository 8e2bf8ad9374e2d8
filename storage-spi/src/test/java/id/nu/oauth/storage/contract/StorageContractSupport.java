package id.nu.oauth.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.storage.AuthorizationCode;
import id.nu.oauth.client.Client;
import id.nu.oauth.storage.Grant;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.Token;
import id.nu.oauth.storage.TokenKind;
import id.nu.oauth.storage.TokenStatus;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every contract class shares: the store under test, a clock the tests move by hand, and
 * factories for realistic records. Extend one of the contract classes (usually
 * {@link StorageContract}), not this one.
 *
 * <p>Every instant the tests use is a whole second (so stores that keep milliseconds or
 * microseconds round-trip them exactly) and lies in the future of the wall clock, so a store that
 * cleans itself by the system clock never removes a test's entries early. Before each test the
 * clients {@link #CLIENT_ID} and {@link #OTHER_CLIENT_ID} are registered, so stores with foreign
 * keys from grants, codes and consents to clients work unchanged.
 *
 * <pre>{@code
 * class MyStoreCodeTest extends CodeStoreContract {
 *     protected Storage newStorage() { return new MyStore(dataSource, clock()); }
 * }
 * }</pre>
 */
public abstract class StorageContractSupport {

    /** Where the clock of every test starts. */
    public static final Instant START = Instant.parse("2040-01-01T00:00:00Z");

    /** A client registered before each test; the fixtures issue to it. */
    public static final String CLIENT_ID = "contract-client";

    /** A second registered client. */
    public static final String OTHER_CLIENT_ID = "contract-other-client";

    /** The user the fixtures issue to. */
    public static final String SUBJECT = "contract-user";

    /** Lifetimes the fixtures use. */
    protected static final Duration CODE_LIFETIME = Duration.ofMinutes(1);
    protected static final Duration ACCESS_LIFETIME = Duration.ofMinutes(10);
    protected static final Duration REFRESH_IDLE = Duration.ofDays(1);
    protected static final Duration GRANT_LIFETIME = Duration.ofDays(30);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MutableClock ownClock = new MutableClock(START);

    /** The store under test, fresh for each test. */
    protected Storage storage;

    /**
     * A new, empty store (no clients, codes, grants, tokens or consents), called once before each
     * test. If the store has a notion of "now" of its own (for cleaning, say), give it
     * {@link #clock()}; every operation that takes an {@code Instant} gets {@link #now()}.
     */
    protected abstract Storage newStorage();

    /** Called after each test with the store {@link #newStorage()} returned; close it here. */
    protected void releaseStorage(Storage storage) throws Exception {
        // nothing by default
    }

    /** The clock of this test; it starts at {@link #START} and moves only when a test moves it. */
    protected MutableClock clock() {
        return ownClock;
    }

    @BeforeEach
    final void openStorageUnderContract() {
        storage = newStorage();
        assertThat(storage).as("newStorage()").isNotNull();
        storage.clients().save(publicClient(CLIENT_ID));
        storage.clients().save(publicClient(OTHER_CLIENT_ID));
    }

    @AfterEach
    final void releaseStorageUnderContract() throws Exception {
        if (storage != null) {
            releaseStorage(storage);
        }
    }

    // ---- time ----

    /** The current instant of {@link #clock()}. */
    protected final Instant now() {
        return clock().instant();
    }

    /** Moves {@link #clock()} forward. */
    protected final void advance(Duration duration) {
        clock().advance(duration);
    }

    // ---- identifiers ----

    /** A fresh random value shaped like a SHA-256 hash in base64url (43 characters). */
    protected static String newHash() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    // ---- records ----

    /** A public client with one redirect URI. */
    protected static Client publicClient(String clientId) {
        return Client.publicClient(clientId)
                .name("Contract client " + clientId)
                .redirectUri("https://client.example.org/cb")
                .scopes("openid", "profile")
                .build();
    }

    /** A grant of {@link #CLIENT_ID} to {@link #SUBJECT}, made now, lasting {@link #GRANT_LIFETIME}. */
    protected final Grant newGrant() {
        return new Grant(newHash(), CLIENT_ID, SUBJECT, Set.of("openid", "profile"), now().minusSeconds(30),
                now(), now().plus(GRANT_LIFETIME), null);
    }

    /** A grant like {@link #newGrant()} that ends after {@code lifetime}. */
    protected final Grant newGrant(Duration lifetime) {
        return new Grant(newHash(), CLIENT_ID, SUBJECT, Set.of("openid"), now(), now(), now().plus(lifetime), null);
    }

    /** An access token of the grant, issued now, lasting {@link #ACCESS_LIFETIME} (capped by the grant). */
    protected final Token newAccessToken(Grant grant) {
        Instant expiry = min(now().plus(ACCESS_LIFETIME), grant.expiresAt());
        return Token.active(newHash(), TokenKind.ACCESS, grant.grantId(), grant.clientId(), grant.subject(),
                grant.scopes(), now(), expiry, expiry);
    }

    /** A refresh token of the grant, issued now, idle limit {@link #REFRESH_IDLE}, absolute limit the grant's end. */
    protected final Token newRefreshToken(Grant grant) {
        return newRefreshToken(grant, REFRESH_IDLE);
    }

    /** A refresh token of the grant with the given idle limit (capped by the grant). */
    protected final Token newRefreshToken(Grant grant, Duration idle) {
        Instant expiry = min(now().plus(idle), grant.expiresAt());
        return Token.active(newHash(), TokenKind.REFRESH, grant.grantId(), grant.clientId(), grant.subject(),
                grant.scopes(), now(), expiry, grant.expiresAt());
    }

    /** An authorization code with a PKCE challenge, issued now, lasting {@link #CODE_LIFETIME}. */
    protected final AuthorizationCode newCode() {
        return newCode(CODE_LIFETIME);
    }

    /** An authorization code that lasts {@code lifetime}. */
    protected final AuthorizationCode newCode(Duration lifetime) {
        return new AuthorizationCode(newHash(), newHash(), CLIENT_ID, SUBJECT, "https://client.example.org/cb",
                true, Set.of("openid", "profile"), newHash(), "S256", "n-0S6_WzA2Mj", now().minusSeconds(5),
                now(), now().plus(lifetime));
    }

    /** A grant with an access and a refresh token, as the token endpoint makes them. */
    protected record Issued(Grant grant, Token access, Token refresh) {
        /** Both tokens. */
        public List<Token> tokens() {
            return List.of(access, refresh);
        }
    }

    /** Creates a new grant with an access and a refresh token in the store. */
    protected final Issued issue() {
        Grant grant = newGrant();
        Issued issued = new Issued(grant, newAccessToken(grant), newRefreshToken(grant));
        storage.grants().create(grant, issued.tokens());
        return issued;
    }

    /** A new access and refresh token of an existing grant, as a refresh makes them. */
    protected final List<Token> successors(Token refresh) {
        Grant parent = storage.grants().find(refresh.grantId()).orElseThrow();
        return List.of(newAccessToken(parent), newRefreshToken(parent));
    }

    // ---- reading back ----

    /** What {@code TokenStore.find} reports for this token. */
    protected final Optional<Token> found(Token token) {
        return storage.tokens().find(token.tokenHash());
    }

    /** The status {@code TokenStore.find} reports for this token, or {@code null} if it finds none. */
    protected final TokenStatus statusOf(Token token) {
        return found(token).map(Token::status).orElse(null);
    }

    /** Whether the store would let this token be used now. */
    protected final boolean usable(Token token) {
        return found(token).filter(t -> t.isUsableAt(now())).isPresent();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
