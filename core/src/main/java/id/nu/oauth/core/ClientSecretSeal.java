package id.nu.oauth.core;

import id.nu.oauth.client.Syntax;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Seals a client secret for {@code client_secret_jwt} client authentication (RFC 7523 §2.2, OpenID
 * Connect Core §9). The server keeps client secrets only as salted hashes, but an HMAC assertion is
 * checked with the secret itself; so a client that opts in to {@code client_secret_jwt} also carries
 * its secret sealed under a 32-byte AES-256 key of the host's
 * ({@link id.nu.oauth.client.Client#sealedSecret()}), which only a server built with the same key
 * ({@link AuthorizationServer.Builder#clientSecretEncryptionKey(byte[])}) can open.
 *
 * <p>The sealed form is a JWE (RFC 7516, {@code dir} + {@code A256GCM}, through Nimbus) whose
 * authenticated header names the client: copied onto another client's row it does not open. The
 * secret must be at least 32 bytes (256 bits, RFC 7518 §3.2, what HS256 needs; HS384 and HS512 need
 * 48 and 64): {@link id.nu.oauth.client.SecretHash#generateSecret()} makes 43. Nothing here logs or
 * shows the secret, and {@link #toString()} shows no key.
 *
 * <pre>{@code
 * byte[] key = Base64.getDecoder().decode(System.getenv("NUID_CLIENT_SECRET_KEY")); // 32 bytes
 * ClientSecretSeal seal = ClientSecretSeal.withKey(key);
 * String secret = SecretHash.generateSecret();                    // hand to the client's operator once
 * Client hmacApp = Client.confidential("hmac-app", SecretHash.of(secret))
 *         .authMethods(ClientAuthMethod.CLIENT_SECRET_JWT)
 *         .sealedSecret(seal.seal("hmac-app", secret))
 *         .grantTypes(GrantType.CLIENT_CREDENTIALS)
 *         .build();
 * AuthorizationServer server = AuthorizationServer.builder()
 *         .issuer(URI.create("https://portal.example.or.id/api"))
 *         .clientSecretEncryptionKey(key)
 *         .client(hmacApp)
 *         .build();
 * }</pre>
 *
 * @see id.nu.oauth.client.ClientAuthMethod#CLIENT_SECRET_JWT
 */
public final class ClientSecretSeal {

    /** The key size: AES-256, as for {@code StoredSigningKeys.Builder.encryptionKey}. */
    public static final int KEY_BYTES = KeyEncryption.KEY_BYTES;

    /** The shortest secret that can be sealed: 32 bytes in UTF-8, the 256 bits HS256 needs (RFC 7518 §3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    /** The JWE {@code typ} of a sealed secret, so that no other value sealed under the key passes for one. */
    static final String TYPE = "nuid-client-secret";

    /** The protected header parameter that binds a sealed secret to its client. */
    static final String CLIENT_ID = "nuid_client_id";

    private final KeyEncryption encryption;

    private ClientSecretSeal(byte[] key) {
        this.encryption = new KeyEncryption(key);
    }

    /**
     * A seal with this key.
     *
     * @throws IllegalArgumentException unless the key is {@value #KEY_BYTES} bytes
     */
    public static ClientSecretSeal withKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the client secret encryption key is " + KEY_BYTES
                    + " bytes (AES-256), e.g. 32 random bytes from the host's secret store");
        }
        return new ClientSecretSeal(key);
    }

    /**
     * {@code secret} sealed for the client {@code clientId}, to be stored as its
     * {@link id.nu.oauth.client.Client#sealedSecret()}.
     *
     * @throws IllegalArgumentException if the client id is not one, or the secret is shorter than
     *     {@value #MIN_SECRET_BYTES} bytes (the message never contains the secret)
     */
    public String seal(String clientId, String secret) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(secret, "secret");
        if (!Syntax.isClientId(clientId)) {
            throw new IllegalArgumentException("client_id must be 1 to 255 visible ASCII characters");
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("a client_secret_jwt secret is at least " + MIN_SECRET_BYTES
                    + " bytes, the 256 bits HS256 needs (RFC 7518 section 3.2); SecretHash.generateSecret() makes one");
        }
        return encryption.encrypt(secret, TYPE, Map.of(CLIENT_ID, clientId));
    }

    /** A sealed secret that does not open for its client (another key, another client's, damaged). */
    static final class Unopenable extends Exception {
        Unopenable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The secret sealed for {@code clientId}.
     *
     * @throws Unopenable if {@code sealed} was not sealed for this client under this key
     */
    String open(String clientId, String sealed) throws Unopenable {
        try {
            return encryption.decrypt(sealed, TYPE, Map.of(CLIENT_ID, clientId));
        } catch (KeyEncryption.Undecryptable e) {
            throw new Unopenable(e.getMessage());
        }
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "ClientSecretSeal[A256GCM]";
    }
}
