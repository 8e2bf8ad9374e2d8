package id.nu.oauth.client;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A registered OAuth client, as the {@link id.nu.oauth.storage.ClientStore} keeps it. Immutable and validated on
 * construction: every rule below is checked in the canonical constructor, so a client made by the
 * {@link Builder}, read back by a store or built by a host's own store is always a consistent one.
 *
 * <pre>{@code
 * Client mobile = Client.publicClient("mobile-app")
 *         .name("NU Mobile")
 *         .redirectUri("id.nu.app:/cb")
 *         .scopes("openid", "profile")
 *         .build();
 * Client portal = Client.confidential("portal", SecretHash.of(secret))
 *         .redirectUri("https://portal.example.or.id/callback")
 *         .accessTokenFormat(AccessTokenFormat.JWT)            // RFC 9068; opaque by default
 *         .build();
 * Client api = Client.confidential("orders-api", SecretHash.of(apiSecret))
 *         .grantTypes(GrantType.CLIENT_CREDENTIALS)
 *         .resourceServer(true)                              // may introspect other clients' access tokens
 *         .build();
 * Client legacy = Client.legacyPublicClient("old-app")   // the documented NU.ID flow: no secret, no PKCE
 *         .redirectUri("https://old.example.or.id/cb")
 *         .build();
 * Client hmac = Client.confidential("hmac-app", SecretHash.of(hmacSecret))   // client_secret_jwt (opt-in)
 *         .authMethods(ClientAuthMethod.CLIENT_SECRET_JWT)
 *         .sealedSecret(seal.seal("hmac-app", hmacSecret))   // core's ClientSecretSeal, the server's key
 *         .grantTypes(GrantType.CLIENT_CREDENTIALS)
 *         .build();
 * }</pre>
 *
 * @param clientId the {@code client_id}: 1 to 255 visible ASCII characters (RFC 6749 Appendix A.1)
 * @param type confidential, public or legacy public
 * @param secretHash the hashed secret of a confidential client; {@code null} for public ones
 * @param name the name shown to users on the consent page
 * @param redirectUris the registered redirect URIs, matched exactly
 * @param allowedScopes every scope the client may ask for
 * @param defaultScopes the scopes granted when a request names none (a subset of allowedScopes)
 * @param grantTypes the grant types the client may use
 * @param refreshPolicy whether refresh tokens rotate on use
 * @param requirePkce whether authorize requests must carry a PKCE challenge; always for a
 *     {@link ClientType#PUBLIC} client (RFC 9700 §2.1.1), a legacy public client is the way without it
 * @param allowPlainPkce whether the {@code plain} PKCE method is accepted (S256 always is)
 * @param firstParty whether users skip the consent page for this client
 * @param accessTokenFormat opaque (the default) or JWT access tokens (RFC 9068); {@code null} means
 *     {@link AccessTokenFormat#OPAQUE}
 * @param resourceServer a resource server: may introspect access tokens issued to other clients
 *     (RFC 7662 §4); every confidential client may introspect its own tokens. Confidential clients only
 * @param authMethods how the client authenticates; {@code null} or empty means the default: both
 *     secret methods ({@code client_secret_basic} and {@code client_secret_post};
 *     {@link ClientAuthMethod#CLIENT_SECRET_JWT} only when named, with a {@code sealedSecret}) for a
 *     confidential client, {@link ClientAuthMethod#NONE} for the others. A confidential client
 *     without a secret uses {@link ClientAuthMethod#PRIVATE_KEY_JWT} only
 * @param keys the client's public keys (for {@code private_key_jwt} and signed request objects);
 *     {@code null} means none
 * @param requirements PAR, signed requests, DPoP, FAPI 2.0; {@code null} means none
 * @param resources the resource indicators (RFC 8707) the client may ask tokens for; empty: none
 * @param logout post-logout redirect URIs and back-channel logout URI; {@code null} means none
 * @param previousSecret the secret before the last rotation while it still works, or {@code null}
 * @param disabled a disabled client gets no tokens and its tokens stop working at once
 * @param refreshGrace how a reuse of a just-rotated refresh token is treated; {@code null} means
 *     {@link RefreshGrace#OFF}. Only for a client whose refresh tokens rotate
 * @param tlsSubject the certificate field a {@link ClientAuthMethod#TLS_CLIENT_AUTH} client is
 *     matched by (RFC 8705 §2.1.2); {@code null} for every other client
 * @param sealedSecret the secret itself, sealed under the authorization server's client secret
 *     encryption key (opaque text here: a JWE made by core's {@code ClientSecretSeal}, bound to this
 *     client id), which a {@link ClientAuthMethod#CLIENT_SECRET_JWT} client needs because an HMAC
 *     assertion is checked with the secret, not its hash; required for such a client and refused for
 *     every other ({@code null}), so that no other client's row carries a secret in any form
 */
public record Client(
        String clientId,
        ClientType type,
        SecretHash secretHash,
        String name,
        List<String> redirectUris,
        Set<String> allowedScopes,
        Set<String> defaultScopes,
        Set<GrantType> grantTypes,
        RefreshPolicy refreshPolicy,
        boolean requirePkce,
        boolean allowPlainPkce,
        boolean firstParty,
        AccessTokenFormat accessTokenFormat,
        boolean resourceServer,
        Set<ClientAuthMethod> authMethods,
        ClientKeys keys,
        ClientRequirements requirements,
        Set<String> resources,
        ClientLogout logout,
        PreviousSecret previousSecret,
        boolean disabled,
        RefreshGrace refreshGrace,
        CertificateSubject tlsSubject,
        String sealedSecret) {

    public Client {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(refreshPolicy, "refreshPolicy");
        accessTokenFormat = accessTokenFormat == null ? AccessTokenFormat.OPAQUE : accessTokenFormat;
        if (!Syntax.isClientId(clientId)) {
            throw new IllegalArgumentException("client_id must be 1 to 255 visible ASCII characters");
        }
        keys = keys == null ? ClientKeys.NONE : keys;
        requirements = requirements == null ? ClientRequirements.NONE : requirements;
        logout = logout == null ? ClientLogout.NONE : logout;
        refreshGrace = refreshGrace == null ? RefreshGrace.OFF : refreshGrace;
        if (refreshGrace.enabled() && refreshPolicy != RefreshPolicy.ROTATE) {
            throw new IllegalArgumentException("client " + clientId
                    + ": a refresh grace window needs rotating refresh tokens");
        }
        authMethods = authMethods == null || authMethods.isEmpty()
                ? defaultAuthMethods(type, secretHash) : Set.copyOf(EnumSet.copyOf(authMethods));
        if (type != ClientType.CONFIDENTIAL && secretHash != null) {
            throw new IllegalArgumentException("public client " + clientId + " cannot have a secret");
        }
        if (type != ClientType.CONFIDENTIAL && !authMethods.equals(Set.of(ClientAuthMethod.NONE))) {
            throw new IllegalArgumentException("public client " + clientId + " authenticates with none only");
        }
        if (type == ClientType.CONFIDENTIAL && authMethods.contains(ClientAuthMethod.NONE)) {
            throw new IllegalArgumentException("confidential client " + clientId + " must authenticate");
        }
        if (type == ClientType.CONFIDENTIAL && secretHash == null
                && authMethods.stream().anyMatch(ClientAuthMethod::usesSecret)) {
            throw new IllegalArgumentException("confidential client " + clientId + " needs a secret");
        }
        if (authMethods.contains(ClientAuthMethod.TLS_CLIENT_AUTH) != (tlsSubject != null)) {
            throw new IllegalArgumentException("client " + clientId + ": tls_client_auth and a certificate subject "
                    + "(tls_client_auth_subject_dn or a tls_client_auth_san_*) go together (RFC 8705 section 2.1.2)");
        }
        if (authMethods.contains(ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH) && !keys.present()) {
            throw new IllegalArgumentException("client " + clientId
                    + ": self_signed_tls_client_auth needs registered keys (jwks or jwks_uri, RFC 8705 section 2.2)");
        }
        if (authMethods.contains(ClientAuthMethod.PRIVATE_KEY_JWT) && !keys.present()) {
            throw new IllegalArgumentException("client " + clientId
                    + " has neither a secret nor keys: private_key_jwt needs registered keys");
        }
        if (previousSecret != null && secretHash == null) {
            throw new IllegalArgumentException("client " + clientId + " has a previous secret but no secret");
        }
        if (sealedSecret != null && sealedSecret.isBlank()) {
            throw new IllegalArgumentException("client " + clientId + ": a sealed secret is not blank");
        }
        boolean secretJwt = authMethods.contains(ClientAuthMethod.CLIENT_SECRET_JWT);
        if (secretJwt && sealedSecret == null) {
            throw new IllegalArgumentException("client " + clientId + ": client_secret_jwt needs the secret sealed "
                    + "under the authorization server's client secret encryption key (ClientSecretSeal.seal)");
        }
        if (!secretJwt && (sealedSecret != null || previousSecret != null && previousSecret.sealedSecret() != null)) {
            throw new IllegalArgumentException("client " + clientId + ": a sealed secret is kept only for a "
                    + "client registered for client_secret_jwt");
        }
        resources = Set.copyOf(resources == null ? Set.of() : resources);
        for (String resource : resources) {
            if (!Syntax.isResourceIndicator(resource)) {
                throw new IllegalArgumentException("client " + clientId
                        + ": a resource must be an absolute URI without fragment (RFC 8707 §2): " + resource);
            }
        }
        if (requirements.fapi2()) {
            if (type != ClientType.CONFIDENTIAL || !FAPI2_AUTH_METHODS.containsAll(authMethods)) {
                throw new IllegalArgumentException("FAPI 2.0 client " + clientId + " must be confidential and use "
                        + "private_key_jwt, tls_client_auth or self_signed_tls_client_auth only");
            }
            if (!requirePkce || allowPlainPkce) {
                throw new IllegalArgumentException("FAPI 2.0 client " + clientId + " must use PKCE with S256 only");
            }
        }
        if (type == ClientType.PUBLIC && !requirePkce) {
            throw new IllegalArgumentException("public client " + clientId
                    + " must use PKCE; register a legacy public client for the flow without it");
        }
        name = name == null || name.isBlank() ? clientId : name;
        redirectUris = List.copyOf(redirectUris);
        for (String uri : redirectUris) {
            RedirectUris.validate("client " + clientId + ": redirect URI", uri);
        }
        if (new LinkedHashSet<>(redirectUris).size() != redirectUris.size()) {
            throw new IllegalArgumentException("client " + clientId + " lists a redirect URI twice");
        }
        allowedScopes = Set.copyOf(allowedScopes);
        defaultScopes = Set.copyOf(defaultScopes);
        for (String scope : allowedScopes) {
            if (!Syntax.isScopeToken(scope)) {
                throw new IllegalArgumentException("not a valid scope token (RFC 6749 §3.3)");
            }
        }
        if (!allowedScopes.containsAll(defaultScopes)) {
            throw new IllegalArgumentException("client " + clientId + ": default scopes must be allowed scopes");
        }
        grantTypes = grantTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(grantTypes));
        if (grantTypes.contains(GrantType.AUTHORIZATION_CODE) && redirectUris.isEmpty()) {
            throw new IllegalArgumentException("client " + clientId + " uses the code flow but has no redirect URI");
        }
        if (grantTypes.contains(GrantType.CLIENT_CREDENTIALS) && type != ClientType.CONFIDENTIAL) {
            throw new IllegalArgumentException("client_credentials is for confidential clients only");
        }
        if (resourceServer && type != ClientType.CONFIDENTIAL) {
            throw new IllegalArgumentException("client " + clientId
                    + ": only a confidential client can be a resource server (introspection needs client "
                    + "authentication, RFC 7662 §2.1)");
        }
    }

    /** FAPI 2.0 Security Profile §5.3.2.2 item 4: the client authentication methods it allows. */
    private static final Set<ClientAuthMethod> FAPI2_AUTH_METHODS = Set.of(ClientAuthMethod.PRIVATE_KEY_JWT,
            ClientAuthMethod.TLS_CLIENT_AUTH, ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH);

    /** A client without a sealed secret (the parts before version 14). */
    public Client(String clientId, ClientType type, SecretHash secretHash, String name, List<String> redirectUris,
            Set<String> allowedScopes, Set<String> defaultScopes, Set<GrantType> grantTypes,
            RefreshPolicy refreshPolicy, boolean requirePkce, boolean allowPlainPkce, boolean firstParty,
            AccessTokenFormat accessTokenFormat, boolean resourceServer, Set<ClientAuthMethod> authMethods,
            ClientKeys keys, ClientRequirements requirements, Set<String> resources, ClientLogout logout,
            PreviousSecret previousSecret, boolean disabled, RefreshGrace refreshGrace, CertificateSubject tlsSubject) {
        this(clientId, type, secretHash, name, redirectUris, allowedScopes, defaultScopes, grantTypes,
                refreshPolicy, requirePkce, allowPlainPkce, firstParty, accessTokenFormat, resourceServer,
                authMethods, keys, requirements, resources, logout, previousSecret, disabled, refreshGrace, tlsSubject,
                null);
    }

    /** A client without a certificate subject (the parts before version 12). */
    public Client(String clientId, ClientType type, SecretHash secretHash, String name, List<String> redirectUris,
            Set<String> allowedScopes, Set<String> defaultScopes, Set<GrantType> grantTypes,
            RefreshPolicy refreshPolicy, boolean requirePkce, boolean allowPlainPkce, boolean firstParty,
            AccessTokenFormat accessTokenFormat, boolean resourceServer, Set<ClientAuthMethod> authMethods,
            ClientKeys keys, ClientRequirements requirements, Set<String> resources, ClientLogout logout,
            PreviousSecret previousSecret, boolean disabled, RefreshGrace refreshGrace) {
        this(clientId, type, secretHash, name, redirectUris, allowedScopes, defaultScopes, grantTypes,
                refreshPolicy, requirePkce, allowPlainPkce, firstParty, accessTokenFormat, resourceServer,
                authMethods, keys, requirements, resources, logout, previousSecret, disabled, refreshGrace, null, null);
    }

    /**
     * A client with the parts every client has, and the defaults for the rest (secret or no
     * authentication, no keys, no extra requirements, no resources, no logout registration, enabled).
     */
    public Client(String clientId, ClientType type, SecretHash secretHash, String name, List<String> redirectUris,
            Set<String> allowedScopes, Set<String> defaultScopes, Set<GrantType> grantTypes,
            RefreshPolicy refreshPolicy, boolean requirePkce, boolean allowPlainPkce, boolean firstParty,
            AccessTokenFormat accessTokenFormat, boolean resourceServer) {
        this(clientId, type, secretHash, name, redirectUris, allowedScopes, defaultScopes, grantTypes,
                refreshPolicy, requirePkce, allowPlainPkce, firstParty, accessTokenFormat, resourceServer,
                null, null, null, null, null, null, false, null, null, null);
    }

    /** Starts a confidential client that authenticates with the secret whose hash is given. */
    public static Builder confidential(String clientId, SecretHash secretHash) {
        return new Builder(clientId, ClientType.CONFIDENTIAL, Objects.requireNonNull(secretHash, "secretHash"));
    }

    /**
     * Starts a confidential client that authenticates with its key ({@code private_key_jwt},
     * RFC 7523 §2.2) and has no secret.
     */
    public static Builder confidentialWithKeys(String clientId, ClientKeys keys) {
        return new Builder(clientId, ClientType.CONFIDENTIAL, null).keys(keys)
                .authMethods(ClientAuthMethod.PRIVATE_KEY_JWT);
    }

    /**
     * Starts a confidential client that authenticates with mutual TLS and a certificate from a PKI
     * ({@code tls_client_auth}, RFC 8705 §2.1), matched by {@code subject}, and has no secret.
     */
    public static Builder confidentialWithCertificate(String clientId, CertificateSubject subject) {
        return new Builder(clientId, ClientType.CONFIDENTIAL, null)
                .tlsClientAuth(Objects.requireNonNull(subject, "subject"))
                .authMethods(ClientAuthMethod.TLS_CLIENT_AUTH);
    }

    /** Starts a public client: no secret, PKCE S256 required, rotating refresh tokens. */
    public static Builder publicClient(String clientId) {
        return new Builder(clientId, ClientType.PUBLIC, null);
    }

    /**
     * Starts a legacy public client for the documented NU.ID flow exactly as written: no secret and no
     * PKCE. Prefer {@link #publicClient(String)}; the authorization server warns when it registers one.
     */
    public static Builder legacyPublicClient(String clientId) {
        return new Builder(clientId, ClientType.LEGACY_PUBLIC, null);
    }

    /** Whether the client may use this grant type. */
    public boolean allows(GrantType grantType) {
        return grantTypes.contains(grantType);
    }

    /** Never shows the secret hash. */
    @Override
    public String toString() {
        return "Client[" + clientId + ", " + type + "]";
    }

    private static Set<ClientAuthMethod> defaultAuthMethods(ClientType type, SecretHash secretHash) {
        if (type != ClientType.CONFIDENTIAL) {
            return Set.of(ClientAuthMethod.NONE);
        }
        return secretHash != null
                ? Set.of(ClientAuthMethod.CLIENT_SECRET_BASIC, ClientAuthMethod.CLIENT_SECRET_POST)
                : Set.of(ClientAuthMethod.PRIVATE_KEY_JWT);
    }

    /** Whether the client may authenticate this way. */
    public boolean allows(ClientAuthMethod method) {
        return authMethods.contains(method);
    }

    /**
     * A copy with other values for the parts that change after registration (status and secrets),
     * for stores and client management. The sealed secret stays only if the secret does: a
     * {@code client_secret_jwt} client with a new secret needs {@link #withSecrets(SecretHash, String,
     * PreviousSecret)}.
     *
     * @throws IllegalArgumentException for a {@code client_secret_jwt} client given a new secret
     */
    public Client withSecrets(SecretHash newSecretHash, PreviousSecret newPreviousSecret) {
        return withSecrets(newSecretHash, Objects.equals(newSecretHash, secretHash) ? sealedSecret : null,
                newPreviousSecret);
    }

    /**
     * A copy with a new secret, its sealed form (for a {@code client_secret_jwt} client, else
     * {@code null}) and the previous secret.
     *
     * <pre>{@code
     * Client rotated = client.withSecrets(SecretHash.of(newSecret), seal.seal(client.clientId(), newSecret),
     *         new PreviousSecret(client.secretHash(), graceEnd, client.sealedSecret()));
     * }</pre>
     */
    public Client withSecrets(SecretHash newSecretHash, String newSealedSecret, PreviousSecret newPreviousSecret) {
        return new Client(clientId, type, newSecretHash, name, redirectUris, allowedScopes, defaultScopes,
                grantTypes, refreshPolicy, requirePkce, allowPlainPkce, firstParty, accessTokenFormat,
                resourceServer, authMethods, keys, requirements, resources, logout, newPreviousSecret, disabled,
                refreshGrace, tlsSubject, newSealedSecret);
    }

    /** A copy that is disabled (or enabled again). */
    public Client withDisabled(boolean newDisabled) {
        return new Client(clientId, type, secretHash, name, redirectUris, allowedScopes, defaultScopes,
                grantTypes, refreshPolicy, requirePkce, allowPlainPkce, firstParty, accessTokenFormat,
                resourceServer, authMethods, keys, requirements, resources, logout, previousSecret, newDisabled,
                refreshGrace, tlsSubject, sealedSecret);
    }

    /**
     * A copy with other requirements (PAR, signed requests, DPoP, FAPI 2.0), checked like a new
     * registration: a client that cannot meet them (a FAPI 2.0 client with a secret, for one) throws.
     *
     * <pre>{@code
     * Client strict = client.withRequirements(new ClientRequirements(true, false, true, false)); // PAR and DPoP
     * }</pre>
     *
     * @throws IllegalArgumentException if the client cannot meet {@code newRequirements}
     */
    public Client withRequirements(ClientRequirements newRequirements) {
        return new Client(clientId, type, secretHash, name, redirectUris, allowedScopes, defaultScopes,
                grantTypes, refreshPolicy, requirePkce, allowPlainPkce, firstParty, accessTokenFormat,
                resourceServer, authMethods, keys, Objects.requireNonNull(newRequirements, "newRequirements"),
                resources, logout, previousSecret, disabled, refreshGrace, tlsSubject, sealedSecret);
    }

    /**
     * Builds a {@link Client}. Defaults: the code and refresh grants; PKCE required for public
     * clients; refresh tokens rotate for public clients and are kept for the others.
     */
    public static final class Builder {
        private final String clientId;
        private final ClientType type;
        private final SecretHash secretHash;
        private String name;
        private final List<String> redirectUris = new ArrayList<>();
        private final Set<String> allowedScopes = new LinkedHashSet<>();
        private Set<String> defaultScopes;
        private final Set<GrantType> grantTypes = EnumSet.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);
        private RefreshPolicy refreshPolicy;
        private Boolean requirePkce;
        private boolean allowPlainPkce;
        private boolean firstParty;
        private AccessTokenFormat accessTokenFormat = AccessTokenFormat.OPAQUE;
        private boolean resourceServer;
        private final Set<ClientAuthMethod> authMethods = EnumSet.noneOf(ClientAuthMethod.class);
        private ClientKeys keys = ClientKeys.NONE;
        private ClientRequirements requirements = ClientRequirements.NONE;
        private final Set<String> resources = new LinkedHashSet<>();
        private ClientLogout logout = ClientLogout.NONE;
        private PreviousSecret previousSecret;
        private boolean disabled;
        private RefreshGrace refreshGrace = RefreshGrace.OFF;
        private CertificateSubject tlsSubject;
        private String sealedSecret;

        private Builder(String clientId, ClientType type, SecretHash secretHash) {
            this.clientId = clientId;
            this.type = type;
            this.secretHash = secretHash;
        }

        /** The name users see on the consent page; the client id when not set. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Adds a registered redirect URI (absolute, no fragment; http only on loopback). */
        public Builder redirectUri(String uri) {
            redirectUris.add(Objects.requireNonNull(uri, "uri"));
            return this;
        }

        /** Adds scopes the client may request. Unless {@link #defaultScopes} is called, they are also the defaults. */
        public Builder scopes(String... scopes) {
            allowedScopes.addAll(List.of(scopes));
            return this;
        }

        /** The scopes granted when a request has no {@code scope}; each must also be allowed. */
        public Builder defaultScopes(String... scopes) {
            defaultScopes = new LinkedHashSet<>(List.of(scopes));
            return this;
        }

        /** Replaces the allowed grant types. */
        public Builder grantTypes(GrantType... types) {
            grantTypes.clear();
            grantTypes.addAll(List.of(types));
            return this;
        }

        /** Sets what happens to refresh tokens on use. */
        public Builder refreshPolicy(RefreshPolicy policy) {
            this.refreshPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Requires (or, for confidential clients, stops requiring) a PKCE challenge. */
        public Builder requirePkce(boolean require) {
            this.requirePkce = require;
            return this;
        }

        /** Accepts the {@code plain} PKCE method, which RFC 9700 §2.1.1 advises against. */
        public Builder allowPlainPkce(boolean allow) {
            this.allowPlainPkce = allow;
            return this;
        }

        /** Marks the client as the host's own: users are not asked for consent. */
        public Builder firstParty(boolean firstParty) {
            this.firstParty = firstParty;
            return this;
        }

        /** Opaque (the default) or JWT access tokens (RFC 9068). */
        public Builder accessTokenFormat(AccessTokenFormat format) {
            this.accessTokenFormat = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * Makes the client a resource server: it may introspect access tokens issued to other
         * clients (RFC 7662 §4), not their refresh tokens. Confidential clients only.
         */
        public Builder resourceServer(boolean resourceServer) {
            this.resourceServer = resourceServer;
            return this;
        }

        /** Replaces how the client authenticates (default: its secret, or none for public clients). */
        public Builder authMethods(ClientAuthMethod... methods) {
            authMethods.clear();
            authMethods.addAll(List.of(methods));
            return this;
        }

        /** The client's public keys, inline or by URL. */
        public Builder keys(ClientKeys keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** Registers the client's public keys inline, as a JWK set in JSON. */
        public Builder jwks(String jwkSetJson) {
            return keys(ClientKeys.inline(jwkSetJson));
        }

        /** What the engine demands of the client's requests (PAR, signed requests, DPoP, FAPI 2.0). */
        public Builder requirements(ClientRequirements requirements) {
            this.requirements = Objects.requireNonNull(requirements, "requirements");
            return this;
        }

        /** Adds resource indicators (RFC 8707) the client may ask tokens for. */
        public Builder resources(String... resourceUris) {
            resources.addAll(List.of(resourceUris));
            return this;
        }

        /** The client's logout registration. */
        public Builder logout(ClientLogout logout) {
            this.logout = Objects.requireNonNull(logout, "logout");
            return this;
        }

        /** The secret before the last rotation and until when it still works. */
        public Builder previousSecret(PreviousSecret previousSecret) {
            this.previousSecret = previousSecret;
            return this;
        }

        /** Registers the client disabled. */
        public Builder disabled(boolean disabled) {
            this.disabled = disabled;
            return this;
        }

        /**
         * A refresh grace window (off by default): for {@code window} after a rotation, up to
         * {@code maxReuses} reuses of the old refresh token by this client get fresh tokens instead
         * of revoking the grant. See {@link RefreshGrace} for the trade-off.
         */
        public Builder refreshGrace(java.time.Duration window, int maxReuses) {
            this.refreshGrace = new RefreshGrace(window, maxReuses);
            return this;
        }

        /**
         * The certificate field a {@code tls_client_auth} client is matched by (RFC 8705 §2.1.2);
         * register {@link ClientAuthMethod#TLS_CLIENT_AUTH} among its {@link #authMethods} too.
         */
        public Builder tlsClientAuth(CertificateSubject subject) {
            this.tlsSubject = subject;
            return this;
        }

        /**
         * The secret sealed under the authorization server's client secret encryption key, for a
         * {@link ClientAuthMethod#CLIENT_SECRET_JWT} client (register that among its
         * {@link #authMethods} too); core's {@code ClientSecretSeal} makes it.
         */
        public Builder sealedSecret(String sealed) {
            this.sealedSecret = sealed;
            return this;
        }

        /** The client. */
        public Client build() {
            RefreshPolicy policy = refreshPolicy != null ? refreshPolicy
                    : type == ClientType.PUBLIC ? RefreshPolicy.ROTATE : RefreshPolicy.KEEP;
            boolean pkce = requirePkce != null ? requirePkce : type == ClientType.PUBLIC;
            return new Client(clientId, type, secretHash, name, redirectUris, allowedScopes,
                    defaultScopes != null ? defaultScopes : allowedScopes, grantTypes, policy, pkce,
                    allowPlainPkce, firstParty, accessTokenFormat, resourceServer, authMethods, keys,
                    requirements, resources, logout, previousSecret, disabled, refreshGrace, tlsSubject,
                    sealedSecret);
        }
    }
}
