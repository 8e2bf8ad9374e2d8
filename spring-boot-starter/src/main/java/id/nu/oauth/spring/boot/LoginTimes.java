package id.nu.oauth.spring.boot;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.springframework.context.ApplicationListener;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * When the signed-in user logged in, kept in the session: the engine needs it for {@code auth_time},
 * {@code max_age} and {@code prompt=login} (OpenID Connect Core 1.0 §3.1.2.1). Recorded at login by
 * {@link Listener}; a login the listener did not see (another filter, a session restored by
 * remember-me) counts from the first time the resolver sees it.
 */
final class LoginTimes {

    /** The session attribute. */
    static final String ATTRIBUTE = LoginTimes.class.getName() + ".LOGIN";

    private LoginTimes() {
    }

    /** Who logged in when; serializable, so sessions that are persisted or replicated keep it. */
    record Login(String subject, Instant at) implements Serializable {
        private static final long serialVersionUID = 1L;

        Login {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(at, "at");
        }
    }

    /** The login time of {@code subject} in this request's session, recording {@code now} if there is none. */
    static Instant of(HttpServletRequest request, String subject, Clock clock) {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(ATTRIBUTE) instanceof Login login && login.subject().equals(subject)) {
            return login.at();
        }
        Instant now = clock.instant();
        request.getSession(true).setAttribute(ATTRIBUTE, new Login(subject, now));
        return now;
    }

    /** Records the login time in the session of the request in which the authentication succeeded. */
    static final class Listener implements ApplicationListener<AuthenticationSuccessEvent> {

        private final Clock clock;

        Listener(Clock clock) {
            this.clock = clock;
        }

        @Override
        public void onApplicationEvent(AuthenticationSuccessEvent event) {
            RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
            if (attributes instanceof ServletRequestAttributes servlet && event.getAuthentication().getName() != null) {
                servlet.getRequest().getSession(true).setAttribute(ATTRIBUTE,
                        new Login(event.getAuthentication().getName(), clock.instant()));
            }
        }
    }
}
