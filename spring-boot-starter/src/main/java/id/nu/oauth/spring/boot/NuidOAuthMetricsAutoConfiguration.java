package id.nu.oauth.spring.boot;

import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.micrometer.OAuthMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Metrics through {@code nuid-oauth-micrometer} when the application has it and a Micrometer
 * {@link MeterRegistry} (Spring Boot Actuator makes one): the engine's events become the
 * {@code nuid.oauth.requests} timer and the {@code nuid.oauth.events} counter. Replace the bean
 * {@value #CUSTOMIZER} to change or turn this off.
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>id.nu</groupId>
 *   <artifactId>nuid-oauth-micrometer</artifactId>
 * </dependency>
 * }</pre>
 */
@AutoConfiguration(before = NuidOAuthAutoConfiguration.class)
@ConditionalOnClass({OAuthMetrics.class, MeterRegistry.class})
public class NuidOAuthMetricsAutoConfiguration {

    /** The name of the customizer bean that registers the metrics listener. */
    public static final String CUSTOMIZER = "nuidOAuthMetricsCustomizer";

    /** Registers {@link OAuthMetrics} on the engine when a registry is there when the engine is built. */
    @Bean(CUSTOMIZER)
    @ConditionalOnMissingBean(name = CUSTOMIZER)
    public NuidOAuthCustomizer nuidOAuthMetricsCustomizer(ObjectProvider<MeterRegistry> registry) {
        return new NuidOAuthCustomizer() {
            @Override
            public void customize(AuthorizationServer.Builder server) {
                registry.ifAvailable(r -> server.eventListener(OAuthMetrics.create(r)));
            }
        };
    }
}
