package id.nu.oauth.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.EndpointRequest;
import id.nu.oauth.core.Endpoints;
import id.nu.oauth.micrometer.OAuthMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Metrics through nuid-oauth-micrometer when the application has a MeterRegistry (issue 13 item 1). */
class NuidOAuthMetricsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(NuidOAuthMetricsAutoConfiguration.class,
                    NuidOAuthAutoConfiguration.class))
            .withPropertyValues("nuid.oauth.issuer=https://portal.example.or.id/api");

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void withARegistryTheEngineCountsItsRequests() {
        runner.withUserConfiguration(Registry.class).run(context -> {
            assertThat(context).hasNotFailed();
            AuthorizationServer server = context.getBean(AuthorizationServer.class);
            server.handle(EndpointRequest.builder("POST", Endpoints.TOKEN).build());
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.find(OAuthMetrics.REQUESTS).timers()).isNotEmpty();
        });
    }

    @Test
    void withoutARegistryOrTheModuleNothingIsRegistered() {
        runner.run(context -> assertThat(context).hasNotFailed());
        runner.withClassLoader(new FilteredClassLoader(OAuthMetrics.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(NuidOAuthMetricsAutoConfiguration.CUSTOMIZER);
        });
    }
}
