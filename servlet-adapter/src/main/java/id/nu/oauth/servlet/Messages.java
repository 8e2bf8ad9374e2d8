package id.nu.oauth.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.Optional;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The texts of the built-in pages, from resource bundles: the host's bundles first (a host adds a
 * language or rewords a text), then the adapter's own ({@code id/nu/oauth/servlet/messages*.properties}:
 * the root bundle is Bahasa Indonesia, plus English and Arabic). Bundles are {@code .properties}
 * files read as UTF-8. Lookups never fall back to the JVM's default locale: a language is
 * supported when some bundle exists for it.
 *
 * <p>The files are found as {@code ResourceBundle.getBundle} would find them without falling back to
 * the default locale, but read here: {@code getBundle} with a {@code ResourceBundle.Control} is refused
 * in a named module (the adapter is {@code id.nu.oauth.servlet} on the module path). The built-in
 * files are read from this module; a host's with its class loader (on the module path, from a
 * package the host's module opens).
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

    /** A bundle family: the built-in one ({@code loader} null, read from this module) or a host's. */
    private record Source(String baseName, ClassLoader loader) {

        InputStream open(String resource) {
            return loader == null ? Messages.class.getResourceAsStream("/" + resource) : loader.getResourceAsStream(resource);
        }
    }

    /** The files found for one locale, most specific first, and the most specific one's locale. */
    private record Bundle(Locale locale, List<ResourceBundle> files) {
    }

    private final List<Source> sources;
    private final Map<Locale, Optional<Locale>> supported = new ConcurrentHashMap<>();

    /** The bundle files read so far (present or not), by source and resource name; bounded like {@link #supported}. */
    private final Map<String, Optional<ResourceBundle>> files = new ConcurrentHashMap<>();

    /**
     * @param hostBundles the host's bundle base names, most important first, each with the class
     *     loader to find it with
     */
    Messages(List<Map.Entry<String, ClassLoader>> hostBundles) {
        List<Source> all = new ArrayList<>();
        hostBundles.forEach(b -> all.add(new Source(b.getKey(), b.getValue())));
        all.add(new Source(BUILT_IN, null));
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
            Bundle bundle = bundle(source, wish);
            if (bundle != null && !bundle.locale().getLanguage().isEmpty()
                    && (best == null || bundle.locale().toLanguageTag().length() > best.toLanguageTag().length())) {
                best = bundle.locale();
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
            Bundle bundle = bundle(source, locale);
            if (bundle != null) {
                for (ResourceBundle file : bundle.files()) {
                    if (file.containsKey(key)) {
                        return fill(file.getString(key), arguments);
                    }
                }
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

    /**
     * The files of {@code source} for {@code locale} (its candidates down to the root, as
     * {@code ResourceBundle} looks for them, no default-locale fallback), or {@code null} when none exists.
     */
    private Bundle bundle(Source source, Locale locale) {
        Locale found = null;
        List<ResourceBundle> chain = new ArrayList<>();
        for (Locale candidate : NO_FALLBACK.getCandidateLocales(source.baseName(), locale)) {
            String resource = NO_FALLBACK.toResourceName(NO_FALLBACK.toBundleName(source.baseName(), candidate), "properties");
            Optional<ResourceBundle> file = file(source, resource);
            if (file.isPresent()) {
                found = found == null ? candidate : found;
                chain.add(file.get());
            }
        }
        return found == null ? null : new Bundle(found, List.copyOf(chain));
    }

    private Optional<ResourceBundle> file(Source source, String resource) {
        String key = sources.indexOf(source) + ":" + resource;
        Optional<ResourceBundle> file = files.get(key);
        if (file == null) {
            file = read(source, resource);
            if (files.size() < MAX_CACHED * 4) { // the locales come from requests: the cache must not grow without end
                files.putIfAbsent(key, file);
            }
        }
        return file;
    }

    /** A {@code .properties} file as {@code ResourceBundle} reads one: UTF-8, or ISO-8859-1 if it is not UTF-8. */
    private static Optional<ResourceBundle> read(Source source, String resource) {
        try (InputStream in = source.open(resource)) {
            return in == null ? Optional.empty() : Optional.of(new PropertyResourceBundle(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
