package id.nu.oauth.spring.boot;

import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.RefreshPolicy;
import id.nu.oauth.core.SigningAlgorithm;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code nuid.oauth.*} properties: the issuer, where the endpoints live, token lifetimes, the
 * clients, the storage and the Spring Security integration. Everything but the issuer has a
 * default. A client secret is read like any property, so it comes from the environment or a
 * placeholder ({@code ${PORTAL_SECRET}}); it is hashed at start-up, never logged, not shown by
 * {@link #toString()}, and masked in the actuator's {@code configprops}.
 *
 * <pre>
 * nuid.oauth.issuer=https://portal.example.or.id/api
 * nuid.oauth.access-token-lifetime=15m
 * nuid.oauth.clients.mobile-app.type=public
 * nuid.oauth.clients.mobile-app.redirect-uris=id.nu.app:/cb
 * nuid.oauth.clients.mobile-app.scopes=openid,profile
 * nuid.oauth.clients.portal.secret=${PORTAL_CLIENT_SECRET}
 * nuid.oauth.clients.portal.redirect-uris=https://portal.example.or.id/callback
 * nuid.oauth.storage.type=auto            # the application's DataSource if it has one, else memory
 *
 * # a FAPI 2.0-style client: private_key_jwt, PAR and DPoP; nonces and shared signing keys from the environment
 * nuid.oauth.clients.bank-app.auth-methods=private_key_jwt
 * nuid.oauth.clients.bank-app.jwks={"keys":[{"kty":"EC","crv":"P-256","x":"...","y":"..."}]}
 * nuid.oauth.clients.bank-app.fapi2=true
 * nuid.oauth.clients.bank-app.require-dpop=true
 * nuid.oauth.dpop.nonce-secret=${NUID_DPOP_NONCE_SECRET}
 * nuid.oauth.signing.encryption-key=${NUID_SIGNING_KEY}
 * </pre>
 *
 * <p>Every secret-bearing property (client secrets, {@code pairwise-subject-salt}, {@code dpop.nonce-secret},
 * {@code dynamic-registration.initial-access-tokens}, {@code signing.encryption-key}) is masked in
 * {@link #toString()} and in the actuator. A value the engine refuses stops the start-up with a
 * message that names the property, never the secret.
 */
@ConfigurationProperties(prefix = NuidOAuthProperties.PREFIX)
public class NuidOAuthProperties {

    /** The prefix of every property. */
    public static final String PREFIX = "nuid.oauth";

    /**
     * The issuer identifier: the public URL of the base path, such as
     * https://portal.example.or.id/api (https; http only on loopback). Required.
     */
    private URI issuer;

    /** Where the endpoints live inside the web application ("" for the context root). */
    private String basePath = "/api";

    /**
     * The login page the authorize endpoint sends a browser to, with ?return=. Default: the starter's
     * Spring Security hand-off (see nuid.oauth.security.login-handoff-path), or /login without Spring Security.
     */
    private String loginPage;

    /** How long an authorization code lives (default 60s). */
    private Duration codeLifetime;

    /** How long an access token lives (default 15m). */
    private Duration accessTokenLifetime;

    /** How long a refresh token lives unused (default 30d). */
    private Duration refreshTokenIdleLifetime;

    /** How long a grant can be refreshed at most (default 90d). */
    private Duration refreshTokenAbsoluteLifetime;

    /** How long an id_token lives (default 1h). */
    private Duration idTokenLifetime;

    /**
     * How long a legacy public client's refresh token lives unused (default 7d, never longer than
     * refresh-token-idle-lifetime).
     */
    private Duration legacyRefreshTokenIdleLifetime;

    /**
     * How long a legacy public client's grant can be refreshed at most (default 30d, never longer than
     * refresh-token-absolute-lifetime).
     */
    private Duration legacyRefreshTokenAbsoluteLifetime;

    /**
     * Holds every client to the FAPI 2.0 Security Profile: PAR, PKCE S256, sender-constrained tokens,
     * private_key_jwt or mutual TLS only, PS256/ES256/EdDSA only (RS256 signing algorithms stop the
     * start-up), and the metadata says so. A client that cannot meet it is treated as not registered.
     */
    private boolean fapi2SecurityProfile;

    /** Whether every client must push its authorization requests (RFC 9126 section 5). */
    private boolean requirePushedAuthorizationRequests;

    /** How long a pushed request's request_uri may be used (default 60s, at most 10m). */
    private Duration pushedAuthorizationRequestLifetime;

    /** The id_token signing algorithm: RS256 (default), PS256, ES256 or EdDSA (ES256 under FAPI 2.0). */
    private SigningAlgorithm idTokenSigningAlgorithm;

    /** The JWT access tokens' signing algorithm: RS256 (default), PS256, ES256 or EdDSA (ES256 under FAPI 2.0). */
    private SigningAlgorithm accessTokenSigningAlgorithm;

    /** The aud of JWT access tokens and introspection answers (default: the issuer). */
    private String accessTokenAudience;

    /** The acr values the application's login can meet, advertised as acr_values_supported. */
    private List<String> acrValuesSupported = new ArrayList<>();

    /**
     * Extra claims a scope releases at the UserInfo endpoint, by scope (scope-claims.nu_member=member_number,branch),
     * beyond the standard profile, email, address and phone.
     */
    private Map<String, List<String>> scopeClaims = new LinkedHashMap<>();

    /**
     * Turns on pairwise subject identifiers (OpenID Connect Core 1.0 section 8.1) with this salt: base64 of at
     * least 16 secret random bytes, from the environment (${NUID_PAIRWISE_SALT}), never changed (every sub
     * would change with it). Never shown.
     */
    private String pairwiseSubjectSalt;

    /**
     * Turns on client_secret_jwt client authentication (RFC 7523 section 2.2) for the clients whose auth-methods
     * name it: base64 of the 32-byte AES-256 key their secrets are sealed under (the server otherwise keeps
     * only salted hashes), from the environment (${NUID_CLIENT_SECRET_KEY}), the same on every node. Such a
     * client gives its plain .secret. Never shown.
     */
    private String clientSecretEncryptionKey;

    /**
     * DANGEROUS: lets client jwks_uris point at loopback and private-network addresses, which the server
     * refuses to fetch by default (server-side request forgery). For an intranet or tests only.
     */
    private boolean allowPrivateNetworkJwksUris;

    /** Whether the engine writes one log line per OAuth event (default true). */
    private Boolean eventLogging;

    /** The largest request body the engine reads (default 64KB, at least 1KB); larger ones get 413. */
    private DataSize maxRequestBodyBytes;

    /** The longest parameter value accepted (default 2048 characters, at least 256). */
    private Integer maxParameterLength;

    /**
     * DANGEROUS unless every request passes a TLS-terminating proxy that always sets or removes this header:
     * the request header in which the proxy passes the client's TLS certificate as URL-encoded PEM (nginx:
     * $ssl_client_escaped_cert), for mutual-TLS client authentication and certificate-bound tokens (RFC 8705).
     * Off by default.
     */
    private String trustedClientCertificateHeader;

    private final Dpop dpop = new Dpop();

    private final DynamicRegistration dynamicRegistration = new DynamicRegistration();

    private final BackChannelLogout backChannelLogout = new BackChannelLogout();

    private final Signing signing = new Signing();

    /** The clients, by client_id. */
    private final Map<String, ClientProperties> clients = new LinkedHashMap<>();

    private final Storage storage = new Storage();

    private final Security security = new Security();

    private final Pages pages = new Pages();

    public URI getIssuer() {
        return issuer;
    }

    public void setIssuer(URI issuer) {
        this.issuer = issuer;
    }

    public String getBasePath() {
        return basePath;
    }

    public void setBasePath(String basePath) {
        this.basePath = basePath;
    }

    public String getLoginPage() {
        return loginPage;
    }

    public void setLoginPage(String loginPage) {
        this.loginPage = loginPage;
    }

    public Duration getCodeLifetime() {
        return codeLifetime;
    }

    public void setCodeLifetime(Duration codeLifetime) {
        this.codeLifetime = codeLifetime;
    }

    public Duration getAccessTokenLifetime() {
        return accessTokenLifetime;
    }

    public void setAccessTokenLifetime(Duration accessTokenLifetime) {
        this.accessTokenLifetime = accessTokenLifetime;
    }

    public Duration getRefreshTokenIdleLifetime() {
        return refreshTokenIdleLifetime;
    }

    public void setRefreshTokenIdleLifetime(Duration refreshTokenIdleLifetime) {
        this.refreshTokenIdleLifetime = refreshTokenIdleLifetime;
    }

    public Duration getRefreshTokenAbsoluteLifetime() {
        return refreshTokenAbsoluteLifetime;
    }

    public void setRefreshTokenAbsoluteLifetime(Duration refreshTokenAbsoluteLifetime) {
        this.refreshTokenAbsoluteLifetime = refreshTokenAbsoluteLifetime;
    }

    public Duration getIdTokenLifetime() {
        return idTokenLifetime;
    }

    public void setIdTokenLifetime(Duration idTokenLifetime) {
        this.idTokenLifetime = idTokenLifetime;
    }

    public Duration getLegacyRefreshTokenIdleLifetime() {
        return legacyRefreshTokenIdleLifetime;
    }

    public void setLegacyRefreshTokenIdleLifetime(Duration legacyRefreshTokenIdleLifetime) {
        this.legacyRefreshTokenIdleLifetime = legacyRefreshTokenIdleLifetime;
    }

    public Duration getLegacyRefreshTokenAbsoluteLifetime() {
        return legacyRefreshTokenAbsoluteLifetime;
    }

    public void setLegacyRefreshTokenAbsoluteLifetime(Duration legacyRefreshTokenAbsoluteLifetime) {
        this.legacyRefreshTokenAbsoluteLifetime = legacyRefreshTokenAbsoluteLifetime;
    }

    public boolean isFapi2SecurityProfile() {
        return fapi2SecurityProfile;
    }

    public void setFapi2SecurityProfile(boolean fapi2SecurityProfile) {
        this.fapi2SecurityProfile = fapi2SecurityProfile;
    }

    public boolean isRequirePushedAuthorizationRequests() {
        return requirePushedAuthorizationRequests;
    }

    public void setRequirePushedAuthorizationRequests(boolean requirePushedAuthorizationRequests) {
        this.requirePushedAuthorizationRequests = requirePushedAuthorizationRequests;
    }

    public Duration getPushedAuthorizationRequestLifetime() {
        return pushedAuthorizationRequestLifetime;
    }

    public void setPushedAuthorizationRequestLifetime(Duration pushedAuthorizationRequestLifetime) {
        this.pushedAuthorizationRequestLifetime = pushedAuthorizationRequestLifetime;
    }

    public SigningAlgorithm getIdTokenSigningAlgorithm() {
        return idTokenSigningAlgorithm;
    }

    public void setIdTokenSigningAlgorithm(SigningAlgorithm idTokenSigningAlgorithm) {
        this.idTokenSigningAlgorithm = idTokenSigningAlgorithm;
    }

    public SigningAlgorithm getAccessTokenSigningAlgorithm() {
        return accessTokenSigningAlgorithm;
    }

    public void setAccessTokenSigningAlgorithm(SigningAlgorithm accessTokenSigningAlgorithm) {
        this.accessTokenSigningAlgorithm = accessTokenSigningAlgorithm;
    }

    public String getAccessTokenAudience() {
        return accessTokenAudience;
    }

    public void setAccessTokenAudience(String accessTokenAudience) {
        this.accessTokenAudience = accessTokenAudience;
    }

    public List<String> getAcrValuesSupported() {
        return acrValuesSupported;
    }

    public void setAcrValuesSupported(List<String> acrValuesSupported) {
        this.acrValuesSupported = acrValuesSupported;
    }

    public Map<String, List<String>> getScopeClaims() {
        return scopeClaims;
    }

    public void setScopeClaims(Map<String, List<String>> scopeClaims) {
        this.scopeClaims = scopeClaims;
    }

    public String getPairwiseSubjectSalt() {
        return pairwiseSubjectSalt;
    }

    public void setPairwiseSubjectSalt(String pairwiseSubjectSalt) {
        this.pairwiseSubjectSalt = pairwiseSubjectSalt;
    }

    public String getClientSecretEncryptionKey() {
        return clientSecretEncryptionKey;
    }

    public void setClientSecretEncryptionKey(String clientSecretEncryptionKey) {
        this.clientSecretEncryptionKey = clientSecretEncryptionKey;
    }

    public boolean isAllowPrivateNetworkJwksUris() {
        return allowPrivateNetworkJwksUris;
    }

    public void setAllowPrivateNetworkJwksUris(boolean allowPrivateNetworkJwksUris) {
        this.allowPrivateNetworkJwksUris = allowPrivateNetworkJwksUris;
    }

    public Boolean getEventLogging() {
        return eventLogging;
    }

    public void setEventLogging(Boolean eventLogging) {
        this.eventLogging = eventLogging;
    }

    public DataSize getMaxRequestBodyBytes() {
        return maxRequestBodyBytes;
    }

    public void setMaxRequestBodyBytes(DataSize maxRequestBodyBytes) {
        this.maxRequestBodyBytes = maxRequestBodyBytes;
    }

    public Integer getMaxParameterLength() {
        return maxParameterLength;
    }

    public void setMaxParameterLength(Integer maxParameterLength) {
        this.maxParameterLength = maxParameterLength;
    }

    public String getTrustedClientCertificateHeader() {
        return trustedClientCertificateHeader;
    }

    public void setTrustedClientCertificateHeader(String trustedClientCertificateHeader) {
        this.trustedClientCertificateHeader = trustedClientCertificateHeader;
    }

    public Dpop getDpop() {
        return dpop;
    }

    public DynamicRegistration getDynamicRegistration() {
        return dynamicRegistration;
    }

    public BackChannelLogout getBackChannelLogout() {
        return backChannelLogout;
    }

    public Signing getSigning() {
        return signing;
    }

    public Map<String, ClientProperties> getClients() {
        return clients;
    }

    public Storage getStorage() {
        return storage;
    }

    public Security getSecurity() {
        return security;
    }

    public Pages getPages() {
        return pages;
    }

    @Override
    public String toString() {
        return "NuidOAuthProperties[issuer=" + issuer + ", basePath=" + basePath + ", clients=" + clients
                + ", pairwiseSubjectSalt=" + (pairwiseSubjectSalt == null ? "none" : "******")
                + ", clientSecretEncryptionKey=" + (clientSecretEncryptionKey == null ? "none" : "******")
                + ", dpop=" + dpop + ", dynamicRegistration=" + dynamicRegistration + ", signing=" + signing + "]";
    }

    /** Which kind of client: {@code public} (PKCE), {@code confidential} (a secret), {@code legacy-public}. */
    public enum ClientKind {
        /** No secret, PKCE S256 required, rotating refresh tokens. */
        PUBLIC,
        /** Authenticates with a secret. */
        CONFIDENTIAL,
        /** The documented NU.ID flow exactly as written: no secret and no PKCE; prefer {@link #PUBLIC}. */
        LEGACY_PUBLIC
    }

    /** One client, {@code nuid.oauth.clients.<client_id>.*}. */
    public static class ClientProperties {

        /** public, confidential or legacy-public; default confidential when a secret is set, else public. */
        private ClientKind type;

        /** The name shown on the consent page. */
        private String name;

        /**
         * The client secret of a confidential client, from the environment or a placeholder; at least 32
         * random characters. Hashed at start-up and never shown.
         */
        private String secret;

        /** The secret's hash instead of the secret (the encoded form of SecretHash, sha256$...). */
        private String secretHash;

        /** The exact redirect URIs. */
        private List<String> redirectUris = new ArrayList<>();

        /**
         * While a secret is rotated: the client's previous secret, still accepted until previous-secret-expires-at,
         * so that its instances can switch over. From the environment; hashed at start-up and never shown.
         */
        private String previousSecret;

        /** The previous secret's hash instead of the previous secret (SecretHash.encoded(), sha256$...). */
        private String previousSecretHash;

        /** When the previous secret stops working (an ISO-8601 instant, e.g. 2026-12-31T00:00:00Z). */
        private java.time.Instant previousSecretExpiresAt;

        /** The scopes the client may ask for. */
        private List<String> scopes = new ArrayList<>();

        /** The scopes granted when the client asks for none. */
        private List<String> defaultScopes = new ArrayList<>();

        /** The grant types (default authorization_code and refresh_token). */
        private List<GrantType> grantTypes = new ArrayList<>();

        /** A first-party client skips the consent page. */
        private boolean firstParty;

        /** opaque (default) or jwt access tokens (RFC 9068). */
        private AccessTokenFormat accessTokenFormat;

        /** May introspect other clients' access tokens (RFC 7662). */
        private boolean resourceServer;

        /**
         * How the client authenticates, by wire name: client_secret_basic, client_secret_post, private_key_jwt,
         * tls_client_auth, self_signed_tls_client_auth, none (default: both secret methods with a secret,
         * private_key_jwt with keys, tls_client_auth with a tls-subject, none for public clients).
         */
        private List<String> authMethods = new ArrayList<>();

        /** The client's public keys inline, as a JWK set in JSON (for private_key_jwt, signed requests). */
        private String jwks;

        /** The https URL of the client's JWK set, instead of jwks. */
        private URI jwksUri;

        /** Authorize only through a pushed request (require_pushed_authorization_requests, RFC 9126). */
        private boolean requirePar;

        /** Authorize only with a signed request object (require_signed_request_object, RFC 9101). */
        private boolean requireSignedRequests;

        /** DPoP-bound access tokens only (dpop_bound_access_tokens, RFC 9449 section 5.2). */
        private boolean requireDpop;

        /** Access tokens bound to the client's TLS certificate (RFC 8705 section 3). */
        private boolean certificateBoundTokens;

        /** The FAPI 2.0 Security Profile for this client (PAR, PKCE S256, sender-constrained tokens, key auth). */
        private boolean fapi2;

        /** The certificate field a tls_client_auth client is matched by: exactly one (RFC 8705 section 2.1.2). */
        private final TlsSubject tlsSubject = new TlsSubject();

        /** The resource indicators (RFC 8707) the client may ask tokens for: absolute URIs. */
        private List<String> resources = new ArrayList<>();

        /** rotate or keep refresh tokens on use (default: rotate for public clients, keep for the others). */
        private RefreshPolicy refreshPolicy;

        /** Require a PKCE challenge (always for public clients; default true with fapi2, false for the others). */
        private Boolean requirePkce;

        /** Accept the plain PKCE method, which RFC 9700 advises against. */
        private boolean allowPlainPkce;

        private final RefreshGraceProperties refreshGrace = new RefreshGraceProperties();

        /** Where the user may be sent after logout (OpenID Connect RP-Initiated Logout), matched exactly. */
        private List<String> postLogoutRedirectUris = new ArrayList<>();

        /** Where logout tokens are POSTed (OpenID Connect Back-Channel Logout): https (http only on loopback). */
        private URI backchannelLogoutUri;

        /** Registers the client disabled: it gets no tokens. */
        private boolean disabled;

        public ClientKind getType() {
            return type;
        }

        public void setType(ClientKind type) {
            this.type = type;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getSecret() {
            return secret;
        }

        public void setSecret(String secret) {
            this.secret = secret;
        }

        public String getSecretHash() {
            return secretHash;
        }

        public void setSecretHash(String secretHash) {
            this.secretHash = secretHash;
        }

        public String getPreviousSecret() {
            return previousSecret;
        }

        public void setPreviousSecret(String previousSecret) {
            this.previousSecret = previousSecret;
        }

        public String getPreviousSecretHash() {
            return previousSecretHash;
        }

        public void setPreviousSecretHash(String previousSecretHash) {
            this.previousSecretHash = previousSecretHash;
        }

        public java.time.Instant getPreviousSecretExpiresAt() {
            return previousSecretExpiresAt;
        }

        public void setPreviousSecretExpiresAt(java.time.Instant previousSecretExpiresAt) {
            this.previousSecretExpiresAt = previousSecretExpiresAt;
        }

        public List<String> getRedirectUris() {
            return redirectUris;
        }

        public void setRedirectUris(List<String> redirectUris) {
            this.redirectUris = redirectUris;
        }

        public List<String> getScopes() {
            return scopes;
        }

        public void setScopes(List<String> scopes) {
            this.scopes = scopes;
        }

        public List<String> getDefaultScopes() {
            return defaultScopes;
        }

        public void setDefaultScopes(List<String> defaultScopes) {
            this.defaultScopes = defaultScopes;
        }

        public List<GrantType> getGrantTypes() {
            return grantTypes;
        }

        public void setGrantTypes(List<GrantType> grantTypes) {
            this.grantTypes = grantTypes;
        }

        public boolean isFirstParty() {
            return firstParty;
        }

        public void setFirstParty(boolean firstParty) {
            this.firstParty = firstParty;
        }

        public AccessTokenFormat getAccessTokenFormat() {
            return accessTokenFormat;
        }

        public void setAccessTokenFormat(AccessTokenFormat accessTokenFormat) {
            this.accessTokenFormat = accessTokenFormat;
        }

        public boolean isResourceServer() {
            return resourceServer;
        }

        public void setResourceServer(boolean resourceServer) {
            this.resourceServer = resourceServer;
        }

        public List<String> getAuthMethods() {
            return authMethods;
        }

        public void setAuthMethods(List<String> authMethods) {
            this.authMethods = authMethods;
        }

        public String getJwks() {
            return jwks;
        }

        public void setJwks(String jwks) {
            this.jwks = jwks;
        }

        public URI getJwksUri() {
            return jwksUri;
        }

        public void setJwksUri(URI jwksUri) {
            this.jwksUri = jwksUri;
        }

        public boolean isRequirePar() {
            return requirePar;
        }

        public void setRequirePar(boolean requirePar) {
            this.requirePar = requirePar;
        }

        public boolean isRequireSignedRequests() {
            return requireSignedRequests;
        }

        public void setRequireSignedRequests(boolean requireSignedRequests) {
            this.requireSignedRequests = requireSignedRequests;
        }

        public boolean isRequireDpop() {
            return requireDpop;
        }

        public void setRequireDpop(boolean requireDpop) {
            this.requireDpop = requireDpop;
        }

        public boolean isCertificateBoundTokens() {
            return certificateBoundTokens;
        }

        public void setCertificateBoundTokens(boolean certificateBoundTokens) {
            this.certificateBoundTokens = certificateBoundTokens;
        }

        public boolean isFapi2() {
            return fapi2;
        }

        public void setFapi2(boolean fapi2) {
            this.fapi2 = fapi2;
        }

        public TlsSubject getTlsSubject() {
            return tlsSubject;
        }

        public List<String> getResources() {
            return resources;
        }

        public void setResources(List<String> resources) {
            this.resources = resources;
        }

        public RefreshPolicy getRefreshPolicy() {
            return refreshPolicy;
        }

        public void setRefreshPolicy(RefreshPolicy refreshPolicy) {
            this.refreshPolicy = refreshPolicy;
        }

        public Boolean getRequirePkce() {
            return requirePkce;
        }

        public void setRequirePkce(Boolean requirePkce) {
            this.requirePkce = requirePkce;
        }

        public boolean isAllowPlainPkce() {
            return allowPlainPkce;
        }

        public void setAllowPlainPkce(boolean allowPlainPkce) {
            this.allowPlainPkce = allowPlainPkce;
        }

        public RefreshGraceProperties getRefreshGrace() {
            return refreshGrace;
        }

        public List<String> getPostLogoutRedirectUris() {
            return postLogoutRedirectUris;
        }

        public void setPostLogoutRedirectUris(List<String> postLogoutRedirectUris) {
            this.postLogoutRedirectUris = postLogoutRedirectUris;
        }

        public URI getBackchannelLogoutUri() {
            return backchannelLogoutUri;
        }

        public void setBackchannelLogoutUri(URI backchannelLogoutUri) {
            this.backchannelLogoutUri = backchannelLogoutUri;
        }

        public boolean isDisabled() {
            return disabled;
        }

        public void setDisabled(boolean disabled) {
            this.disabled = disabled;
        }

        /** Never the secret. */
        @Override
        public String toString() {
            return "ClientProperties[type=" + type + ", name=" + name + ", secret=" + (secret == null ? "none" : "******")
                    + ", redirectUris=" + redirectUris + ", scopes=" + scopes + ", authMethods=" + authMethods + "]";
        }
    }

    /**
     * The certificate field a {@code tls_client_auth} client is matched by
     * ({@code nuid.oauth.clients.<id>.tls-subject.*}, RFC 8705 §2.1.2): set exactly one.
     */
    public static class TlsSubject {

        /** tls_client_auth_subject_dn: the subject DN in RFC 4514 form, e.g. CN=bank-app,O=Bank,C=ID. */
        private String subjectDn;

        /** tls_client_auth_san_dns: a dNSName SAN entry. */
        private String sanDns;

        /** tls_client_auth_san_uri: a uniformResourceIdentifier SAN entry. */
        private String sanUri;

        /** tls_client_auth_san_ip: an iPAddress SAN entry (IPv4 or IPv6). */
        private String sanIp;

        /** tls_client_auth_san_email: an rfc822Name SAN entry. */
        private String sanEmail;

        public String getSubjectDn() {
            return subjectDn;
        }

        public void setSubjectDn(String subjectDn) {
            this.subjectDn = subjectDn;
        }

        public String getSanDns() {
            return sanDns;
        }

        public void setSanDns(String sanDns) {
            this.sanDns = sanDns;
        }

        public String getSanUri() {
            return sanUri;
        }

        public void setSanUri(String sanUri) {
            this.sanUri = sanUri;
        }

        public String getSanIp() {
            return sanIp;
        }

        public void setSanIp(String sanIp) {
            this.sanIp = sanIp;
        }

        public String getSanEmail() {
            return sanEmail;
        }

        public void setSanEmail(String sanEmail) {
            this.sanEmail = sanEmail;
        }
    }

    /**
     * A client's refresh grace window ({@code nuid.oauth.clients.<id>.refresh-grace.*}, off by default):
     * for {@code window} after a rotation, up to {@code max-reuses} reuses of the old refresh token get
     * fresh tokens instead of revoking the grant (RFC 9700 §4.14.2 trade-off: keep it to seconds).
     */
    public static class RefreshGraceProperties {

        /** How long after a rotation the old refresh token may still be reused (whole seconds, at most 60s). */
        private Duration window;

        /** How many reuses of one rotated token are honoured (1 to 100; default 1 when a window is set). */
        private Integer maxReuses;

        public Duration getWindow() {
            return window;
        }

        public void setWindow(Duration window) {
            this.window = window;
        }

        public Integer getMaxReuses() {
            return maxReuses;
        }

        public void setMaxReuses(Integer maxReuses) {
            this.maxReuses = maxReuses;
        }
    }

    /** DPoP (RFC 9449): {@code nuid.oauth.dpop.*}. */
    public static class Dpop {

        /**
         * Turns on server-provided DPoP nonces (RFC 9449 section 8) with this secret: base64 of at least 32 random
         * bytes, the same on every node, from the environment (${NUID_DPOP_NONCE_SECRET}). Never shown.
         */
        private String nonceSecret;

        public String getNonceSecret() {
            return nonceSecret;
        }

        public void setNonceSecret(String nonceSecret) {
            this.nonceSecret = nonceSecret;
        }

        /** Never the secret. */
        @Override
        public String toString() {
            return "Dpop[nonceSecret=" + (nonceSecret == null ? "none" : "******") + "]";
        }
    }

    /** Dynamic client registration (RFC 7591, RFC 7592): {@code nuid.oauth.dynamic-registration.*}. */
    public static class DynamicRegistration {

        /** Whether clients may register at POST {base-path}/oauth/register (default false). */
        private boolean enabled;

        /**
         * The initial access tokens a registering client must present as a bearer token: each at least 32
         * characters, from the environment. Never shown.
         */
        private List<String> initialAccessTokens = new ArrayList<>();

        /**
         * DANGEROUS: registration without an initial access token, open to anyone who can reach the server (RFC
         * 7591 section 3 "MAY"); keep the scopes narrow.
         */
        private boolean openToAnyone;

        /** The scopes a registered client may have (none by default). */
        private List<String> scopes = new ArrayList<>();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public List<String> getInitialAccessTokens() {
            return initialAccessTokens;
        }

        public void setInitialAccessTokens(List<String> initialAccessTokens) {
            this.initialAccessTokens = initialAccessTokens;
        }

        public boolean isOpenToAnyone() {
            return openToAnyone;
        }

        public void setOpenToAnyone(boolean openToAnyone) {
            this.openToAnyone = openToAnyone;
        }

        public List<String> getScopes() {
            return scopes;
        }

        public void setScopes(List<String> scopes) {
            this.scopes = scopes;
        }

        /** Never a token. */
        @Override
        public String toString() {
            return "DynamicRegistration[enabled=" + enabled + ", initialAccessTokens=" + initialAccessTokens.size()
                    + " (******), openToAnyone=" + openToAnyone + ", scopes=" + scopes + "]";
        }
    }

    /** Sending logout tokens (OpenID Connect Back-Channel Logout 1.0): {@code nuid.oauth.back-channel-logout.*}. */
    public static class BackChannelLogout {

        /** How long a logout token's POST may take to connect (default 5s). */
        private Duration connectTimeout;

        /** How long a logout token's POST may take to be answered (default 10s). */
        private Duration readTimeout;

        /** How many times a logout token is sent at most, 1 to 10 (default 4). */
        private Integer attempts;

        /** The delay before the second try, doubled before each further one (default 1s). */
        private Duration firstRetryDelay;

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getReadTimeout() {
            return readTimeout;
        }

        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        public Integer getAttempts() {
            return attempts;
        }

        public void setAttempts(Integer attempts) {
            this.attempts = attempts;
        }

        public Duration getFirstRetryDelay() {
            return firstRetryDelay;
        }

        public void setFirstRetryDelay(Duration firstRetryDelay) {
            this.firstRetryDelay = firstRetryDelay;
        }
    }

    /**
     * Signing keys shared by every node through the store ({@code StoredSigningKeys}), rotated on a
     * schedule: {@code nuid.oauth.signing.*}. On when {@code encryption-key} is set; for several nodes
     * on one JDBC store.
     */
    public static class Signing {

        /**
         * Turns on shared signing keys: base64 of the 32-byte AES-256 key that encrypts the private keys in the
         * store, the same on every node, from the environment (${NUID_SIGNING_KEY}). Never shown.
         */
        private String encryptionKey;

        /** The algorithms to keep a key for (default: the id_token and access token signing algorithms). */
        private List<SigningAlgorithm> algorithms = new ArrayList<>();

        /** How long each key signs before its successor takes over (default 30d). */
        private Duration rotationPeriod;

        /** How long a node uses the keys it read before reading them again (default 1m). */
        private Duration cacheTtl;

        /** How long a retired key's row is kept after its period ends (default: the rotation period). */
        private Duration retainRetiredKeysFor;

        public String getEncryptionKey() {
            return encryptionKey;
        }

        public void setEncryptionKey(String encryptionKey) {
            this.encryptionKey = encryptionKey;
        }

        public List<SigningAlgorithm> getAlgorithms() {
            return algorithms;
        }

        public void setAlgorithms(List<SigningAlgorithm> algorithms) {
            this.algorithms = algorithms;
        }

        public Duration getRotationPeriod() {
            return rotationPeriod;
        }

        public void setRotationPeriod(Duration rotationPeriod) {
            this.rotationPeriod = rotationPeriod;
        }

        public Duration getCacheTtl() {
            return cacheTtl;
        }

        public void setCacheTtl(Duration cacheTtl) {
            this.cacheTtl = cacheTtl;
        }

        public Duration getRetainRetiredKeysFor() {
            return retainRetiredKeysFor;
        }

        public void setRetainRetiredKeysFor(Duration retainRetiredKeysFor) {
            this.retainRetiredKeysFor = retainRetiredKeysFor;
        }

        /** Never the key. */
        @Override
        public String toString() {
            return "Signing[encryptionKey=" + (encryptionKey == null ? "none" : "******") + ", algorithms=" + algorithms
                    + ", rotationPeriod=" + rotationPeriod + "]";
        }
    }

    /** Where the server keeps what it remembers: {@code nuid.oauth.storage.*}. */
    public static class Storage {

        /** auto: the application's DataSource if it has one, else memory; jdbc; memory. */
        private StorageType type = StorageType.AUTO;

        /**
         * How the JDBC store's tables are made: auto (Flyway when the application has it, else Liquibase when
         * it has that, else create); flyway; liquibase; create (JdbcStorage.createSchema()); none.
         */
        private SchemaMode schema = SchemaMode.AUTO;

        /** How long a client read from the database is used without reading it again (default 5s). */
        private Duration clientCacheTtl;

        public StorageType getType() {
            return type;
        }

        public void setType(StorageType type) {
            this.type = type;
        }

        public SchemaMode getSchema() {
            return schema;
        }

        public void setSchema(SchemaMode schema) {
            this.schema = schema;
        }

        public Duration getClientCacheTtl() {
            return clientCacheTtl;
        }

        public void setClientCacheTtl(Duration clientCacheTtl) {
            this.clientCacheTtl = clientCacheTtl;
        }
    }

    /** The store. */
    public enum StorageType {
        /** The application's DataSource if it has one, else memory. */
        AUTO,
        /** The JDBC store on the application's DataSource. */
        JDBC,
        /** In memory: lost at restart, one node only. */
        MEMORY
    }

    /** How the JDBC store's tables are made. */
    public enum SchemaMode {
        /** Flyway when the application has it, else Liquibase when it has that, else {@link #CREATE}. */
        AUTO,
        /** Flyway, with the store's own history table {@code nuid_oauth_schema_history}. */
        FLYWAY,
        /** Liquibase, with the changelog {@code db/changelog/nuid-oauth.xml} and its own changelog table. */
        LIQUIBASE,
        /** {@code JdbcStorage.createSchema()}: the same migration files, idempotent. */
        CREATE,
        /** Nothing: the tables are made some other way. */
        NONE
    }

    /** The Spring Security integration: {@code nuid.oauth.security.*}. */
    public static class Security {

        /** Whether to integrate with Spring Security when it is present. */
        private boolean enabled = true;

        /**
         * The starter's login hand-off: the authorize endpoint sends a browser that needs to log in here; it
         * requires a login through the application's own Spring Security configuration (such as formLogin())
         * and then returns to the authorize request.
         */
        private String loginHandoffPath = "/nuid-oauth/login";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getLoginHandoffPath() {
            return loginHandoffPath;
        }

        public void setLoginHandoffPath(String loginHandoffPath) {
            this.loginHandoffPath = loginHandoffPath;
        }
    }

    /** The consent and error pages: {@code nuid.oauth.pages.*}. */
    public static class Pages {

        /** The portal's name on the pages (default NU.ID). */
        private String portalName;

        /** The portal's logo: a path in the application or an https URL. */
        private String logoUrl;

        /** The portal's colour, #rrggbb. */
        private String brandColor;

        /** Where "not you?" on the consent page leads (such as /logout). */
        private String switchAccountUrl;

        public String getPortalName() {
            return portalName;
        }

        public void setPortalName(String portalName) {
            this.portalName = portalName;
        }

        public String getLogoUrl() {
            return logoUrl;
        }

        public void setLogoUrl(String logoUrl) {
            this.logoUrl = logoUrl;
        }

        public String getBrandColor() {
            return brandColor;
        }

        public void setBrandColor(String brandColor) {
            this.brandColor = brandColor;
        }

        public String getSwitchAccountUrl() {
            return switchAccountUrl;
        }

        public void setSwitchAccountUrl(String switchAccountUrl) {
            this.switchAccountUrl = switchAccountUrl;
        }
    }
}
