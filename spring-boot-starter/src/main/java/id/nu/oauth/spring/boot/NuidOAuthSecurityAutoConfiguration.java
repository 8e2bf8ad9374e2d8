package id.nu.oauth.spring.boot;

import id.nu.oauth.servlet.OAuthEndpoints;
import id.nu.oauth.servlet.UserResolver;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Spring Security for the authorization server, so that an application with {@code formLogin()}
 * (or any other login) works with no more configuration:
 *
 * <ul>
 * <li>{@code nuidOAuthSecurityFilterChain} ({@value #FILTER_CHAIN_ORDER}, before the application's
 *     chains): the endpoints under the base path and the root well-known location are open to
 *     clients without a login and exempt from Spring's CSRF protection (clients post forms; the
 *     consent form carries the adapter's own CSRF token), and the adapter's responses go out as the
 *     engine wrote them (no extra headers, no saved requests);</li>
 * <li>{@code nuidOAuthUserResolver}: the signed-in user is the {@code SecurityContext}'s
 *     authentication (not anonymous), its name the subject, and its login time the one
 *     {@code nuidOAuthLoginTimeListener} recorded in the session at login;</li>
 * <li>{@code nuidOAuthLoginHandoffRegistration}: the login page the authorize endpoint sends a
 *     browser to ({@code nuid.oauth.security.login-handoff-path}). It is an ordinary page of the
 *     application, behind the application's own chain: a browser that is not signed in is sent to
 *     the application's login page by Spring Security (the hand-off is the saved request), and once
 *     signed in comes back and is returned to the authorize request. When the client asks for a fresh
 *     login ({@code prompt=login}, {@code max_age}), the hand-off signs the user out first.</li>
 * </ul>
 *
 * Each bean backs off when the application defines one of the same name (or a
 * {@code UserResolver} of its own).
 *
 * <pre>{@code
 * // all the application writes: its own login and pages, and a user store
 * @Bean
 * SecurityFilterChain portal(HttpSecurity http) throws Exception {
 *     return http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
 *             .formLogin(Customizer.withDefaults())
 *             .build();
 * }
 * }</pre>
 */
@AutoConfiguration(after = NuidOAuthAutoConfiguration.class, afterName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({HttpServlet.class, SecurityFilterChain.class, HttpSecurity.class, PathPatternRequestMatcher.class})
@ConditionalOnProperty(prefix = NuidOAuthProperties.PREFIX, name = {"enabled", "security.enabled"}, matchIfMissing = true)
@ConditionalOnBean(OAuthEndpoints.class)
public class NuidOAuthSecurityAutoConfiguration {

    /** The order of {@code nuidOAuthSecurityFilterChain}: before the application's own chains. */
    public static final int FILTER_CHAIN_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    /** The filter chain bean's name. */
    public static final String FILTER_CHAIN_BEAN = "nuidOAuthSecurityFilterChain";

    /** The user resolver bean's name. */
    public static final String USER_RESOLVER_BEAN = "nuidOAuthUserResolver";

    /** The login hand-off's registration bean's name. */
    public static final String LOGIN_HANDOFF_BEAN = "nuidOAuthLoginHandoffRegistration";

    /** The login-time listener bean's name. */
    public static final String LOGIN_TIME_LISTENER_BEAN = "nuidOAuthLoginTimeListener";

    /** The starter's; use the constants' names. */
    public NuidOAuthSecurityAutoConfiguration() {
    }

    @Bean(name = FILTER_CHAIN_BEAN)
    @Order(FILTER_CHAIN_ORDER)
    @ConditionalOnMissingBean(name = FILTER_CHAIN_BEAN)
    SecurityFilterChain nuidOAuthSecurityFilterChain(HttpSecurity http, OAuthEndpoints endpoints) throws Exception {
        List<RequestMatcher> paths = new ArrayList<>();
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        paths.add(path.matcher(endpoints.basePath() + "/**"));
        paths.add(path.matcher(endpoints.wellKnownPath()));
        return http.securityMatcher(new OrRequestMatcher(paths))
                .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .headers(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .build();
    }

    @Bean(name = USER_RESOLVER_BEAN)
    @ConditionalOnMissingBean(UserResolver.class)
    UserResolver nuidOAuthUserResolver() {
        return new SecurityContextUserResolver(Clock.systemUTC());
    }

    @Bean(name = LOGIN_TIME_LISTENER_BEAN)
    @ConditionalOnMissingBean(name = LOGIN_TIME_LISTENER_BEAN)
    ApplicationListener<AuthenticationSuccessEvent> nuidOAuthLoginTimeListener() {
        return new LoginTimes.Listener(Clock.systemUTC());
    }

    @Bean(name = LOGIN_HANDOFF_BEAN)
    @ConditionalOnMissingBean(name = LOGIN_HANDOFF_BEAN)
    ServletRegistrationBean<HttpServlet> nuidOAuthLoginHandoffRegistration(OAuthEndpoints endpoints,
            NuidOAuthProperties properties) {
        String handoff = properties.getSecurity().getLoginHandoffPath();
        ServletRegistrationBean<HttpServlet> registration =
                new ServletRegistrationBean<>(new LoginHandoffServlet(endpoints.basePath()), handoff);
        registration.setName("nuid-oauth-login-handoff");
        return registration;
    }

    /**
     * Sends the authorize endpoint's login hand-off to {@code nuid.oauth.security.login-handoff-path},
     * unless {@code nuid.oauth.login-page} names another page; applied before the application's
     * customizers.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    NuidOAuthCustomizer nuidOAuthLoginHandoffCustomizer(NuidOAuthProperties properties) {
        return new NuidOAuthCustomizer() {
            @Override
            public void customize(OAuthEndpoints.Builder endpoints) {
                if (properties.getLoginPage() == null) {
                    endpoints.loginPage(properties.getSecurity().getLoginHandoffPath());
                }
            }
        };
    }

}
