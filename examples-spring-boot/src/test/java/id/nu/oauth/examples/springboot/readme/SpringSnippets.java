package id.nu.oauth.examples.springboot.readme;

import id.nu.oauth.servlet.OAuthEndpoints;
import id.nu.oauth.storage.jdbc.JdbcStorage;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/** The READMEs' Spring Boot and Flyway snippets, compiled as they are shown (ReadmeSnippetsTest checks them). */
final class SpringSnippets {

    private SpringSnippets() {
    }

    static final class Readme {
        @Bean
        ServletContextInitializer nuidOAuth(OAuthEndpoints endpoints) {
            return endpoints::register;       // with Spring Security, exempt /api/oauth/** from its CSRF filter
        }
    }

    static final class AdapterReadme {
        @Bean
        ServletContextInitializer nuidOAuth(OAuthEndpoints endpoints) {
            return servletContext -> {
                endpoints.register(servletContext);
                endpoints.registerWellKnown(servletContext);   // if the application runs at the root context
            };
        }
        // or: new ServletRegistrationBean<>(endpoints.servlet(), endpoints.mapping())

        void wellKnown(OAuthEndpoints endpoints, jakarta.servlet.ServletContext rootServletContext) {
            endpoints.registerWellKnown(rootServletContext);     // maps endpoints.wellKnownPath()
            // or mount it yourself (a separate root web application, Spring Boot, ...):
            new ServletRegistrationBean<>(endpoints.wellKnownServlet(), endpoints.wellKnownPath());
        }
    }

    static void flyway(DataSource pool, JdbcStorage storage) {
        Flyway.configure().dataSource(pool)
                .locations(storage.migrationsLocation())     // classpath:db/migration/nuid_oauth/postgresql
                .table("nuid_oauth_schema_history")
                .baselineOnMigrate(true).baselineVersion("0")  // a non-empty schema: still apply V1
                .load().migrate();
    }
}
