package id.nu.oauth.storage;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An issued authorization code, stored by its hash (RFC 6749 §4.1.2). The code is bound to the
 * client, the redirect URI and the PKCE challenge of the authorize request that made it.
 *
 * <pre>{@code
 * codes.save(AuthorizationCode.builder(hash, grantId)
 *         .client("mobile-app").subject("user-42").redirectUri("id.nu.app:/cb", true)
 *         .scopes(Set.of("openid")).pkce(challenge, "S256").authTime(authTime)
 *         .issued(now, now.plusSeconds(60)).build());
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
 * @param dpopJkt the {@code dpop_jkt} of the authorize request (RFC 9449 §10): the token request
 *     must prove possession of that key; {@code null} without one
 * @param resources the resource indicators the authorize request named (RFC 8707 §2); empty: none
 * @param acr the authentication context class the user's login met (OpenID Connect Core 1.0 §2), or
 *     {@code null}
 * @param claims the OpenID Connect {@code claims} request parameter (§5.5) as JSON, or {@code null}
 * @param sessionId the user's login session (OpenID Connect {@code sid}), or {@code null}
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
        Instant expiresAt,
        String dpopJkt,
        Set<String> resources,
        String acr,
        String claims,
        String sessionId) {

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
        resources = Set.copyOf(resources == null ? Set.of() : resources);
        if ((codeChallenge == null) != (codeChallengeMethod == null)) {
            throw new IllegalArgumentException("a code challenge and its method go together");
        }
    }

    /**
     * A code bound to no DPoP key, without resource indicators, acr or claims request, outside any
     * known login session (the thirteen parts before versions 8, 9 and 10).
     */
    public AuthorizationCode(String codeHash, String grantId, String clientId, String subject, String redirectUri,
            boolean redirectUriInRequest, Set<String> scopes, String codeChallenge, String codeChallengeMethod,
            String nonce, Instant authTime, Instant issuedAt, Instant expiresAt) {
        this(codeHash, grantId, clientId, subject, redirectUri, redirectUriInRequest, scopes, codeChallenge,
                codeChallengeMethod, nonce, authTime, issuedAt, expiresAt, null, Set.of(), null, null, null);
    }

    /** A code bound to a DPoP key, or to none, without resource indicators, acr or claims request (version 10). */
    public AuthorizationCode(String codeHash, String grantId, String clientId, String subject, String redirectUri,
            boolean redirectUriInRequest, Set<String> scopes, String codeChallenge, String codeChallengeMethod,
            String nonce, Instant authTime, Instant issuedAt, Instant expiresAt, String dpopJkt) {
        this(codeHash, grantId, clientId, subject, redirectUri, redirectUriInRequest, scopes, codeChallenge,
                codeChallengeMethod, nonce, authTime, issuedAt, expiresAt, dpopJkt, Set.of(), null, null, null);
    }

    /** A code bound to no DPoP key, with resource indicators, acr and claims request (version 9). */
    public AuthorizationCode(String codeHash, String grantId, String clientId, String subject, String redirectUri,
            boolean redirectUriInRequest, Set<String> scopes, String codeChallenge, String codeChallengeMethod,
            String nonce, Instant authTime, Instant issuedAt, Instant expiresAt, Set<String> resources, String acr,
            String claims) {
        this(codeHash, grantId, clientId, subject, redirectUri, redirectUriInRequest, scopes, codeChallenge,
                codeChallengeMethod, nonce, authTime, issuedAt, expiresAt, null, resources, acr, claims, null);
    }

    /** A code outside any known login session ({@code sessionId} {@code null}; versions 9 and 10). */
    public AuthorizationCode(String codeHash, String grantId, String clientId, String subject, String redirectUri,
            boolean redirectUriInRequest, Set<String> scopes, String codeChallenge, String codeChallengeMethod,
            String nonce, Instant authTime, Instant issuedAt, Instant expiresAt, String dpopJkt, Set<String> resources,
            String acr, String claims) {
        this(codeHash, grantId, clientId, subject, redirectUri, redirectUriInRequest, scopes, codeChallenge,
                codeChallengeMethod, nonce, authTime, issuedAt, expiresAt, dpopJkt, resources, acr, claims, null);
    }

    /** Starts a code by its hash and grant; every other part is named as it is set. */
    public static Builder builder(String codeHash, String grantId) {
        return new Builder(codeHash, grantId);
    }

    /**
     * Builds an {@link AuthorizationCode} part by part instead of eighteen positional arguments;
     * {@link #build()} checks it as the constructor does.
     *
     * <pre>{@code
     * AuthorizationCode.builder(hash, grantId).client("app").subject("user-42")
     *         .redirectUri("https://app.example/cb", false).authTime(t).issued(t, t.plusSeconds(60)).build();
     * }</pre>
     */
    public static final class Builder {
        private final String codeHash;
        private final String grantId;
        private String clientId;
        private String subject;
        private String redirectUri;
        private boolean redirectUriInRequest;
        private Set<String> scopes = Set.of();
        private String codeChallenge;
        private String codeChallengeMethod;
        private String nonce;
        private Instant authTime;
        private Instant issuedAt;
        private Instant expiresAt;
        private String dpopJkt;
        private Set<String> resources = Set.of();
        private String acr;
        private String claims;
        private String sessionId;

        private Builder(String codeHash, String grantId) {
            this.codeHash = codeHash;
            this.grantId = grantId;
        }

        /** The client the code was issued to. */
        public Builder client(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** The user who authorized it. */
        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        /** The redirect URI the code was sent to, and whether the request named it. */
        public Builder redirectUri(String redirectUri, boolean inRequest) {
            this.redirectUri = redirectUri;
            this.redirectUriInRequest = inRequest;
            return this;
        }

        /** The granted scopes. */
        public Builder scopes(Set<String> scopes) {
            this.scopes = scopes;
            return this;
        }

        /** The PKCE challenge and its method (both {@code null} without PKCE). */
        public Builder pkce(String challenge, String method) {
            this.codeChallenge = challenge;
            this.codeChallengeMethod = method;
            return this;
        }

        /** The OpenID Connect nonce, or {@code null}. */
        public Builder nonce(String nonce) {
            this.nonce = nonce;
            return this;
        }

        /** When the user authenticated. */
        public Builder authTime(Instant authTime) {
            this.authTime = authTime;
            return this;
        }

        /** When the code was issued and when it stops being redeemable. */
        public Builder issued(Instant issuedAt, Instant expiresAt) {
            this.issuedAt = issuedAt;
            this.expiresAt = expiresAt;
            return this;
        }

        /** The DPoP key thumbprint the authorize request named ({@code dpop_jkt}), or {@code null}. */
        public Builder dpopJkt(String jkt) {
            this.dpopJkt = jkt;
            return this;
        }

        /** The resource indicators the authorize request named (RFC 8707 §2). */
        public Builder resources(Set<String> resources) {
            this.resources = resources;
            return this;
        }

        /** The authentication context class the login met, or {@code null}. */
        public Builder acr(String acr) {
            this.acr = acr;
            return this;
        }

        /** The OpenID Connect {@code claims} request (JSON), or {@code null}. */
        public Builder claims(String claims) {
            this.claims = claims;
            return this;
        }

        /** The user's login session (OpenID Connect {@code sid}), or {@code null}. */
        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        /** The code, checked. */
        public AuthorizationCode build() {
            return new AuthorizationCode(codeHash, grantId, clientId, subject, redirectUri, redirectUriInRequest,
                    scopes, codeChallenge, codeChallengeMethod, nonce, authTime, issuedAt, expiresAt, dpopJkt,
                    resources, acr, claims, sessionId);
        }
    }

    /** Never shows the hash. */
    @Override
    public String toString() {
        return "AuthorizationCode[grant=" + grantId + ", client=" + clientId + "]";
    }
}
