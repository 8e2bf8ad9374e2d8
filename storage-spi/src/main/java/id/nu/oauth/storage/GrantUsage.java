package id.nu.oauth.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * A grant and when it was last used: made ({@link Grant#createdAt()}) or refreshed, whichever is
 * later. What a user's "connected apps" list shows.
 *
 * <pre>{@code
 * for (GrantUsage u : storage.grants().listBySubject("user-42", now, null, 50)) {
 *     show(u.grant().clientId(), u.grant().createdAt(), u.lastUsedAt());
 * }
 * }</pre>
 *
 * @param grant the grant
 * @param lastUsedAt when its tokens were last issued (at its creation or a refresh)
 */
public record GrantUsage(Grant grant, Instant lastUsedAt) {

    public GrantUsage {
        Objects.requireNonNull(grant, "grant");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    }
}
