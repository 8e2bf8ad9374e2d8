package id.nu.oauth.servlet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The texts of the built-in pages, from resource bundles: the host's bundles first (a host adds a
 * language or rewords a text), then the adapter's own ({@code id/nu/oauth/servlet/messages*.properties}:
 * the root bundle is Bahasa Indonesia, plus English and Arabic). Bundles are {@code .properties}
 * files read as UTF-8. Lookups never fall back to the JVM's default locale: a language is
 * supported when some bundle exists for it.
 */
final class Messages {

    static final String BUILT_IN = "id.nu.oauth.servlet.messages";

    /** The language of the adapter's root bundle. */
    static final Locale INDONESIAN = Locale.forLanguageTag("id");

    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private static final int MAX_CACHED = 256;

    /** The adapter's own texts only. */
    static final Messages DEFAULT = new Messages(List.of());

    private record Source(String baseName, ClassLoader loader) {
    }

    private final List<Source> sources;
    private final Map<Locale, Optional<Locale>> supported = new ConcurrentHashMap<>();

    /**
     * @param hostBundles the host's bundle base names, most important first, each with the class
     *     loader to find it with
     */
    Messages(List<Map.Entry<String, ClassLoader>> hostBundles) {
        List<Source> all = new ArrayList<>();
        hostBundles.forEach(b -> all.add(new Source(b.getKey(), b.getValue())));
        all.add(new Source(BUILT_IN, Messages.class.getClassLoader()));
        this.sources = List.copyOf(all);
    }

    /**
     * The language the pages can be written in for this wish, the most specific bundle's locale
     * ({@code en} for {@code en-GB} when only English exists), or {@code null} when no bundle
     * speaks the wish's language.
     */
    Locale supported(Locale wish) {
        if (wish == null || wish.getLanguage().isEmpty()) {
            return null;
        }
        Locale plain = new Locale.Builder().setLanguage(wish.getLanguage()).setScript(wish.getScript())
                .setRegion(wish.getCountry()).build();
        Optional<Locale> known = supported.get(plain);
        if (known == null) {
            known = find(plain);
            if (supported.size() < MAX_CACHED) { // the tags come from requests: the cache must not grow without end
                supported.putIfAbsent(plain, known);
            }
        }
        return known.orElse(null);
    }

    private Optional<Locale> find(Locale wish) {
        Locale best = null;
        for (Source source : sources) {
            ResourceBundle bundle = bundle(source, wish);
            if (bundle != null && !bundle.getLocale().getLanguage().isEmpty()
                    && (best == null || bundle.getLocale().toLanguageTag().length() > best.toLanguageTag().length())) {
                best = bundle.getLocale();
            }
        }
        if (best == null && INDONESIAN.getLanguage().equals(wish.getLanguage())) {
            best = INDONESIAN; // the root bundle's language
        }
        return Optional.ofNullable(best);
    }

    /**
     * The text for {@code key} in {@code locale} with {@code {0}}, {@code {1}}, ... replaced by
     * {@code arguments} (as given: the caller escapes), or {@code null} when no bundle has it.
     */
    String text(Locale locale, String key, String... arguments) {
        Objects.requireNonNull(locale, "locale");
        for (Source source : sources) {
            ResourceBundle bundle = bundle(source, locale);
            if (bundle != null && bundle.containsKey(key)) {
                return fill(bundle.getString(key), arguments);
            }
        }
        return null;
    }

    /** {@link #text}, or an error naming the key when no bundle has it (the root bundle has every key). */
    String required(Locale locale, String key, String... arguments) {
        String text = text(locale, key, arguments);
        if (text == null) {
            throw new MissingResourceException("no text for " + key, BUILT_IN, key);
        }
        return text;
    }

    /**
     * {@code template} with each {@code {n}} replaced by {@code arguments[n]} in one pass (an
     * argument that itself contains {@code {1}} stays as it is); other braces stay.
     */
    static String fill(String template, String... arguments) {
        if (arguments.length == 0) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + 64);
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            int close = c == '{' ? template.indexOf('}', i) : -1;
            if (close == i + 2 && Character.isDigit(template.charAt(i + 1))
                    && template.charAt(i + 1) - '0' < arguments.length) {
                out.append(arguments[template.charAt(i + 1) - '0']);
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static ResourceBundle bundle(Source source, Locale locale) {
        try {
            return ResourceBundle.getBundle(source.baseName(), locale, source.loader(), NO_FALLBACK);
        } catch (MissingResourceException none) {
            return null;
        }
    }
}
