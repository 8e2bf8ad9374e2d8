package id.nu.oauth.core;

import java.time.Duration;

/**
 * The OpenID Connect and JWT part of the configuration, fixed at build time.
 *
 * @param keys the signing keys
 * @param idTokenAlgorithm signs id_tokens (RS256 unless configured)
 * @param accessTokenAlgorithm signs JWT access tokens (RS256 unless configured)
 * @param idTokenLifetime how long an id_token is valid
 * @param accessTokenAudience the {@code aud} of JWT access tokens and introspection answers
 * @param claimsSource the host's user claims
 * @param scopeClaims which scope releases which claim
 * @param subjects public or pairwise {@code sub} values
 * @param acrValues the authentication context classes the host's login can meet, for
 *     {@code acr_values_supported} (OpenID Connect Discovery 1.0 §3); empty: not advertised
 */
record OidcSettings(
        SigningKeys keys,
        SigningAlgorithm idTokenAlgorithm,
        SigningAlgorithm accessTokenAlgorithm,
        Duration idTokenLifetime,
        String accessTokenAudience,
        ClaimsSource claimsSource,
        ScopeClaims scopeClaims,
        Subjects subjects,
        java.util.List<String> acrValues) {

    /** The scope that makes an authorization request an OpenID Connect one (OIDC Core §3.1.2.1). */
    static final String OPENID = "openid";
}
