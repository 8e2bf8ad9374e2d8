package id.nu.oauth.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small NU portal on Spring Boot 3.5 that serves the NU.ID OAuth endpoints with nuid-oauth: its
 * own login page, the servlet adapter under {@code /api}, and a {@code /me} API protected by the
 * bearer filter. Start it with {@code mvn -pl examples-spring-boot -am -Prun-example verify} (see
 * the module README) and open {@code http://127.0.0.1:8080/}.
 *
 * <pre>{@code
 * SpringApplication.run(PortalApplication.class, args);
 * }</pre>
 */
@SpringBootApplication
public class PortalApplication {

    /** Starts the portal. */
    public static void main(String[] args) {
        SpringApplication.run(PortalApplication.class, args);
    }
}
