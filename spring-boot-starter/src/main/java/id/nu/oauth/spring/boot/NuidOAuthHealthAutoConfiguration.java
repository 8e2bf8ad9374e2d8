package id.nu.oauth.spring.boot;

import id.nu.oauth.storage.Storage;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The store's health indicator, {@code nuidOAuth} in {@code /actuator/health}, when the application
 * has the actuator: UP when one read by primary key reaches the store (for the JDBC store, the
 * database and its tables), DOWN with the error otherwise. Spring Boot 4 has it in
 * {@code spring-boot-health}, Boot 3.5 in {@code spring-boot-actuator}; the starter registers the
 * indicator of whichever line the application runs. Off with
 * {@code management.health.nuid-oauth.enabled=false}; replaced by a bean named
 * {@value #HEALTH_INDICATOR_BEAN}.
 *
 * <pre>
 * GET /actuator/health
 * {"status":"UP","components":{"nuidOAuth":{"status":"UP","details":{"store":"JdbcStorage","latencyMillis":1}}, ...}}
 * </pre>
 */
@AutoConfiguration(after = NuidOAuthAutoConfiguration.class)
@ConditionalOnBean(Storage.class)
@ConditionalOnProperty(name = "management.health.nuid-oauth.enabled", matchIfMissing = true)
@Import(Boot3StorageHealth.Registrar.class)
public class NuidOAuthHealthAutoConfiguration {

    /** The health indicator bean's name; the health component is {@code nuidOAuth}. */
    public static final String HEALTH_INDICATOR_BEAN = "nuidOAuthHealthIndicator";

    /** The starter's; use the constant's name. */
    public NuidOAuthHealthAutoConfiguration() {
    }

    /** Spring Boot 4: {@code org.springframework.boot.health.contributor}. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot4 {

        @Bean(name = HEALTH_INDICATOR_BEAN)
        @ConditionalOnMissingBean(name = HEALTH_INDICATOR_BEAN)
        HealthIndicator nuidOAuthHealthIndicator(Storage storage) {
            return new AbstractHealthIndicator("nuid-oauth storage health check failed") {
                @Override
                protected void doHealthCheck(Health.Builder builder) {
                    Map<String, Object> details = StorageProbe.check(storage);
                    builder.up().withDetails(details);
                }
            };
        }
    }
}
