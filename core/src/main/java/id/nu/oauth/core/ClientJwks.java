package id.nu.oauth.core;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import id.nu.oauth.client.Client;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's public keys, for its client assertions ({@code private_key_jwt}) and signed request
 * objects: the JWK set registered inline, or the one published at its {@code jwks_uri}.
 *
 * <p>Fetching a {@code jwks_uri} is a request the server makes on a client's say-so, so it follows
 * server-side-request rules: {@code https} only; no loopback, private, link-local, multicast or
 * unspecified address unless the host allows private networks; no redirects; a connect and a
 * response timeout; at most {@link #MAX_BYTES} read. A fetched set is cached for {@link #TTL} and
 * fetched again, at most once per {@link #MIN_REFETCH}, when a signature names a key it does not
 * have (RFC 7517 §5, key rotation). Only public asymmetric keys are ever used.
 */
final class ClientJwks {

    private static final Logger LOG = LoggerFactory.getLogger(ClientJwks.class);

    static final int MAX_BYTES = 64 * 1024;
    static final Duration TTL = Duration.ofMinutes(5);
    static final Duration MIN_REFETCH = Duration.ofSeconds(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_CACHED = 1024;

    /** Why a client's keys could not be had; never shown to the client beyond a generic message. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** The server's rules for fetching: whether private networks are allowed, and the TLS trust. */
    record FetchPolicy(boolean allowPrivateNetworks, SSLContext sslContext) {
        static final FetchPolicy STRICT = new FetchPolicy(false, null);
    }

    private final FetchPolicy policy;
    private final Clock clock;
    private final Map<String, JWKSet> inline = new ConcurrentHashMap<>();
    private final Map<URI, Fetched> fetched = new ConcurrentHashMap<>();
    private volatile HttpClient http;

    private record Fetched(JWKSet keys, Instant fetchedAt) {
    }

    ClientJwks(FetchPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * The client's public keys that can verify a JWS with this header (by {@code kid}, key type,
     * {@code use} and {@code alg}); fetches the {@code jwks_uri} again once if none matches.
     */
    List<JWK> candidates(Client client, JWSHeader header) throws Unavailable {
        JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
        if (matcher == null) {
            return List.of();
        }
        JWKSelector selector = new JWKSelector(matcher);
        if (client.keys().jwks() != null) {
            return usable(selector.select(inlineSet(client.keys().jwks())));
        }
        URI uri = client.keys().jwksUri();
        if (uri == null) {
            return List.of();
        }
        Instant now = clock.instant();
        Fetched cached = fetched.get(uri);
        if (cached == null || cached.fetchedAt().plus(TTL).isBefore(now)) {
            cached = fetch(uri, cached, now);
        }
        List<JWK> found = usable(selector.select(cached.keys()));
        if (found.isEmpty() && cached.fetchedAt().plus(MIN_REFETCH).isBefore(now)) {
            found = usable(selector.select(fetch(uri, cached, now).keys()));
        }
        return found;
    }

    /**
     * Whether one of the client's public keys passes {@code test} (for mutual TLS with a self-signed
     * certificate, RFC 8705 §2.2.2); fetches the {@code jwks_uri} again once if none does, as for an
     * unknown {@code kid}, so a client can rotate its certificate by publishing the new one.
     */
    boolean anyKey(Client client, java.util.function.Predicate<JWK> test) throws Unavailable {
        if (client.keys().jwks() != null) {
            return usable(inlineSet(client.keys().jwks()).getKeys()).stream().anyMatch(test);
        }
        URI uri = client.keys().jwksUri();
        if (uri == null) {
            return false;
        }
        Instant now = clock.instant();
        Fetched cached = fetched.get(uri);
        if (cached == null || cached.fetchedAt().plus(TTL).isBefore(now)) {
            cached = fetch(uri, cached, now);
        }
        if (usable(cached.keys().getKeys()).stream().anyMatch(test)) {
            return true;
        }
        return cached.fetchedAt().plus(MIN_REFETCH).isBefore(now)
                && usable(fetch(uri, cached, now).keys().getKeys()).stream().anyMatch(test);
    }

    /** Parses a JWK set a client registers inline: public asymmetric keys only. */
    static JWKSet parsePublic(String json) throws Unavailable {
        JWKSet set;
        try {
            set = JWKSet.parse(json);
        } catch (java.text.ParseException | RuntimeException e) {
            throw new Unavailable("not a JWK set");
        }
        for (JWK key : set.getKeys()) {
            if (key.isPrivate() || key.getKeyType() == com.nimbusds.jose.jwk.KeyType.OCT) {
                throw new Unavailable("a client's JWK set holds public asymmetric keys only");
            }
        }
        return set;
    }

    private JWKSet inlineSet(String json) throws Unavailable {
        JWKSet set = inline.get(json);
        if (set == null) {
            set = parsePublic(json);
            if (inline.size() >= MAX_CACHED) {
                inline.clear();
            }
            inline.put(json, set);
        }
        return set;
    }

    private static List<JWK> usable(List<JWK> keys) {
        return keys.stream().filter(k -> !k.isPrivate() && k.getKeyType() != com.nimbusds.jose.jwk.KeyType.OCT).toList();
    }

    private Fetched fetch(URI uri, Fetched previous, Instant now) throws Unavailable {
        try {
            Fetched fresh = new Fetched(parsePublic(download(uri)), now);
            if (fetched.size() >= MAX_CACHED) {
                fetched.clear();
            }
            fetched.put(uri, fresh);
            return fresh;
        } catch (Unavailable failed) {
            LOG.info("nuid-oauth: could not use the jwks_uri {}: {}", uri, failed.getMessage());
            if (previous != null) {
                // keep the last good keys; try again no sooner than MIN_REFETCH
                Fetched kept = new Fetched(previous.keys(), now);
                fetched.put(uri, kept);
                return kept;
            }
            throw failed;
        }
    }

    private String download(URI uri) throws Unavailable {
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new Unavailable("jwks_uri is not an https URL");
        }
        checkAddresses(uri.getHost());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT)
                .header("Accept", "application/jwk-set+json, application/json").GET().build();
        try {
            HttpResponse<InputStream> response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new Unavailable("jwks_uri answered HTTP " + response.statusCode());
                }
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new Unavailable("jwks_uri document is larger than " + MAX_BYTES + " bytes");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new Unavailable("jwks_uri could not be fetched: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while fetching jwks_uri");
        }
    }

    /** Refuses a host that resolves to an address a server-side request must not reach. */
    private void checkAddresses(String host) throws Unavailable {
        if (policy.allowPrivateNetworks()) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new Unavailable("jwks_uri host does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw new Unavailable("jwks_uri resolves to a non-public address");
            }
        }
    }

    /** Whether an address is on the public internet (not loopback, private, link-local, CGNAT, ULA, ...). */
    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 // "this network"
                    && !(first == 100 && second >= 64 && second <= 127) // CGNAT, RFC 6598
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking
                    && first < 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7
            }
            boolean mapped = true; // ::ffff:a.b.c.d carries an IPv4 address
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException impossible) {
                    return false;
                }
            }
        }
        return true;
    }

    private HttpClient client() {
        HttpClient c = http;
        if (c == null) {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER);
            if (policy.sslContext() != null) {
                builder.sslContext(policy.sslContext());
            }
            c = builder.build();
            http = c;
        }
        return c;
    }

    /** Lets go of the HTTP client (its selector thread ends once it is unreachable); a later fetch makes a new one. */
    void close() {
        http = null;
    }
}
