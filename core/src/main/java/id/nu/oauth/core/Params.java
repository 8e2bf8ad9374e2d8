package id.nu.oauth.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads request parameters the one way every endpoint does (RFC 6749 §3.1, §3.2): a parameter
 * sent twice is an error, an empty value counts as absent, and sizes are capped.
 */
final class Params {

    /** More parameters (counting every value) than this and the request is refused outright. */
    static final int MAX_PARAMETERS = 64;

    private final Map<String, List<String>> values;
    private final int maxLength;

    Params(Map<String, List<String>> values, int maxLength) {
        this.values = values;
        this.maxLength = maxLength;
    }

    static Map<String, List<String>> copyOf(Map<String, List<String>> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        parameters.forEach((name, list) -> copy.put(Objects.requireNonNull(name, "parameter name"),
                List.copyOf(Objects.requireNonNull(list, "parameter values"))));
        return java.util.Collections.unmodifiableMap(copy);
    }

    static Map<String, List<String>> singleValued(Map<String, String> parameters) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        parameters.forEach((name, value) -> multi.put(name, List.of(value)));
        return multi;
    }

    /** The parameters as they were given (every value of each). */
    Map<String, List<String>> asMap() {
        return values;
    }

    /**
     * A problem with the request as a whole (too many parameters), or {@code null}. Every value
     * counts, so one name repeated many times is refused as early as many names.
     */
    String structuralProblem() {
        int count = 0;
        for (List<String> list : values.values()) {
            count += Math.max(1, list.size());
            if (count > MAX_PARAMETERS) {
                return "too many parameters";
            }
        }
        return null;
    }

    /**
     * Whether the parameter was sent more than once (RFC 6749 §3.1), whatever its values: even
     * {@code state=&state=x} is refused, so no two readers of the request can disagree about it.
     */
    boolean duplicated(String name) {
        List<String> list = values.get(name);
        return list != null && list.size() > 1;
    }

    /**
     * The parameters that may be sent more than once: {@code resource} (RFC 8707 §2: "may be used
     * multiple times").
     */
    static final java.util.Set<String> REPEATABLE = java.util.Set.of("resource");

    /** The name of some parameter (other than a {@linkplain #REPEATABLE repeatable} one) sent more than once, or {@code null}. */
    String anyDuplicated() {
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (e.getValue().size() > 1 && !REPEATABLE.contains(e.getKey())) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Whether the parameter's value exceeds the size cap. */
    boolean oversized(String name) {
        String value = raw(name);
        return value != null && value.length() > maxLength;
    }

    /** The name of some parameter whose value exceeds the cap, or {@code null}. */
    String anyOversized() {
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (e.getKey().length() > maxLength) {
                return "parameter name";
            }
            for (String v : e.getValue()) {
                if (v != null && v.length() > maxLength) {
                    return e.getKey();
                }
            }
        }
        return null;
    }

    /** The single value, or {@code null} when absent or empty (RFC 6749 §3.1: empty means omitted). */
    String get(String name) {
        String value = raw(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** Every value of a repeatable parameter, in order, empty ones included; empty when absent. */
    List<String> all(String name) {
        List<String> list = values.get(name);
        return list == null ? List.of() : list;
    }

    boolean has(String name) {
        return get(name) != null;
    }

    private String raw(String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    /** Characters allowed in a URI reference, loosely: no controls, no spaces (RFC 3986). */
    static boolean isUriCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }
}
