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

    static String format(Set<String> scopes) {
        return String.join(" ", new java.util.TreeSet<>(scopes));
    }
}
