package id.nu.oauth.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Grants, each the parent of the tokens issued under it.
 *
 * <pre>{@code
 * grants.create(grant, List.of(accessToken, refreshToken));   // all or nothing
 * grants.revoke(grant.grantId(), now);                        // every token of it, at once
 * }</pre>
 */
public interface GrantStore {

    /**
     * Stores a new grant together with its first tokens, atomically: all or nothing. A grant id is
     * created once: if a grant with this id exists (even a revoked one), this throws and stores
     * nothing. (Grants made from a code are stored by {@link CodeStore#redeem} instead.)
     */
    void create(Grant grant, List<Token> tokens);

    /** The grant, if it exists. */
    Optional<Grant> find(String grantId);

    /**
     * Revokes the grant and with it every token it has issued or will issue; from the moment this
     * returns, {@link TokenStore#find} reports them {@link TokenStatus#REVOKED} on every node.
     * Returns whether the grant existed and was not already revoked.
     */
    boolean revoke(String grantId, Instant now);
}
