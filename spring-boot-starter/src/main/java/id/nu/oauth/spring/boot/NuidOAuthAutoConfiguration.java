package id.nu.oauth.spring.boot;

import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.ClientSecretSeal;
import id.nu.oauth.core.ClaimsSource;
import id.nu.oauth.core.SigningKeys;
import id.nu.oauth.servlet.OAuthEndpoints;
import id.nu.oauth.servlet.UserResolver;
import id.nu.oauth.storage.Storage;
import jakarta.servlet.http.HttpServlet;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of the authorization server from {@code nuid.oauth.*} (see
 * {@link NuidOAuthProperties}), for Spring Boot 4.0 and 3.5. Every bean backs off when the
 * application defines its own of the same type (or, for registrations, the same name):
 *
 * <table>
 * <caption>The beans</caption>
 * <tr><th>name</th><th>type</th><th>what</th></tr>
 * <tr><td>{@code nuidOAuthStorage}</td><td>{@code Storage}</td><td>the JDBC store on the application's
 *     {@code DataSource} (schema by Flyway, Liquibase or {@code createSchema()}), else in memory</td></tr>
 * <tr><td>{@code nuidOAuthSigningKeys}</td><td>{@code SigningKeys}</td><td>keys shared by every node through
 *     the store ({@code StoredSigningKeys}), when {@code nuid.oauth.signing.encryption-key} is set</td></tr>
 * <tr><td>{@code nuidOAuthAuthorizationServer}</td><td>{@code AuthorizationServer}</td><td>the engine, with the
 *     clients and lifetimes of the properties, a {@code ClaimsSource} or {@code SigningKeys} bean if there is one,
 *     then every {@link NuidOAuthCustomizer}</td></tr>
 * <tr><td>{@code nuidOAuthEndpoints}</td><td>{@code OAuthEndpoints}</td><td>the servlet adapter, with the
 *     application's {@code UserResolver} (the starter's own reads Spring Security)</td></tr>
 * <tr><td>{@code nuidOAuthServletRegistration}</td><td>{@code ServletRegistrationBean}</td><td>the endpoints at
 *     {@code nuid.oauth.base-path + "/*"}</td></tr>
 * <tr><td>{@code nuidOAuthWellKnownRegistration}</td><td>{@code ServletRegistrationBean}</td><td>RFC 8414 §3.1's
 *     metadata location at the root, when the application runs at the root context</td></tr>
 * </table>
 *
 * <pre>{@code
 * // the application's own engine replaces the starter's (and so does its own Storage, OAuthEndpoints, ...):
 * @Bean
 * AuthorizationServer authorizationServer(Storage storage) {
 *     return AuthorizationServer.builder().issuer(URI.create("https://portal.example.or.id/api"))
 *             .storage(storage).build();
 * }
 * }</pre>
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration",
        "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration",
        "org.springframework.boot.autoconfigure.liquibase.LiquibaseAutoConfiguration"})
