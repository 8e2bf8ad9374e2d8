package id.nu.oauth.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.client.SecretHash;
import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.servlet.OAuthEndpoints;
import id.nu.oauth.servlet.UserResolver;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.jdbc.JdbcStorage;
import id.nu.oauth.storage.memory.InMemoryStorage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.web.SecurityFilterChain;

/** The auto-configuration's choices and its errors, over the public beans. */
class NuidOAuthAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(NuidOAuthAutoConfiguration.class))
            .withPropertyValues("nuid.oauth.issuer=https://portal.example.or.id/api");

    @Test
    void withoutADataSourceTheStoreIsInMemory() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Storage.class)).isInstanceOf(InMemoryStorage.class);
            assertThat(context.getBean(AuthorizationServer.class).issuer())
                    .isEqualTo(URI.create("https://portal.example.or.id/api"));
            assertThat(context).doesNotHaveBean(OAuthEndpoints.class); // not a web application
        });
    }

    @Test
    void withADataSourceAndNoMigrationToolTheStoreCreatesItsTables() {
        runner.withUserConfiguration(H2.class)
                .withClassLoader(new FilteredClassLoader(Flyway.class, SpringLiquibase.class))
                .run(context -> {
                    assertThat(context.getBean(Storage.class)).isInstanceOf(JdbcStorage.class);
                    assertThat(tables(context.getBean(DataSource.class))).contains("NUID_OAUTH_TOKEN")
                            .doesNotContain("NUID_OAUTH_SCHEMA_HISTORY", "NUID_OAUTH_CHANGELOG");
                });
    }

    @Test
    void withFlywayTheTablesComeThroughFlywayWithTheirOwnHistory() {
        runner.withUserConfiguration(H2.class).run(context -> {
            assertThat(context.getBean(Storage.class)).isInstanceOf(JdbcStorage.class);
            assertThat(tables(context.getBean(DataSource.class))).contains("NUID_OAUTH_TOKEN", "NUID_OAUTH_SCHEMA_HISTORY");
            assertThat(new JdbcTemplate(context.getBean(DataSource.class)).queryForObject(
                    "SELECT COUNT(*) FROM \"nuid_oauth_schema_history\" WHERE \"success\"", Integer.class))
                    .isGreaterThanOrEqualTo(3);
        });
    }

    @Test
    void withLiquibaseTheTablesComeThroughTheShippedChangelog() {
        runner.withUserConfiguration(H2.class).withPropertyValues("nuid.oauth.storage.schema=liquibase").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(tables(context.getBean(DataSource.class))).contains("NUID_OAUTH_TOKEN", "NUID_OAUTH_CHANGELOG")
                    .doesNotContain("NUID_OAUTH_SCHEMA_HISTORY");
        });
    }

    @Test
    void theLiquibaseChangelogNamesEveryMigrationOfEveryDatabase() throws IOException {
        String changelog;
        try (InputStream in = getClass().getResourceAsStream("/db/changelog/nuid-oauth.xml")) {
            changelog = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Resource[] migrations = new PathMatchingResourcePatternResolver()
                .getResources("classpath*:db/migration/nuid_oauth/*/V*__*.sql");
        assertThat(migrations).hasSizeGreaterThanOrEqualTo(6);
        for (Resource migration : migrations) {
            String folder = migration.getURL().toString().replaceAll(".*/db/migration/nuid_oauth/([^/]+)/[^/]+$", "$1");
            assertThat(changelog).as("a change set for %s/%s", folder, migration.getFilename())
                    .contains("path=\"db/migration/nuid_oauth/" + folder + "/" + migration.getFilename() + "\"");
        }
    }

    @Test
    void theApplicationsOwnBeansWin() {
        Storage own = InMemoryStorage.create();
        runner.withBean(Storage.class, () -> own).run(context -> {
            assertThat(context.getBean(Storage.class)).isSameAs(own);
            assertThat(context.getBean(AuthorizationServer.class).storage()).isSameAs(own);
        });
        AuthorizationServer server = AuthorizationServer.builder().issuer(URI.create("https://other.example/api")).build();
        runner.withBean(AuthorizationServer.class, () -> server)
                .run(context -> assertThat(context.getBean(AuthorizationServer.class)).isSameAs(server));
    }

    @Test
    void clientsComeFromProperties() {
        String secret = SecretHash.generateSecret();
        runner.withPropertyValues("nuid.oauth.clients.mobile-app.redirect-uris=id.nu.app:/cb",
                "nuid.oauth.clients.mobile-app.scopes=openid,profile",
                "nuid.oauth.clients.portal.secret=" + secret,
                "nuid.oauth.clients.portal.redirect-uris=https://portal.example.or.id/callback").run(context -> {
                    Storage storage = context.getBean(Storage.class);
                    assertThat(storage.clients().find("mobile-app")).hasValueSatisfying(c -> {
                        assertThat(c.type().name()).isEqualTo("PUBLIC");
                        assertThat(c.allowedScopes()).containsExactlyInAnyOrder("openid", "profile");
                    });
                    assertThat(storage.clients().find("portal")).hasValueSatisfying(c -> {
                        assertThat(c.type().name()).isEqualTo("CONFIDENTIAL");
                        assertThat(c.secretHash().matches(secret)).isTrue();
                    });
                    assertThat(context.getBean(NuidOAuthProperties.class).toString()).doesNotContain(secret);
                    assertThat(context.getBean(NuidOAuthProperties.class).getClients().get("portal").toString())
                            .doesNotContain(secret).contains("******");
                });
    }

    @Test
    void aMissingIssuerIsAClearStartupError() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NuidOAuthAutoConfiguration.class))
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("nuid.oauth.issuer"));
    }

    @Test
    void aConfidentialClientWithoutASecretIsAClearStartupError() {
        runner.withPropertyValues("nuid.oauth.clients.portal.type=confidential",
                "nuid.oauth.clients.portal.redirect-uris=https://portal.example.or.id/callback")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("nuid.oauth.clients.portal").hasMessageContaining(".secret"));
    }

    @Test
    void aWeakSecretIsRefusedWithoutShowingIt() {
        String weak = "portal-secret-portal-secret-1234";
        runner.withPropertyValues("nuid.oauth.clients.portal.secret=" + weak,
                "nuid.oauth.clients.portal.redirect-uris=https://portal.example.or.id/callback")
                .run(context -> {
                    assertThat(context).hasFailed();
                    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(weak);
                    }
                    assertThat(context).getFailure().hasStackTraceContaining("nuid.oauth.clients.portal.secret:");
                });
    }

    @Test
    void jdbcStorageWithoutADataSourceIsAClearStartupError() {
        runner.withPropertyValues("nuid.oauth.storage.type=jdbc")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("DataSource"));
    }

    @Test
    void aWebApplicationWithoutSpringSecurityNeedsAUserResolver() {
        WebApplicationContextRunner web = new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NuidOAuthAutoConfiguration.class,
                        NuidOAuthSecurityAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(SecurityFilterChain.class))
                .withPropertyValues("nuid.oauth.issuer=https://portal.example.or.id/api");
        web.run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining("add Spring Security").hasMessageContaining("UserResolver"));
        UserResolver own = request -> new AuthenticatedUser("alice", java.time.Instant.now());
        web.withBean(UserResolver.class, () -> own).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(OAuthEndpoints.class);
            assertThat(context).doesNotHaveBean(NuidOAuthSecurityAutoConfiguration.USER_RESOLVER_BEAN);
            assertThat(context).hasBean(NuidOAuthAutoConfiguration.SERVLET_REGISTRATION_BEAN);
            assertThat(context.getBean(OAuthEndpoints.class).basePath()).isEqualTo("/api");
        });
    }

    @Test
    void theSanitizerKnowsEverySpellingOfAClientSecret() {
        for (String key : List.of("nuid.oauth.clients.portal.secret", "nuid.oauth.clients.portal.secret-hash",
                "nuid.oauth.clients.portal.secretHash", "NUID_OAUTH_CLIENTS_PORTAL_SECRET",
                "nuid.oauth.clients[portal].secret")) {
            assertThat(NuidOAuthActuatorAutoConfiguration.isClientSecret(key)).as(key).isTrue();
        }
        for (String key : List.of("nuid.oauth.issuer", "nuid.oauth.clients.portal.name", "spring.datasource.password")) {
            assertThat(NuidOAuthActuatorAutoConfiguration.isClientSecret(key)).as(key).isFalse();
        }
    }

    @Test
    void thePropertiesHaveMetadata() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            String metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(metadata).contains("\"nuid.oauth.issuer\"", "\"nuid.oauth.clients\"", "\"nuid.oauth.storage.schema\"",
                    "\"nuid.oauth.security.login-handoff-path\"", "\"nuid.oauth.access-token-lifetime\"",
                    "\"nuid.oauth.fapi2-security-profile\"", "\"nuid.oauth.require-pushed-authorization-requests\"",
                    "\"nuid.oauth.id-token-signing-algorithm\"", "\"nuid.oauth.dpop.nonce-secret\"",
                    "\"nuid.oauth.dynamic-registration.initial-access-tokens\"",
                    "\"nuid.oauth.dynamic-registration.open-to-anyone\"", "\"nuid.oauth.signing.encryption-key\"",
                    "\"nuid.oauth.back-channel-logout.attempts\"", "\"nuid.oauth.trusted-client-certificate-header\"",
                    "\"nuid.oauth.max-request-body-bytes\"", "\"nuid.oauth.allow-private-network-jwks-uris\"");
        }
    }

    private static List<String> tables(DataSource dataSource) {
        return new JdbcTemplate(dataSource).queryForList(
                "SELECT UPPER(TABLE_NAME) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'", String.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class H2 {
        @Bean
        DataSource dataSource() {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            return h2;
        }
    }
}
