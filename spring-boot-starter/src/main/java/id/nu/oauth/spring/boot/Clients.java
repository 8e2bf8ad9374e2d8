package id.nu.oauth.spring.boot;

import id.nu.oauth.client.CertificateSubject;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientAuthMethod;
import id.nu.oauth.client.ClientKeys;
import id.nu.oauth.client.ClientLogout;
import id.nu.oauth.client.ClientRequirements;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.PreviousSecret;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.core.ClientSecretSeal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Turns {@code nuid.oauth.clients.*} into {@link Client}s, one property to one {@link Client.Builder}
 * call; a secret is hashed here and goes no further. Every value the client's records refuse stops
 * the start-up with an {@link IllegalStateException} that names the property (never a secret).
 */
final class Clients {

    private Clients() {
    }

    static Client from(String clientId, NuidOAuthProperties.ClientProperties p) {
        return from(clientId, p, null);
    }

    /**
     * The client of these properties; {@code seal} (from {@code client-secret-encryption-key}, or
     * {@code null}) seals the plain secret of a client whose auth methods name {@code client_secret_jwt}.
     */
    static Client from(String clientId, NuidOAuthProperties.ClientProperties p, ClientSecretSeal seal) {
        String property = NuidOAuthProperties.PREFIX + ".clients." + clientId;
        boolean hasSecret = present(p.getSecret()) || present(p.getSecretHash());
        List<ClientAuthMethod> methods = authMethods(property, p.getAuthMethods());
        CertificateSubject subject = tlsSubject(property, p.getTlsSubject());
        ClientKeys keys = named(property + ".jwks / .jwks-uri", () -> new ClientKeys(
                present(p.getJwks()) ? p.getJwks() : null, p.getJwksUri()));
        boolean authenticates = methods.stream().anyMatch(m -> m != ClientAuthMethod.NONE);
        NuidOAuthProperties.ClientKind kind = p.getType() != null ? p.getType()
                : hasSecret || authenticates || subject != null ? NuidOAuthProperties.ClientKind.CONFIDENTIAL
                : NuidOAuthProperties.ClientKind.PUBLIC;
        Client.Builder b;
        switch (kind) {
            case CONFIDENTIAL -> {
                if (hasSecret) {
                    b = Client.confidential(clientId, secretHash(property, p));
                } else if (keys.present()) {
                    b = Client.confidentialWithKeys(clientId, keys);
                } else if (subject != null) {
                    b = Client.confidentialWithCertificate(clientId, subject);
                } else {
                    throw new IllegalStateException(property + " is confidential: set " + property
                            + ".secret (from the environment, e.g. ${PORTAL_CLIENT_SECRET}) or .secret-hash, "
                            + "or its keys (.jwks, .jwks-uri) or certificate (.tls-subject.*)");
                }
            }
            case PUBLIC, LEGACY_PUBLIC -> {
                if (hasSecret) {
                    throw new IllegalStateException(property + " is a public client: it has no secret");
                }
                b = kind == NuidOAuthProperties.ClientKind.PUBLIC ? Client.publicClient(clientId)
                        : Client.legacyPublicClient(clientId);
            }
            default -> throw new IllegalStateException("unknown client type " + kind);
        }
        if (p.getName() != null) {
            b.name(p.getName());
        }
        p.getRedirectUris().forEach(b::redirectUri);
        if (!p.getScopes().isEmpty()) {
            b.scopes(p.getScopes().toArray(String[]::new));
        }
        if (!p.getDefaultScopes().isEmpty()) {
            b.defaultScopes(p.getDefaultScopes().toArray(String[]::new));
        }
        if (!p.getGrantTypes().isEmpty()) {
            b.grantTypes(p.getGrantTypes().toArray(GrantType[]::new));
        }
        b.firstParty(p.isFirstParty());
        if (p.getAccessTokenFormat() != null) {
            b.accessTokenFormat(p.getAccessTokenFormat());
        }
        b.resourceServer(p.isResourceServer());
        if (!methods.isEmpty()) {
            b.authMethods(methods.toArray(ClientAuthMethod[]::new));
        }
        b.keys(keys);
        if (subject != null) {
            b.tlsClientAuth(subject);
        }
        b.requirements(new ClientRequirements(p.isRequirePar(), p.isRequireSignedRequests(), p.isRequireDpop(),
                p.isFapi2(), p.isCertificateBoundTokens()));
        b.resources(p.getResources().toArray(String[]::new));
        if (p.getRefreshPolicy() != null) {
            b.refreshPolicy(p.getRefreshPolicy());
        }
        if (p.getRequirePkce() != null) {
            b.requirePkce(p.getRequirePkce());
        } else if (p.isFapi2()) {
            b.requirePkce(true); // the profile's PKCE S256 (FAPI 2.0 Security Profile §5.3.2.2 item 6)
        }
        b.allowPlainPkce(p.isAllowPlainPkce());
        NuidOAuthProperties.RefreshGraceProperties grace = p.getRefreshGrace();
        if (grace.getWindow() != null || grace.getMaxReuses() != null) {
            named(property + ".refresh-grace", () -> b.refreshGrace(
                    grace.getWindow() != null ? grace.getWindow() : java.time.Duration.ZERO,
                    grace.getMaxReuses() != null ? grace.getMaxReuses() : grace.getWindow() == null
                            || grace.getWindow().isZero() ? 0 : 1));
        }
        if (!p.getPostLogoutRedirectUris().isEmpty() || p.getBackchannelLogoutUri() != null) {
            b.logout(named(property + ".post-logout-redirect-uris / .backchannel-logout-uri",
                    () -> new ClientLogout(p.getPostLogoutRedirectUris(), p.getBackchannelLogoutUri())));
        }
        PreviousSecret previous = previousSecret(property, p);
        if (methods.contains(ClientAuthMethod.CLIENT_SECRET_JWT)) {
            // RFC 7523 §2.2: the HMAC is checked with the secret itself, which only a host key can keep
            if (seal == null) {
                throw new IllegalStateException(property + ".auth-methods names client_secret_jwt: set "
                        + NuidOAuthProperties.PREFIX + ".client-secret-encryption-key (base64 of 32 random bytes, "
                        + "from the environment) to seal its secret");
            }
            if (!present(p.getSecret())) {
                throw new IllegalStateException(property + ".auth-methods names client_secret_jwt: give its plain "
                        + ".secret (from the environment); a .secret-hash cannot be sealed");
            }
            b.sealedSecret(named(property + ".secret", () -> seal.seal(clientId, p.getSecret())));
            if (previous != null && present(p.getPreviousSecret())) {
                PreviousSecret unsealed = previous;
                previous = named(property + ".previous-secret", () -> new PreviousSecret(unsealed.hash(),
                        unsealed.expiresAt(), seal.seal(clientId, p.getPreviousSecret())));
            }
        }
        if (previous != null) {
            b.previousSecret(previous);
        }
        b.disabled(p.isDisabled());
        return named(property, b::build, true);
    }