@ConditionalOnProperty(prefix = NuidOAuthProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(NuidOAuthProperties.class)
public class NuidOAuthAutoConfiguration {

    /** The storage bean's name. */
    public static final String STORAGE_BEAN = "nuidOAuthStorage";

    /** The engine bean's name. */
    public static final String AUTHORIZATION_SERVER_BEAN = "nuidOAuthAuthorizationServer";

    /** The shared signing keys' bean's name ({@code nuid.oauth.signing.encryption-key}). */
    public static final String SIGNING_KEYS_BEAN = "nuidOAuthSigningKeys";

    /** The endpoints bean's name. */
    public static final String ENDPOINTS_BEAN = "nuidOAuthEndpoints";

    /** The name of the endpoints servlet's registration bean. */
    public static final String SERVLET_REGISTRATION_BEAN = "nuidOAuthServletRegistration";

    /** The name of the root well-known servlet's registration bean. */
    public static final String WELL_KNOWN_REGISTRATION_BEAN = "nuidOAuthWellKnownRegistration";

    /** The starter's; use the constants' names. */
    public NuidOAuthAutoConfiguration() {
    }

    @Bean(name = STORAGE_BEAN)
    @ConditionalOnMissingBean(Storage.class)
    @DependsOnDatabaseInitialization // after the application's own migrations: they may expect an empty schema
    Storage nuidOAuthStorage(NuidOAuthProperties properties, ObjectProvider<DataSource> dataSources,
            ResourceLoader resourceLoader) {
        ClassLoader loader = resourceLoader.getClassLoader();
        return StorageFactory.create(properties.getStorage(), dataSources.getIfUnique(),
                loader != null ? loader : NuidOAuthAutoConfiguration.class.getClassLoader());
    }

    @Bean(name = AUTHORIZATION_SERVER_BEAN)
    @ConditionalOnMissingBean(AuthorizationServer.class)
    AuthorizationServer nuidOAuthAuthorizationServer(NuidOAuthProperties properties, Storage storage,
            ObjectProvider<ClaimsSource> claims, ObjectProvider<SigningKeys> keys,
            ObjectProvider<NuidOAuthCustomizer> customizers) {
        if (properties.getIssuer() == null) {
            throw new IllegalStateException("set " + NuidOAuthProperties.PREFIX + ".issuer, the public URL of the "
                    + "endpoints' base path, such as https://portal.example.or.id/api");
        }
        AuthorizationServer.Builder b = AuthorizationServer.builder().storage(storage);
        try {
            b.issuer(properties.getIssuer());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(NuidOAuthProperties.PREFIX + ".issuer: " + e.getMessage(), e);
        }
        ServerSettings.apply(properties, b);
        claims.ifUnique(b::claimsSource);
        keys.ifUnique(b::signingKeys);
        ClientSecretSeal seal = ServerSettings.clientSecretSeal(properties);
        properties.getClients().forEach((id, client) -> b.client(Clients.from(id, client, seal)));
        customizers.orderedStream().forEach(c -> c.customize(b));
        return ServerSettings.build(properties, b);
    }

    /**
     * Signing keys every node shares through the store ({@code StoredSigningKeys}), when
     * {@code nuid.oauth.signing.encryption-key} is set and the application has no {@code SigningKeys}
     * bean of its own.
     */
    @Bean(name = SIGNING_KEYS_BEAN)
    @ConditionalOnMissingBean(SigningKeys.class)
    @ConditionalOnProperty(prefix = NuidOAuthProperties.PREFIX + ".signing", name = "encryption-key")
    SigningKeys nuidOAuthSigningKeys(NuidOAuthProperties properties, Storage storage) {
        return ServerSettings.storedSigningKeys(properties, storage);
    }

    /** The servlet adapter and its registrations, in a servlet web application. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(HttpServlet.class)
    static class Endpoints {

        @Bean(name = ENDPOINTS_BEAN)
        @ConditionalOnMissingBean(OAuthEndpoints.class)
        OAuthEndpoints nuidOAuthEndpoints(NuidOAuthProperties properties, AuthorizationServer server,
                ObjectProvider<UserResolver> users, ObjectProvider<NuidOAuthCustomizer> customizers) {
            UserResolver resolver = users.getIfUnique(() -> {
                throw new IllegalStateException("nuid-oauth needs to know who is signed in: add Spring Security "
                        + "(spring-boot-starter-security) or define a UserResolver bean");
            });
            OAuthEndpoints.Builder b = OAuthEndpoints.builder(server)
                    .basePath(properties.getBasePath())
                    .userResolver(resolver)
                    .loginPage(properties.getLoginPage() != null ? properties.getLoginPage() : "/login");
            NuidOAuthProperties.Pages pages = properties.getPages();
            if (pages.getPortalName() != null) {
                b.portalName(pages.getPortalName());
            }
            if (pages.getLogoUrl() != null) {
                b.logoUrl(pages.getLogoUrl());
            }
            if (pages.getBrandColor() != null) {
                b.brandColor(pages.getBrandColor());
            }
            if (pages.getSwitchAccountUrl() != null) {
                b.switchAccountUrl(pages.getSwitchAccountUrl());
            }
            ServerSettings.apply(properties, b);
            customizers.orderedStream().forEach(c -> c.customize(b));
            return b.build();
        }

        @Bean(name = SERVLET_REGISTRATION_BEAN)
        @ConditionalOnMissingBean(name = SERVLET_REGISTRATION_BEAN)
        ServletRegistrationBean<HttpServlet> nuidOAuthServletRegistration(OAuthEndpoints endpoints) {
            ServletRegistrationBean<HttpServlet> registration =
                    new ServletRegistrationBean<>(endpoints.servlet(), endpoints.mapping());
            registration.setName(OAuthEndpoints.SERVLET_NAME);
            registration.setLoadOnStartup(1);
            return registration;
        }

        @Bean(name = WELL_KNOWN_REGISTRATION_BEAN)
        @ConditionalOnMissingBean(name = WELL_KNOWN_REGISTRATION_BEAN)
        @ConditionalOnProperty(name = "server.servlet.context-path", havingValue = "", matchIfMissing = true)
        ServletRegistrationBean<HttpServlet> nuidOAuthWellKnownRegistration(OAuthEndpoints endpoints) {
            ServletRegistrationBean<HttpServlet> registration =
                    new ServletRegistrationBean<>(endpoints.wellKnownServlet(), endpoints.wellKnownPath());
            registration.setName(OAuthEndpoints.WELL_KNOWN_SERVLET_NAME);
            return registration;
        }
    }
}
