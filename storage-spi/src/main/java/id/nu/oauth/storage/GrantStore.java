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
     * nothing. (Grants made from a code are stored by {@link #createFromCode} instead.)
     */
    void create(Grant grant, List<Token> tokens);

    /**
     * Stores the grant a code's redemption made (RFC 6749 §4.1.3), with its first tokens,
     * atomically: all or nothing. A replay of the code may have revoked this grant before it was
     * created ({@link #revokeBeforeCreation}); then the revoked grant stays as it is, and the tokens
     * stored under it are never usable ({@link TokenStore#find} reports them
     * {@link TokenStatus#REVOKED}). Whichever of the two runs first on whichever node, a replayed
     * code's grant ends up revoked.
     *
     * @return whether the grant was created live ({@code false}: a replay had revoked it first)
     */
    boolean createFromCode(Grant grant, List<Token> tokens);

    /**
     * Revokes the grant of a replayed code (RFC 6749 §4.1.2), which may not be stored yet because
     * the code's first redemption is still issuing its tokens: if absent, the grant is stored
     * revoked, so whatever {@link #createFromCode} stores for it afterwards is dead from the start.
     * {@code grant} carries the grant's id and what the code knew of it; its {@code revokedAt} is
     * ignored for {@code now}.
     *
     * @return whether this call revoked the grant or stored it revoked ({@code false}: it was revoked already)
     */
    boolean revokeBeforeCreation(Grant grant, Instant now);

    /** The grant, if it exists. */
    Optional<Grant> find(String grantId);

    /**
     * Revokes the grant and with it every token it has issued or will issue; from the moment this
     * returns, {@link TokenStore#find} reports them {@link TokenStatus#REVOKED} on every node.
     * Returns whether the grant existed and was not already revoked.
     */
    boolean revoke(String grantId, Instant now);

    /**
     * Up to {@code limit} of the user's live grants (not revoked, not expired at {@code now}) whose
     * id sorts after {@code afterGrantId} ({@code null}: from the first), in ascending order of grant
     * id (a stable order for paging), each with when it was last used: made, or refreshed through
     * {@link TokenStore#rotate}, {@link TokenStore#renew} or {@link TokenStore#takeGraceReuse}.
     * Index it by subject.
     */
    List<GrantUsage> listBySubject(String subject, Instant now, String afterGrantId, int limit);

    /**
     * Revokes every grant of the user at once ("sign out of every app"), as {@link #revoke} does each.
     * Returns how many it revoked.
     */
    int revokeAllForSubject(String subject, Instant now);

    /**
     * Ends a user's login session (OpenID Connect Back-Channel Logout 1.0 §2.7): revokes every live
     * grant of {@code subject} made in the session {@code sessionId}, with every token each has
     * issued, as {@link #revoke} does. Grants already revoked are left as they are.
     *
     * @return the grants this call revoked (with their {@code revokedAt} set), so that each of their
     *     clients can be told; empty when there were none
     */
    List<Grant> revokeSession(String subject, String sessionId, Instant now);
}
