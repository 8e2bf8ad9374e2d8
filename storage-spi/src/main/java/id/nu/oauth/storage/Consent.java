package id.nu.oauth.storage;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The scopes a user has agreed to give a client, remembered so the consent page is shown once.
 *
 * <pre>{@code
 * consents.save(new Consent("user-42", "mobile-app", Set.of("openid", "profile"), now));
 * }</pre>
 *
 * @param subject the user
 * @param clientId the client
 * @param scopes the scopes agreed to
 * @param grantedAt when the user last agreed
 */
public record Consent(String subject, String clientId, Set<String> scopes, Instant grantedAt) {

    public Consent {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(grantedAt, "grantedAt");
        scopes = Set.copyOf(scopes);
    }

    /** Whether the consent covers all these scopes. */
    public boolean covers(Set<String> requested) {
        return scopes.containsAll(requested);
    }
}
