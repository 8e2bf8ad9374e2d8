package id.nu.oauth.core;

import java.util.Map;

/**
 * The host's answer to "what do we know about this user?", for the OpenID Connect UserInfo
 * endpoint (OpenID Connect Core 1.0 §5.3). Return every claim you have, named as in §5.1
 * ({@code name}, {@code email}, {@code email_verified}, {@code phone_number}, {@code address} as a
 * map, ...); the server hands a client only those its granted scopes allow (§5.4) and always sets
 * {@code sub} itself. Values must be JSON-friendly: strings, numbers, booleans, lists and maps.
 *
 * <pre>{@code
 * ClaimsSource claims = subject -> {
 *     Member m = members.find(subject);
 *     return Map.of("name", m.fullName(), "email", m.email(), "email_verified", m.emailVerified());
 * };
 * AuthorizationServer.builder().issuer(issuer).claimsSource(claims).build();
 * }</pre>
 */
@FunctionalInterface
public interface ClaimsSource {

    /**
     * The claims of the user with this (host) subject; an empty map when there are none. An
     * exception becomes {@code server_error} at the UserInfo endpoint.
     */
    Map<String, Object> claims(String subject);

    /** No claims beyond {@code sub}: the default. */
    static ClaimsSource none() {
        return subject -> Map.of();
    }
}
