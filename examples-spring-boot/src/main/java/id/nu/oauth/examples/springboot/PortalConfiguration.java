package id.nu.oauth.examples.springboot;

import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.servlet.BearerTokenFilter;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * All the portal writes for nuid-oauth with the starter: its own Spring Security login
 * ({@code formLogin()}), its user store, and the bearer filter in front of its own API. The
 * authorization server itself (engine, endpoints under {@code /api}, the Spring Security chain for
 * them, the login hand-off) comes from {@code nuid-oauth-spring-boot-starter} and the
 * {@code nuid.oauth.*} properties in {@code application.properties}.
 *
 * <pre>{@code
 * @Bean
 * SecurityFilterChain portal(HttpSecurity http) throws Exception {
 *     return http.authorizeHttpRequests(a -> a.requestMatchers("/me", "/me/**").permitAll()
 *                     .anyRequest().authenticated())
 *             .formLogin(Customizer.withDefaults())
 *             .build();
 * }
 * }</pre>
 */
@Configuration(proxyBeanMethods = false)
public class PortalConfiguration {

    /**
     * The portal's pages need a login (Spring Security's form login); {@code /me} is the portal's
     * bearer-token API, checked by the filter below, not by a session.
     */
    @Bean
    SecurityFilterChain portal(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(a -> a.requestMatchers("/me", "/me/**").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .logout(Customizer.withDefaults())
                .build();
    }

    /** The users, {@code portal.users.<name>=<password hash>} ({@code {bcrypt}...}); never a password in clear. */
    @Bean
    @ConfigurationProperties("portal")
    PortalUsers portalUsers() {
        return new PortalUsers();
    }

    /** Spring Security's user store over {@link PortalUsers}. */
    @Bean
    UserDetailsService users(PortalUsers users) {
        InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager();
        users.getUsers().forEach((name, hash) -> manager.createUser(
                User.withUsername(name).password(hash).roles("MEMBER").build()));
        return manager;
    }

    /** Only requests with an active token carrying {@code profile} reach {@code /me}. */
    @Bean
    FilterRegistrationBean<BearerTokenFilter> profileApiFilter(AuthorizationServer server) {
        FilterRegistrationBean<BearerTokenFilter> registration =
                new FilterRegistrationBean<>(new BearerTokenFilter(server, "profile"));
        registration.addUrlPatterns("/me", "/me/*");
        registration.setName("profile-api");
        return registration;
    }

    /** {@code portal.users.*}. */
    public static class PortalUsers {
        private Map<String, String> users = Map.of();

        /** The users by name: their password hashes. */
        public Map<String, String> getUsers() {
            return users;
        }

        /** Sets the users. */
        public void setUsers(Map<String, String> users) {
            this.users = users;
        }
    }
}
