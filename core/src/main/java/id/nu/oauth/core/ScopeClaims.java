package id.nu.oauth.core;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which user claims each scope releases (OpenID Connect Core 1.0 §5.4), plus any the host adds for
 * its own scopes. Claims no granted scope names are never released; {@code sub} always is.
 */
final class ScopeClaims {

    /** OpenID Connect Core 1.0 §5.4. */
    static final Map<String, Set<String>> STANDARD = Map.of(
            "profile", Set.of("name", "family_name", "given_name", "middle_name", "nickname", "preferred_username",
                    "profile", "picture", "website", "gender", "birthdate", "zoneinfo", "locale", "updated_at"),
            "email", Set.of("email", "email_verified"),
            "address", Set.of("address"),
            "phone", Set.of("phone_number", "phone_number_verified"));

    private final Map<String, Set<String>> byScope;

    ScopeClaims(Map<String, Set<String>> custom) {
        Map<String, Set<String>> all = new LinkedHashMap<>();
        STANDARD.forEach((scope, claims) -> all.put(scope, new LinkedHashSet<>(claims)));
        custom.forEach((scope, claims) -> all.computeIfAbsent(scope, s -> new LinkedHashSet<>()).addAll(claims));
        all.replaceAll((scope, claims) -> Set.copyOf(claims));
        this.byScope = Map.copyOf(all);
    }

    /** The claims of {@code claims} that {@code scopes} release, and {@code sub}. */
    Map<String, Object> release(String sub, Map<String, Object> claims, Set<String> scopes) {
        Set<String> allowed = new LinkedHashSet<>();
        for (String scope : scopes) {
            allowed.addAll(byScope.getOrDefault(scope, Set.of()));
        }
        Map<String, Object> released = new LinkedHashMap<>();
        released.put("sub", sub);
        if (claims != null) {
            claims.forEach((name, value) -> {
                if (value != null && allowed.contains(name) && !name.equals("sub")) {
                    released.put(name, value);
                }
            });
        }
        return released;
    }

    /**
     * The claims of {@code claims} that a {@code claims} request named (OpenID Connect Core 1.0
     * §5.5) and {@code scopes} reach: a claim request never widens what the user consented to.
     * Without {@code sub}, which the caller sets itself.
     */
    Map<String, Object> requested(Map<String, Object> claims, Set<String> scopes, Set<String> names) {
        Map<String, Object> released = release("", claims, scopes);
        released.remove("sub");
        released.keySet().retainAll(names);
        return released;
    }

    /** The scopes that release claims. */
    Set<String> scopes() {
        return byScope.keySet();
    }

    /** Every claim some scope can release, sorted. */
    List<String> claimNames() {
        return byScope.values().stream().flatMap(Set::stream).distinct().sorted().toList();
    }
}
