package id.nu.oauth.examples;

import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientAuthMethod;
import id.nu.oauth.client.ClientKeys;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.RefreshPolicy;
import id.nu.oauth.client.SecretHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import net.minidev.json.JSONValue;
import net.minidev.json.parser.JSONParser;
import net.minidev.json.parser.ParseException;
import net.minidev.json.writer.JsonReader;
import net.minidev.json.writer.JsonReaderI;

/**
 * The demo portal's users and clients, from a JSON file ({@code --config demo-config.json}) or the
 * built-in defaults. Passwords and client secrets are hashed as the file is read; only the demo
 * client keeps the clear secret of a confidential client it drives itself. The built-in
 * confidential client's secret is made afresh each time ({@link SecretHash#generateSecret()}), so
 * it is known to this process alone. The format is described
 * in {@code examples/README.md}; {@code examples/demo-config.json} is a complete sample.
 *
 * <pre>{@code
 * DemoConfig config = DemoConfig.load(Path.of("examples/demo-config.json"));
 * DemoConfig defaults = DemoConfig.builtIn();
 * }</pre>
 *
 * @param users the users who can log in (at least one)
 * @param clients the registered clients (at least one)
 * @param source where the configuration came from, for messages
 */
record DemoConfig(List<DemoUser> users, List<ConfiguredClient> clients, String source) {

    /** The resource holding the built-in configuration, used when no file is given. */
    static final String BUILT_IN = "default-config.json";
    /** Where the built-in configuration has a secret made for each {@link #builtIn()}. */
    static final String GENERATED_SECRET = "<generated at start>";

    private static final Set<String> TOP_KEYS = Set.of("users", "clients");
    private static final Set<String> USER_KEYS = Set.of("username", "password", "passwordHash", "displayName",
            "subject", "claims");
    private static final Set<String> CLIENT_KEYS = Set.of("clientId", "name", "type", "secret", "redirectUris",
            "scopes", "defaultScopes", "grantTypes", "refreshPolicy", "firstParty", "accessTokenFormat",
            "resourceServer", "jwks", "resources");
    /** The claims a user's {@code claims} object may hold: strings (OpenID Connect Core 1.0 §5.1) ... */
    private static final Set<String> STRING_CLAIMS = Set.of("name", "given_name", "family_name", "middle_name",
            "nickname", "preferred_username", "picture", "website", "gender", "birthdate", "zoneinfo", "locale",
            "email", "phone_number");
    /** ... true/false ... */
    private static final Set<String> BOOLEAN_CLAIMS = Set.of("email_verified", "phone_number_verified");
    /** ... and the address, an object of strings (§5.1.1). */
    private static final Set<String> ADDRESS_KEYS = Set.of("formatted", "street_address", "locality", "region",
            "postal_code", "country");
    private static final int MIN_PASSWORD_LENGTH = 8;

    DemoConfig {
        users = List.copyOf(users);
        clients = List.copyOf(clients);
        Objects.requireNonNull(source, "source");
    }

    /**
     * A registered client and, for a confidential one, its clear secret (which only the demo client
     * uses, to act as that client).
     */
    record ConfiguredClient(Client client, String secret) {
        ConfiguredClient {
            Objects.requireNonNull(client, "client");
        }

        /** Never shows the secret. */
        @Override
        public String toString() {
            return client.toString();
        }
    }

    /** A configuration file that cannot be used; the message says where and why. */
    static final class ConfigException extends Exception {
        private static final long serialVersionUID = 1L;

        ConfigException(String message) {
            super(message);
        }
    }

