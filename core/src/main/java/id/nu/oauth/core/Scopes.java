package id.nu.oauth.core;

import id.nu.oauth.client.Syntax;
import java.util.LinkedHashSet;
import java.util.Set;

/** The {@code scope} parameter (RFC 6749 §3.3): space-delimited scope tokens. */
final class Scopes {

    private Scopes() {
    }

    /** The scope tokens, or {@code null} when the value is malformed. */
    static Set<String> parse(String value) {
        Set<String> scopes = new LinkedHashSet<>();
        for (String token : value.split(" ", -1)) {
            if (!Syntax.isScopeToken(token)) {
                return null;
            }
            scopes.add(token);
        }
        return scopes;
    }

    /** The scope tokens space-delimited in their natural order (a token response's, an introspection's {@code scope}). */
    static String format(Set<String> scopes) {
        if (scopes.size() == 1) {
            return scopes.iterator().next(); // most tokens: no sorting, no copy
        }
        String[] sorted = scopes.toArray(new String[0]);
        java.util.Arrays.sort(sorted);
        return String.join(" ", sorted);
    }
}
