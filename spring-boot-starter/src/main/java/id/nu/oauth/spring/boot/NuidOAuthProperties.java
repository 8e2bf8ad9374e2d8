package id.nu.oauth.spring.boot;

import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.GrantType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

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
 * </pre>
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
        return "NuidOAuthProperties[issuer=" + issuer + ", basePath=" + basePath + ", clients=" + clients.keySet() + "]";
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

        /** Never the secret. */
        @Override
        public String toString() {
            return "ClientProperties[type=" + type + ", name=" + name + ", secret=" + (secret == null ? "none" : "******")
                    + ", redirectUris=" + redirectUris + ", scopes=" + scopes + "]";
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
