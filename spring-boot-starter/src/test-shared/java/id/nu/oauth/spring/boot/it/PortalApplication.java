package id.nu.oauth.spring.boot.it;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A portal as a host writes it with the starter: its own Spring Security form login, a user store,
 * one page, and nothing about OAuth but properties (see {@code application-portal.properties}).
 * The same source runs on Spring Boot 4.0 (the starter's tests) and 3.5 (spring-boot-starter-boot3-it).
 */
@SpringBootApplication
public class PortalApplication {

    static final String PASSWORD = "alice-password-1";

    @Bean
    SecurityFilterChain portal(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}" + PASSWORD).roles("USER").build());
    }

    @RestController
    static class Home {
        @GetMapping("/")
        String home() {
            return "portal home";
        }
    }
}
