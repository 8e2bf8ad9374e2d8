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
 * @param loginAfter the {@value #LOGIN_AFTER} bound (epoch seconds) an earlier
 *     {@link AuthorizeResult.LoginRequired} put into the return parameters, or {@code null}
 */
record AuthenticationPrompt(boolean none, boolean login, boolean consent, Long maxAge, Long loginAfter) {

    /**
     * The return parameter that binds a login hand-off to its time: after a {@code prompt=login} or a
     * {@code max_age}, the user's login must be at or after this instant (epoch seconds), so that
     * opening the return URL with the old session still asks for a login (OpenID Connect Core 1.0
     * §3.1.2.1: the OP MUST re-authenticate). It only ever asks for a newer login: a client or user
     * who changes it gains nothing they could not get by leaving out {@code prompt=login} in the
     * first place, and the id_token's {@code auth_time} tells the client the truth either way.
     */
    static final String LOGIN_AFTER = "nuid_auth_after";

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
        Long loginAfter = null;
        String after = params.get(LOGIN_AFTER);
        if (after != null) {
            if (after.length() > MAX_AGE_DIGITS + 2 || !after.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Checked.failed(OAuthError.invalidRequest(LOGIN_AFTER + " is malformed"));
            }
            loginAfter = Long.parseLong(after);
        }
        return Checked.ok(new AuthenticationPrompt(none, values.contains("login") || values.contains("select_account"),
                values.contains("consent"), maxAge, loginAfter));
    }

    /** Whether a user who authenticated at {@code authTime} is too old a login for {@code max_age}. */
    boolean tooOld(Instant authTime, Instant now) {
        return maxAge != null && authTime.plusSeconds(maxAge).isBefore(now);
    }

    /** Whether a login at {@code authTime} is older than the {@link #LOGIN_AFTER} bound. */
    boolean before(Instant authTime) {
        return loginAfter != null && authTime.getEpochSecond() < loginAfter;
    }

    /**
     * The parameters to come back with after a login: without the {@code login} and
     * {@code select_account} prompt values and without {@code max_age}, which a fresh login
     * satisfies, so a host that sends the user back after logging in cannot loop (not even with
     * {@code max_age=0}); and, when either asked for a new login, with {@link #LOGIN_AFTER} set to
     * now, so the engine itself refuses an older login when the user comes back.
     */
    Map<String, List<String>> afterLogin(Map<String, List<String>> parameters, Instant now) {
        Map<String, List<String>> result = withoutLoginPrompts(parameters);
        if (login || maxAge != null || loginAfter != null) {
            result.put(LOGIN_AFTER, List.of(Long.toString(now.getEpochSecond())));
        }
        return result;
    }

    /**
     * A signed or pushed request (whose {@code prompt} and {@code max_age} cannot be rewritten in
     * the return URL) as it reads after the login {@code loginAfter} stands for: without the
     * {@code login} and {@code select_account} prompt values and {@code max_age}, with
     * {@link #LOGIN_AFTER}. The caller honours it only when it is not older than the request itself.
     */
    static Map<String, List<String>> loggedInAfter(Map<String, List<String>> parameters, String loginAfter) {
        Map<String, List<String>> result = withoutLoginPrompts(parameters);
        result.put(LOGIN_AFTER, List.of(loginAfter));
        return result;
    }

    private static Map<String, List<String>> withoutLoginPrompts(Map<String, List<String>> parameters) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        parameters.forEach((name, values) -> {
            if (name.equals("max_age") || name.equals(LOGIN_AFTER)) {
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
