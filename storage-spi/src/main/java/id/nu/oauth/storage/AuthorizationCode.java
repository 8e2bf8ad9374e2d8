package id.nu.oauth.storage;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An issued authorization code, stored by its hash (RFC 6749 §4.1.2). The code is bound to the
 * client, the redirect URI and the PKCE challenge of the authorize request that made it.
 *
 * <pre>{@code
 * codes.save(new AuthorizationCode(hash, grantId, "mobile-app", "user-42",
 *         "id.nu.app:/cb", true, Set.of("openid"), challenge, "S256", null, authTime, now, now.plusSeconds(60)));
 * }</pre>
 *
 * @param codeHash SHA-256 of the code, base64url; the code itself is never stored
 * @param grantId the grant that tokens issued from this code will belong to
 * @param clientId the client the code was issued to
 * @param subject the user who authorized it
 * @param redirectUri the redirect URI the code was sent to
 * @param redirectUriInRequest whether the authorize request named {@code redirect_uri} (then the
 *     token request must name the same, RFC 6749 §4.1.3)
 * @param scopes the granted scopes
 * @param codeChallenge the PKCE challenge, or {@code null}
 * @param codeChallengeMethod {@code S256} or {@code plain}, or {@code null} without a challenge
 * @param nonce the OpenID Connect nonce, or {@code null}
 * @param authTime when the user authenticated
 * @param issuedAt when the code was issued
 * @param expiresAt when the code stops being redeemable; a store keeps it (consumed or not) at least
 *     until then, so that a replay is recognised
 */
public record AuthorizationCode(
        String codeHash,
        String grantId,
        String clientId,
        String subject,
        String redirectUri,
        boolean redirectUriInRequest,
        Set<String> scopes,
        String codeChallenge,
        String codeChallengeMethod,
        String nonce,
        Instant authTime,
        Instant issuedAt,
        Instant expiresAt) {

    public AuthorizationCode {
        Objects.requireNonNull(codeHash, "codeHash");
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scopes = Set.copyOf(scopes);
        if ((codeChallenge == null) != (codeChallengeMethod == null)) {
            throw new IllegalArgumentException("a code challenge and its method go together");
        }
    }

    /** Never shows the hash. */
    @Override
    public String toString() {
        return "AuthorizationCode[grant=" + grantId + ", client=" + clientId + "]";
    }
}