    /** The auth methods by wire name, whatever {@link ClientAuthMethod} knows. */
    private static List<ClientAuthMethod> authMethods(String property, List<String> names) {
        List<ClientAuthMethod> methods = new ArrayList<>();
        for (String name : names) {
            String trimmed = name == null ? "" : name.trim();
            methods.add(ClientAuthMethod.fromWireValue(trimmed).orElseThrow(() -> new IllegalStateException(
                    property + ".auth-methods: unknown method '" + trimmed + "'; one of " + Arrays.stream(
                            ClientAuthMethod.values()).map(ClientAuthMethod::wireValue)
                            .collect(Collectors.joining(", ")))));
        }
        return methods;
    }

    /** Exactly one field, or none (RFC 8705 §2.1.2: a client registers one subject member). */
    private static CertificateSubject tlsSubject(String property, NuidOAuthProperties.TlsSubject t) {
        Map<String, CertificateSubject.Field> set = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        put(set, values, "subject-dn", t.getSubjectDn(), CertificateSubject.Field.SUBJECT_DN);
        put(set, values, "san-dns", t.getSanDns(), CertificateSubject.Field.SAN_DNS);
        put(set, values, "san-uri", t.getSanUri(), CertificateSubject.Field.SAN_URI);
        put(set, values, "san-ip", t.getSanIp(), CertificateSubject.Field.SAN_IP);
        put(set, values, "san-email", t.getSanEmail(), CertificateSubject.Field.SAN_EMAIL);
        if (set.isEmpty()) {
            return null;
        }
        if (set.size() > 1) {
            throw new IllegalStateException(property + ".tls-subject: set exactly one of subject-dn, san-dns, "
                    + "san-uri, san-ip, san-email (RFC 8705 section 2.1.2), not " + String.join(" and ", set.keySet()));
        }
        String key = set.keySet().iterator().next();
        return named(property + ".tls-subject." + key, () -> CertificateSubject.of(set.get(key), values.get(key)));
    }

