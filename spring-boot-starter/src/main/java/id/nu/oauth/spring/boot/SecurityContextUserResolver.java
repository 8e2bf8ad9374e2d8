package id.nu.oauth.spring.boot;

import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.servlet.UserResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The signed-in user from Spring Security: the {@code SecurityContext}'s authentication, unless it
 * is missing, not authenticated or anonymous; its name is the subject and its login time comes from
 * {@link LoginTimes}.
 */
final class SecurityContextUserResolver implements UserResolver {

    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();
    private final Clock clock;

    SecurityContextUserResolver(Clock clock) {
        this.clock = clock;
    }

    @Override
    public AuthenticatedUser currentUser(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!signedIn(trust, authentication)) {
            return null;
        }
        String subject = authentication.getName();
        return new AuthenticatedUser(subject, LoginTimes.of(request, subject, clock));
    }

    static boolean signedIn(AuthenticationTrustResolver trust, Authentication authentication) {
        return authentication != null && authentication.isAuthenticated() && !trust.isAnonymous(authentication)
                && authentication.getName() != null && !authentication.getName().isEmpty();
    }
}
