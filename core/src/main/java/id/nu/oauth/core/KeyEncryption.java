package id.nu.oauth.core;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import id.nu.oauth.storage.StoredSigningKey;
import java.text.ParseException;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts private signing keys (and client secrets, {@link ClientSecretSeal}) for the store and
 * decrypts them back, with AES-256-GCM through Nimbus JWE (RFC 7516 compact serialization,
 * {@code alg: dir}, {@code enc: A256GCM}, RFC 7518 §4.5 and §5.3): a fresh 96-bit IV per value, and
 * the GCM tag authenticates the ciphertext and the protected header, so header parameters that bind
 * a value to its owner cannot be changed. The host supplies the 256-bit key; nothing here is
 * hand-rolled crypto.
 */
final class KeyEncryption {

    /** AES-256: the only key size A256GCM takes. */
    static final int KEY_BYTES = 32;

    private final SecretKey key;

    KeyEncryption(byte[] key) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the key encryption key is " + KEY_BYTES
                    + " bytes (AES-256), e.g. 32 random bytes from the host's secret store");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** The private JWK of {@code signingKey}, encrypted: a JWE compact serialization. */
    String encrypt(SigningKey signingKey) {
        JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM),
                new Payload(signingKey.toJwkJson()));
        try {
            jwe.encrypt(new DirectEncrypter(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not encrypt signing key " + signingKey.keyId(), e);
        }
        return jwe.serialize();
    }

    /**
     * The signing key of a stored row, checked against the row's {@code kid} and {@code alg} (a row
     * whose ciphertext was swapped with another's does not pass).
     *
     * @throws IllegalStateException if it cannot be decrypted with this key, naming the {@code kid}
     */
    SigningKey decrypt(StoredSigningKey row) {
        SigningKey signingKey;
        try {
            JWEObject jwe = JWEObject.parse(row.encryptedKey());
            jwe.decrypt(new DirectDecrypter(key));
            signingKey = SigningKey.fromJwkJson(jwe.getPayload().toString());
        } catch (ParseException | JOSEException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot decrypt stored signing key " + row.keyId()
                    + " with the key encryption key given: it is not the key the signing keys were stored with, "
                    + "or the row is damaged", e);
        }
        if (!signingKey.keyId().equals(row.keyId()) || !signingKey.algorithm().jwsName().equals(row.algorithm())) {
            throw new IllegalStateException("stored signing key " + row.keyId() + " does not hold the key its row names");
        }
        return signingKey;
    }

    /** A value that {@link #decrypt(String, String, Map)} cannot give back; the message holds no part of it. */
    static final class Undecryptable extends Exception {
        Undecryptable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * {@code plaintext} encrypted, with the protected header parameters {@code typ} and {@code bound}
     * (authenticated by the GCM tag): a JWE compact serialization.
     */
    String encrypt(String plaintext, String type, Map<String, String> bound) {
        JWEHeader.Builder header = new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM)
                .type(new JOSEObjectType(type));
        bound.forEach(header::customParam);
        JWEObject jwe = new JWEObject(header.build(), new Payload(plaintext));
        try {
            jwe.encrypt(new DirectEncrypter(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not encrypt a " + type, e);
        }
        return jwe.serialize();
    }

    /**
     * The plaintext of a value made by {@link #encrypt(String, String, Map)} under this key with the same
     * {@code typ} and {@code bound} parameters.
     *
     * @throws Undecryptable if it is not one (another key, another owner, a damaged or foreign value)
     */
    String decrypt(String serialized, String type, Map<String, String> bound) throws Undecryptable {
        JWEObject jwe;
        try {
            jwe = JWEObject.parse(serialized);
        } catch (ParseException | RuntimeException e) {
            throw new Undecryptable("not a JWE compact serialization");
        }
        JWEHeader header = jwe.getHeader();
        if (!JWEAlgorithm.DIR.equals(header.getAlgorithm())
                || !EncryptionMethod.A256GCM.equals(header.getEncryptionMethod())
                || header.getType() == null || !type.equals(header.getType().getType())) {
            throw new Undecryptable("not a " + type);
        }
        for (Map.Entry<String, String> e : bound.entrySet()) {
            if (!e.getValue().equals(header.getCustomParam(e.getKey()))) {
                throw new Undecryptable("bound to another " + e.getKey());
            }
        }
        try {
            jwe.decrypt(new DirectDecrypter(key));
        } catch (JOSEException | RuntimeException e) {
            throw new Undecryptable("does not decrypt with this key (another key, or a damaged value)");
        }
        return jwe.getPayload().toString();
    }
}