    private static void put(Map<String, CertificateSubject.Field> set, Map<String, String> values, String key,
            String value, CertificateSubject.Field field) {
        if (value != null) {
            set.put(key, field);
            values.put(key, value);
        }
    }

    /** Which properties a refusal of the whole client is about, from what the record says. */
    static String hint(String message) {
        String m = String.valueOf(message);
        String properties;
        if (m.contains("FAPI 2.0")) {
            properties = ".fapi2 (with .type, .secret, .auth-methods, .require-pkce, .allow-plain-pkce)";
        } else if (m.contains("grace")) {
            properties = ".refresh-grace and .refresh-policy";
        } else if (m.contains("self_signed_tls_client_auth") || m.contains("private_key_jwt")) {
            properties = ".auth-methods and .jwks / .jwks-uri";
        } else if (m.contains("tls_client_auth")) {
            properties = ".auth-methods and .tls-subject.*";
        } else if (m.contains("redirect URI")) {
            properties = ".redirect-uris";
        } else if (m.contains("resource server")) {
            properties = ".resource-server";
        } else if (m.contains("resource")) {
            properties = ".resources";
        } else if (m.contains("client_credentials")) {
            properties = ".grant-types";
        } else if (m.contains("scope")) {
            properties = ".scopes and .default-scopes";
        } else if (m.contains("PKCE")) {
            properties = ".type, .require-pkce and .allow-plain-pkce";
        } else if (m.contains("secret") || m.contains("authenticat")) {
            properties = ".type, .secret and .auth-methods";
        } else {
            return "";
        }
        return " (see " + properties + ")";
    }

    private static <T> T named(String property, Supplier<T> make) {
        return named(property, make, false);
    }

    /** Runs {@code make}; a refusal becomes a start-up error that names the property (the records never print a secret). */
    private static <T> T named(String property, Supplier<T> make, boolean hint) {
        try {
            return make.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException(property + ": " + e.getMessage() + (hint ? hint(e.getMessage()) : ""), e);
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }

    /** The secret before a rotation, and until when it works; both or neither. */
    private static PreviousSecret previousSecret(String property, NuidOAuthProperties.ClientProperties p) {
        boolean secret = present(p.getPreviousSecret());
        boolean hash = present(p.getPreviousSecretHash());
        if (!secret && !hash) {
            if (p.getPreviousSecretExpiresAt() != null) {
                throw new IllegalStateException(property + ".previous-secret-expires-at: set .previous-secret too");
            }
            return null;
        }
        if (secret && hash) {
            throw new IllegalStateException(property + ": set .previous-secret or .previous-secret-hash, not both");
        }
        if (p.getPreviousSecretExpiresAt() == null) {
            throw new IllegalStateException(property + ".previous-secret-expires-at: set when the previous secret "
                    + "stops working (e.g. 2026-12-31T00:00:00Z)");
        }
        SecretHash previous;
        try {
            previous = hash ? SecretHash.parse(p.getPreviousSecretHash()) : SecretHash.of(p.getPreviousSecret());
        } catch (IllegalArgumentException e) {
            // SecretHash's message never contains the secret
            throw new IllegalStateException(property + (hash ? ".previous-secret-hash: " : ".previous-secret: ")
                    + e.getMessage(), e);
        }
        return new PreviousSecret(previous, p.getPreviousSecretExpiresAt());
    }

    private static SecretHash secretHash(String property, NuidOAuthProperties.ClientProperties p) {
        if (p.getSecretHash() != null && !p.getSecretHash().isEmpty()) {
            if (p.getSecret() != null && !p.getSecret().isEmpty()) {
                throw new IllegalStateException(property + ": set .secret or .secret-hash, not both");
            }
            try {
                return SecretHash.parse(p.getSecretHash());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(property + ".secret-hash is not an encoded SecretHash", e);
            }
        }
        try {
            return SecretHash.of(p.getSecret());
        } catch (IllegalArgumentException e) {
            // SecretHash's message never contains the secret
            throw new IllegalStateException(property + ".secret: " + e.getMessage()
                    + " (SecretHash.generateSecret() makes a good one)", e);
        }
    }
}
