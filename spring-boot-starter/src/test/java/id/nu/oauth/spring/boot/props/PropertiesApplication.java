package id.nu.oauth.spring.boot.props;

import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.servlet.UserResolver;
import java.time.Instant;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * An application configured by {@code nuid.oauth.*} properties only, for the property tests: alice is
 * always signed in (a {@code UserResolver} of its own), and its own pages (the actuator) are open so that
 * the tests can read {@code configprops} and {@code env} without a login.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class PropertiesApplication {

    @Bean
    UserResolver alice() {
        return request -> new AuthenticatedUser("alice", Instant.now().minusSeconds(5));
    }

    @Bean
    SecurityFilterChain open(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
    }
}