    /** Reads a configuration file. */
    static DemoConfig load(Path file) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        return parse(utf8(bytes, file.toString()), file.toString());
    }

    /**
     * The built-in configuration: the demo user and the demo client's three registrations, the
     * confidential one with a new random secret (256 bits) each time.
     */
    static DemoConfig builtIn() {
        try (InputStream in = DemoConfig.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException(BUILT_IN + " is missing from the classpath");
            }
            String text = utf8(in.readAllBytes(), BUILT_IN).replace(GENERATED_SECRET, SecretHash.generateSecret());
            return parse(text, "built-in configuration");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalStateException("the built-in configuration is broken: " + e.getMessage(), e);
        }
    }

    /** Parses configuration text; {@code source} names it in error messages. */
    static DemoConfig parse(String text, String source) throws ConfigException {
        Map<String, Object> root = readJson(text, source);
        Reader top = new Reader(source, "", root, TOP_KEYS);
        List<PendingUser> users = new ArrayList<>();
        Set<String> usernames = new HashSet<>();
        Set<String> subjects = new HashSet<>();
        List<Map<String, Object>> userObjects = top.objects("users");
        if (userObjects.isEmpty()) {
            throw top.error("\"users\" lists nobody: add at least one user who can log in");
        }
        for (int i = 0; i < userObjects.size(); i++) {
            PendingUser user = user(new Reader(source, "users[" + i + "]", userObjects.get(i), USER_KEYS));
            if (!usernames.add(user.username())) {
                throw new ConfigException(source + ": users[" + i + "]: the username \"" + user.username()
                        + "\" is used twice");
            }
            if (!subjects.add(user.subject())) {
                throw new ConfigException(source + ": users[" + i + "]: the subject \"" + user.subject()
                        + "\" is used twice");
            }
            users.add(user);
        }
        List<ConfiguredClient> clients = new ArrayList<>();
        Set<String> clientIds = new HashSet<>();
        List<Map<String, Object>> clientObjects = top.objects("clients");
        if (clientObjects.isEmpty()) {
            throw top.error("\"clients\" lists nothing: add at least one client");
        }
        for (int i = 0; i < clientObjects.size(); i++) {
            ConfiguredClient client = client(new Reader(source, "clients[" + i + "]", clientObjects.get(i),
                    CLIENT_KEYS));
            if (!clientIds.add(client.client().clientId())) {
                throw new ConfigException(source + ": clients[" + i + "]: the clientId \""
                        + client.client().clientId() + "\" is used twice");
            }
            clients.add(client);
        }
        // hashing is slow on purpose, so it comes last, once the whole file is known to be good
        List<DemoUser> hashed = new ArrayList<>();
        for (PendingUser user : users) {
            hashed.add(new DemoUser(user.username(), user.subject(), user.displayName(),
                    user.passwordHash() != null ? user.passwordHash() : PasswordHash.of(user.password().toCharArray()),
                    user.claims()));
        }
        return new DemoConfig(hashed, clients, source);
    }

    /** A user read from the file: a clear password not hashed yet, or a ready hash. */
    private record PendingUser(String username, String subject, String displayName, String password,
            PasswordHash passwordHash, Map<String, Object> claims) {
    }

    private static PendingUser user(Reader r) throws ConfigException {
        String username = r.requiredString("username");
        if (username.length() > 64 || !username.matches("[A-Za-z0-9._@+-]+")) {
            throw r.error("\"username\" must be 1 to 64 letters, digits or . _ @ + -");
        }
        String password = r.optionalString("password", null);
        String encodedHash = r.optionalString("passwordHash", null);
        PasswordHash passwordHash = null;
        if ((password == null) == (encodedHash == null)) {
            throw r.error("give the user \"" + username + "\" either \"password\" or \"passwordHash\"");
        }
        if (password != null && password.length() < MIN_PASSWORD_LENGTH) {
            throw r.error("the password of \"" + username + "\" is shorter than " + MIN_PASSWORD_LENGTH
                    + " characters");
        }
        if (encodedHash != null) {
            try {
                passwordHash = PasswordHash.parse(encodedHash);
            } catch (IllegalArgumentException e) {
                throw r.error("\"passwordHash\" of \"" + username + "\": " + e.getMessage());
            }
        }
        String subject = r.optionalString("subject", username);
        if (subject.isEmpty() || subject.length() > 255) {
            throw r.error("\"subject\" must be 1 to 255 characters");
        }
        try {
            new AuthenticatedUser(subject, Instant.EPOCH); // the engine's rules for a user's subject
        } catch (IllegalArgumentException e) {
            throw r.error("\"subject\": " + e.getMessage());
        }
        Map<String, Object> claims = claims(r);
        String displayName = r.optionalString("displayName",
                claims.get("name") instanceof String name ? name : username);
        return new PendingUser(username, subject, displayName, password, passwordHash, claims);
    }

    /**
     * The optional {@code claims} object of a user: standard claim names only (OpenID Connect Core
     * 1.0 §5.1), each of its kind, in the file's order.
     */
    private static Map<String, Object> claims(Reader r) throws ConfigException {
        Map<String, Object> given = r.optionalObject("claims");
        Map<String, Object> claims = new LinkedHashMap<>();
        if (given == null) {
            return claims;
        }
        Set<String> known = new TreeSet<>(STRING_CLAIMS);
        known.addAll(BOOLEAN_CLAIMS);
        known.add("address");
        for (Map.Entry<String, Object> e : given.entrySet()) {
            String name = e.getKey();
            Object value = e.getValue();
            String place = "\"claims\": \"" + name + "\"";
            if (value == null) {
                continue; // a null claim is the same as none
            }
            if (STRING_CLAIMS.contains(name)) {
                if (!(value instanceof String s) || s.isBlank()) {
                    throw r.error(place + " must be a non-empty string, not " + describeText(value));
                }
                claims.put(name, s);
            } else if (BOOLEAN_CLAIMS.contains(name)) {
                if (!(value instanceof Boolean b)) {
                    throw r.error(place + " must be true or false, not " + Reader.describe(value));
                }
                claims.put(name, b);
            } else if (name.equals("address")) {
                claims.put(name, address(r, value));
            } else {
                throw r.error("unknown claim \"" + name + "\" in \"claims\"" + (name.equals("sub")
                        ? " (the subject is the user's \"subject\", not a claim)" : "")
                        + "; the claims are " + String.join(", ", known));
            }
        }
        if (claims.get("email") instanceof String email && !email.matches("[^@\\s]+@[^@\\s]+")) {
            throw r.error("\"claims\": \"email\" is not an e-mail address: " + email);
        }
        for (String url : List.of("picture", "website")) {
            if (claims.get(url) instanceof String value && !isWebUrl(value)) {
                throw r.error("\"claims\": \"" + url + "\" must be an http or https URL, not " + value);
            }
        }
        if (claims.containsKey("email_verified") && !claims.containsKey("email")) {
            throw r.error("\"claims\": \"email_verified\" without an \"email\"");
        }
        if (claims.containsKey("phone_number_verified") && !claims.containsKey("phone_number")) {
            throw r.error("\"claims\": \"phone_number_verified\" without a \"phone_number\"");
        }
        return claims;
    }

    private static Map<String, Object> address(Reader r, Object value) throws ConfigException {
        if (!(value instanceof Map<?, ?> given)) {
            throw r.error("\"claims\": \"address\" must be an object {...}, not " + Reader.describe(value));
        }
        Map<String, Object> address = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : given.entrySet()) {
            String key = (String) e.getKey();
            if (!ADDRESS_KEYS.contains(key)) {
                throw r.error("unknown key \"" + key + "\" in \"claims\": \"address\"; the keys are "
                        + String.join(", ", new TreeSet<>(ADDRESS_KEYS)));
            }
            if (!(e.getValue() instanceof String s) || s.isBlank()) {
                throw r.error("\"claims\": \"address\": \"" + key + "\" must be a non-empty string, not "
                        + describeText(e.getValue()));
            }
            address.put(key, s);
        }
        if (address.isEmpty()) {
            throw r.error("\"claims\": \"address\" is empty");
        }
        return Collections.unmodifiableMap(address);
    }

    private static String describeText(Object value) {
        return value instanceof String ? "an empty string" : Reader.describe(value);
    }

    private static boolean isWebUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static ConfiguredClient client(Reader r) throws ConfigException {
        String clientId = r.requiredString("clientId");
        String type = r.requiredString("type");
        String secret = r.optionalString("secret", null);
        Map<String, Object> jwksObject = r.optionalObject("jwks");
        String jwks = jwksObject == null ? null : JSONValue.toJSONString(jwksObject);
        Client.Builder builder;
        switch (type) {
            case "confidential" -> {
                if (secret == null && jwks == null) {
                    throw r.error("a confidential client needs a \"secret\" (or \"jwks\"); a random one: "
                            + SecretHash.generateSecret());
                }
                if (secret == null) {
                    // private_key_jwt only (RFC 7523 §2.2): the client proves itself with its key
                    builder = Client.confidentialWithKeys(clientId, ClientKeys.inline(jwks));
                } else {
                    SecretHash hash;
                    try {
                        hash = SecretHash.of(secret); // the storage SPI's rules: length and entropy
                    } catch (IllegalArgumentException weak) {
                        throw r.error("\"secret\": " + weak.getMessage() + "; a random one: "
                                + SecretHash.generateSecret());
                    }
                    builder = Client.confidential(clientId, hash);
                }
            }
            case "public", "legacy" -> {
                if (secret != null) {
                    throw r.error("a " + type + " client has no \"secret\" (it cannot keep one); "
                            + "use \"type\": \"confidential\" for a client that authenticates");
                }
                builder = "public".equals(type) ? Client.publicClient(clientId) : Client.legacyPublicClient(clientId);
            }
            default -> throw r.error("\"type\" must be \"public\", \"legacy\" or \"confidential\", not \""
                    + type + "\"");
        }
        if (jwks != null) {
            // the client's public keys: its signed request objects (RFC 9101), and for a confidential
            // client private_key_jwt (RFC 7523 §2.2), beside its secret if it has one
            builder.keys(ClientKeys.inline(jwks));
            if (secret != null) {
                builder.authMethods(ClientAuthMethod.CLIENT_SECRET_BASIC, ClientAuthMethod.CLIENT_SECRET_POST,
                        ClientAuthMethod.PRIVATE_KEY_JWT);
            }
        }
        builder.resources(r.strings("resources", false).toArray(String[]::new));
        builder.name(r.optionalString("name", null));
        boolean codeFlow = true;
        if (r.has("grantTypes")) {
            Set<GrantType> grants = new LinkedHashSet<>();
            for (String name : r.strings("grantTypes", true)) {
                grants.add(GrantType.fromParameter(name).orElseThrow(() -> r.error("unknown grant type \"" + name
                        + "\"; use authorization_code, refresh_token or client_credentials")));
            }
            builder.grantTypes(grants.toArray(GrantType[]::new));
            codeFlow = grants.contains(GrantType.AUTHORIZATION_CODE);
        }
        // only the code flow redirects: a client_credentials client or a resource server needs no URI
        for (String uri : r.strings("redirectUris", codeFlow)) {
            builder.redirectUri(uri);
        }
        List<String> scopes = r.strings("scopes", false);
        builder.scopes(scopes.toArray(String[]::new));
        if (r.has("defaultScopes")) {
            builder.defaultScopes(r.strings("defaultScopes", false).toArray(String[]::new));
        }
        String policy = r.optionalString("refreshPolicy", null);
        if (policy != null) {
            switch (policy) {
                case "rotate" -> builder.refreshPolicy(RefreshPolicy.ROTATE);
                case "keep" -> builder.refreshPolicy(RefreshPolicy.KEEP);
                default -> throw r.error("\"refreshPolicy\" must be \"rotate\" or \"keep\", not \"" + policy + "\"");
            }
        }
        builder.firstParty(r.optionalBoolean("firstParty", false));
        builder.resourceServer(r.optionalBoolean("resourceServer", false));
        String format = r.optionalString("accessTokenFormat", null);
        if (format != null) {
            switch (format) {
                case "opaque" -> builder.accessTokenFormat(AccessTokenFormat.OPAQUE);
                case "jwt" -> builder.accessTokenFormat(AccessTokenFormat.JWT);
                default -> throw r.error("\"accessTokenFormat\" must be \"opaque\" or \"jwt\", not \""
                        + format + "\"");
            }
        }
        try {
            return new ConfiguredClient(builder.build(), secret);
        } catch (IllegalArgumentException invalid) {
            // the storage SPI's own validation: redirect URIs, scopes, grant types
            throw r.error(invalid.getMessage());
        }
    }

    /**
     * The file as ordered maps and lists, read by json-smart (the JSON library under Nimbus's OAuth
     * SDK) in its strict RFC mode; a syntax error names its line and column, a key given twice is an
     * error rather than a silent overwrite.
     */
    private static Map<String, Object> readJson(String text, String source) throws ConfigException {
        Object root;
        try {
            root = new JSONParser(JSONParser.MODE_RFC4627).parse(text, new OrderedJson());
        } catch (ParseException e) {
            if (e.getErrorType() == ParseException.ERROR_UNEXPECTED_DUPLICATE_KEY) {
                throw new ConfigException(source + ": not valid JSON: the key \"" + e.getUnexpectedObject()
                        + "\" appears twice in the same object");
            }
            int at = Math.min(Math.max(e.getPosition(), 0), text.length());
            int line = 1 + (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
            int column = at - text.lastIndexOf('\n', at - 1);
            String what = e.getMessage().replaceFirst("\\s*(at )?position \\d+\\.?(: .*)?$", "");
            throw new ConfigException(source + ": not valid JSON at line " + line + ", column " + column + ": " + what);
        }
        if (!(root instanceof Map<?, ?>)) {
            throw new ConfigException(source + ": the file must hold one JSON object, starting with '{'");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) root;
        return object;
    }

    /** json-smart's reader into {@link LinkedHashMap}s (the file's key order) that refuses a key given twice. */
    private static final class OrderedJson extends JsonReaderI<Object> {
        OrderedJson() {
            super(new JsonReader());
        }

        @Override
        public JsonReaderI<?> startObject(String key) {
            return this;
        }

        @Override
        public JsonReaderI<?> startArray(String key) {
            return this;
        }

        @Override
        public Object createObject() {
            return new LinkedHashMap<String, Object>();
        }

        @Override
        public Object createArray() {
            return new ArrayList<Object>();
        }

        @Override
        @SuppressWarnings("unchecked")
        public void setValue(Object current, String key, Object value) throws ParseException {
            Map<String, Object> object = (Map<String, Object>) current;
            if (object.containsKey(key)) {
                throw new ParseException(-1, ParseException.ERROR_UNEXPECTED_DUPLICATE_KEY, key);
            }
            object.put(key, value);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void addValue(Object current, Object value) {
            ((List<Object>) current).add(value);
        }
    }

    private static String utf8(byte[] bytes, String source) throws ConfigException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(source + ": is not UTF-8 text");
        }
    }

    /** Reads one JSON object of the file, naming its place in every error. */
    private static final class Reader {
        private final String source;
        private final String where;
        private final Map<String, Object> object;

        Reader(String source, String where, Map<String, Object> object, Set<String> allowedKeys)
                throws ConfigException {
            this.source = source;
            this.object = object;
            // name the entry in messages by its id, when it has one
            Object id = object.containsKey("clientId") ? object.get("clientId") : object.get("username");
            this.where = id instanceof String name && !name.isEmpty() ? where + " (\"" + name + "\")" : where;
            for (String key : object.keySet()) {
                if (!allowedKeys.contains(key)) {
                    throw error("unknown key \"" + key + "\"; the keys are " + String.join(", ",
                            allowedKeys.stream().sorted().toList()));
                }
            }
        }

        boolean has(String key) {
            return object.containsKey(key);
        }

        String requiredString(String key) throws ConfigException {
            String value = optionalString(key, null);
            if (value == null) {
                throw error("\"" + key + "\" is missing");
            }
            if (value.isEmpty()) {
                throw error("\"" + key + "\" is empty");
            }
            return value;
        }

        String optionalString(String key, String fallback) throws ConfigException {
            Object value = object.get(key);
            if (value == null) {
                return fallback;
            }
            if (!(value instanceof String s)) {
                throw error("\"" + key + "\" must be a string in double quotes, not " + describe(value));
            }
            return s;
        }

        boolean optionalBoolean(String key, boolean fallback) throws ConfigException {
            Object value = object.get(key);
            if (value == null) {
                return fallback;
            }
            if (!(value instanceof Boolean b)) {
                throw error("\"" + key + "\" must be true or false, not " + describe(value));
            }
            return b;
        }

        List<String> strings(String key, boolean required) throws ConfigException {
            Object value = object.get(key);
            if (value == null) {
                if (required) {
                    throw error("\"" + key + "\" is missing (a list of strings, such as [\"...\"])");
                }
                return List.of();
            }
            if (!(value instanceof List<?> list)) {
                throw error("\"" + key + "\" must be a list of strings, such as [\"...\"], not " + describe(value));
            }
            List<String> strings = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw error("\"" + key + "\" must hold only strings, not " + describe(item));
                }
                strings.add(s);
            }
            if (required && strings.isEmpty()) {
                throw error("\"" + key + "\" is empty");
            }
            return strings;
        }

        /** An optional object value, or {@code null}. */
        Map<String, Object> optionalObject(String key) throws ConfigException {
            Object value = object.get(key);
            if (value == null) {
                return null;
            }
            if (!(value instanceof Map<?, ?>)) {
                throw error("\"" + key + "\" must be an object {...}, not " + describe(value));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) value;
            return map;
        }

        List<Map<String, Object>> objects(String key) throws ConfigException {
            Object value = object.get(key);
            if (value == null) {
                throw error("\"" + key + "\" is missing (a list of objects)");
            }
            if (!(value instanceof List<?> list)) {
                throw error("\"" + key + "\" must be a list of objects, [{...}], not " + describe(value));
            }
            List<Map<String, Object>> objects = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?>)) {
                    throw error(key + "[" + i + "] must be an object {...}, not " + describe(list.get(i)));
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> item = (Map<String, Object>) list.get(i);
                objects.add(item);
            }
            return objects;
        }

        ConfigException error(String message) {
            return new ConfigException(source + ": " + (where.isEmpty() ? "" : where + ": ") + message);
        }

        static String describe(Object value) {
            if (value instanceof String) {
                return "a string";
            } else if (value instanceof Number) {
                return "a number";
            } else if (value instanceof Boolean) {
                return "true/false";
            } else if (value instanceof List) {
                return "a list";
            } else if (value instanceof Map) {
                return "an object";
            }
            return "null";
        }
    }
}
