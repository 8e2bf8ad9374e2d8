package id.nu.oauth.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OpenID Connect {@code prompt} and {@code max_age} parameters of an authorization request
 * (OpenID Connect Core 1.0 §3.1.2.1), read once, and the one place that decides what they ask for.
 * They are honoured on every authorization request, OpenID Connect or not: they only ever ask for
 * more user interaction, or (with {@code none}) for an error instead of it.
 *
 * @param none {@code prompt=none}: no login or consent page; an error instead (§3.1.2.6)
 * @param login {@code prompt=login} or {@code select_account}: authenticate again
 * @param consent {@code prompt=consent}: ask for consent even if remembered or first party
 * @param maxAge {@code max_age} in seconds, or {@code null}
 */
record AuthenticationPrompt(boolean none, boolean login, boolean consent, Long maxAge) {

    /** The longest max_age accepted: about 31 years, far beyond any session. */
    private static final int MAX_AGE_DIGITS = 10;

    /** The parsed parameters, or an {@code invalid_request} error. */
    static Checked<AuthenticationPrompt> parse(Params params) {
        Set<String> values = new LinkedHashSet<>();
        String prompt = params.get("prompt");
        if (prompt != null) {
            for (String value : prompt.split(" ")) {
                if (!value.isEmpty()) {
                    values.add(value); // unknown values are ignored, as unknown parameters are
                }
            }
        }
        boolean none = values.contains("none");
        if (none && values.size() > 1) {
            return Checked.failed(OAuthError.invalidRequest("prompt=none cannot be combined with other prompt values"));
        }
        Long maxAge = null;
        String age = params.get("max_age");
        if (age != null) {
            if (age.isEmpty() || age.length() > MAX_AGE_DIGITS || !age.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Checked.failed(OAuthError.invalidRequest("max_age is not a number of seconds"));
            }
            maxAge = Long.parseLong(age);
        }
        return Checked.ok(new AuthenticationPrompt(none, values.contains("login") || values.contains("select_account"),
                values.contains("consent"), maxAge));
    }

    /** Whether a user who authenticated at {@code authTime} is too old a login for {@code max_age}. */
    boolean tooOld(Instant authTime, Instant now) {
        return maxAge != null && authTime.plusSeconds(maxAge).isBefore(now);
    }

    /**
     * The parameters to come back with after a login: without the {@code login} and
     * {@code select_account} prompt values and without {@code max_age}, which a fresh login
     * satisfies; so a host that sends the user back after logging in cannot loop.
     */
    static Map<String, List<String>> afterLogin(Map<String, List<String>> parameters) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        parameters.forEach((name, values) -> {
            if (name.equals("max_age")) {
                return;
            }
            if (name.equals("prompt")) {
                List<String> kept = new ArrayList<>();
                for (String value : values) {
                    List<String> rest = new ArrayList<>();
                    for (String v : value.split(" ")) {
                        if (!v.isEmpty() && !v.equals("login") && !v.equals("select_account")) {
                            rest.add(v);
                        }
                    }
                    if (!rest.isEmpty()) {
                        kept.add(String.join(" ", rest));
                    }
                }
                if (!kept.isEmpty()) {
                    result.put(name, kept);
                }
                return;
            }
            result.put(name, values);
        });
        return result;
    }
}
