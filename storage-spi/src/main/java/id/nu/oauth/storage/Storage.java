package id.nu.oauth.storage;

import java.time.Instant;

/**
 * Everything the authorization server remembers, one store per concern. Implement it on your own
 * database, or use {@code InMemoryStorage} (embedded default) or the JDBC store; run the contract
 * suite ({@code StorageContract} in this module's test-jar) against your implementation.
 *
 * <pre>{@code
 * Storage storage = InMemoryStorage.create();
 * storage.clients().save(client);
 * int purged = storage.purgeExpired(Instant.now(), 1000);
 * }</pre>
 */
public interface Storage {

    /** Registered clients. */
    ClientStore clients();

    /** Authorization codes. */
    CodeStore codes();

    /** Grants. */
    GrantStore grants();

    /** Access and refresh tokens. */
    TokenStore tokens();

    /** Users' consents. */
    ConsentStore consents();

    /** Values that may be used once: DPoP proof and client assertion {@code jti}s. */
    SingleUseStore singleUse();

    /** Pushed authorization requests (RFC 9126). */
    PushedRequestStore pushedRequests();

    /**
     * The signing keys every node shares, for the engine's {@code StoredSigningKeys}. A store used
     * only with keys held elsewhere (the engine's in-memory default) need not keep them: the default
     * refuses.
     *
     * @throws UnsupportedOperationException if this store keeps no signing keys
     */
    default SigningKeyStore signingKeys() {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no signing keys");
    }

    /**
     * The dynamic client registrations (RFC 7591, RFC 7592), for a server that lets clients register
     * themselves. A store used without dynamic registration need not keep them: the default refuses.
     *
     * @throws UnsupportedOperationException if this store keeps no registrations
     */
    default RegistrationStore registrations() {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no client registrations");
    }

    /**
     * The token with this hash and its grant, as {@link TokenStore#find} and then
     * {@link GrantStore#find} would give them. The refresh of an OpenID Connect grant needs both;
     * a store that can read them in one lookup (the JDBC store joins the grant anyway) overrides
     * this to save a round trip.
     */
    default java.util.Optional<TokenWithGrant> findTokenWithGrant(String tokenHash) {
        return tokens().find(tokenHash).map(t -> new TokenWithGrant(t, grants().find(t.grantId()).orElse(null)));
    }

    /**
     * Deletes up to {@code batchSize} expired codes, tokens, grants, single-use values, pushed
     * requests and signing keys (a grant only once it has
     * expired, which its tokens never outlive), and the grants and tokens of clients that are
     * disabled or deleted (with the record of a deleted client once nothing of it is left). Returns
     * how many it deleted; call again while it returns {@code batchSize}.
     */
    int purgeExpired(Instant now, int batchSize);
}
