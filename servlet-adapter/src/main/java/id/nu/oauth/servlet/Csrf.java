package id.nu.oauth.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The consent form's CSRF token: one random value per HTTP session, kept in the session and
 * compared in constant time with the one the form sends back.
 */
final class Csrf {

    static final String SESSION_ATTRIBUTE = "id.nu.oauth.servlet.csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {
    }

    /** The session's token, created (with the session, if needed) on first use. */
    static String token(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        synchronized (Csrf.class) {
            Object existing = session.getAttribute(SESSION_ATTRIBUTE);
            if (existing instanceof String token) {
                return token;
            }
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            session.setAttribute(SESSION_ATTRIBUTE, token);
            return token;
        }
    }

    /** Whether exactly one token was submitted and it equals the session's token. */
    static boolean matches(HttpServletRequest request, List<String> submitted) {
        if (submitted == null || submitted.size() != 1) {
            return false;
        }
        HttpSession session = request.getSession(false);
        if (session == null) {
            return false;
        }
        Object expected = session.getAttribute(SESSION_ATTRIBUTE);
        if (!(expected instanceof String token)) {
            return false;
        }
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                submitted.get(0).getBytes(StandardCharsets.UTF_8));
    }
}
