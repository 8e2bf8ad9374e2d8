package id.nu.oauth.core;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Set;

/**
 * The one place where {@link SigningAlgorithm} meets Nimbus: the JWS algorithm it stands for, the
 * key it needs (made, checked), and the signer. Ed25519 goes through the JDK's own EdDSA (Java 15+,
 * JEP 339) because Nimbus's {@code Ed25519Signer} and its key generator need Google Tink.
 */
final class Jose {

    private Jose() {
    }

    static JWSAlgorithm jws(SigningAlgorithm algorithm) {
        return switch (algorithm) {
            case RS256 -> JWSAlgorithm.RS256;
            case PS256 -> JWSAlgorithm.PS256;
            case ES256 -> JWSAlgorithm.ES256;
            case EdDSA -> JWSAlgorithm.EdDSA;
        };
    }

    /** A new private key for {@code algorithm}, {@code use: sig}, with its RFC 7638 thumbprint as kid. */
    static JWK generate(SigningAlgorithm algorithm) {
        try {
            return switch (algorithm) {
                case RS256, PS256 -> new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(jws(algorithm))
                        .keyIDFromThumbprint(true).generate();
                case ES256 -> new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(jws(algorithm))
                        .keyIDFromThumbprint(true).generate();
                case EdDSA -> ed25519();
            };
        } catch (JOSEException | GeneralSecurityException e) {
            throw new IllegalStateException("could not generate a " + algorithm + " key", e);
        }
    }

    /**
     * The algorithm of a usable private signing key: private part, kid, an alg we sign with, and the
     * key type and size or curve that alg needs.
     *
     * @throws IllegalArgumentException naming what is missing
     */
    static SigningAlgorithm check(JWK key) {
        if (!key.isPrivate()) {
            throw new IllegalArgumentException("a signing key needs its private part");
        }
        if (key.getKeyID() == null || key.getKeyID().isEmpty()) {
            throw new IllegalArgumentException("a signing key needs a kid");
        }
        if (key.getAlgorithm() == null) {
            throw new IllegalArgumentException("a signing key names its JWS alg (RS256, PS256, ES256 or EdDSA)");
        }
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            throw new IllegalArgumentException("a signing key has use \"sig\" (RFC 7517 §4.2), not " + key.getKeyUse());
        }
        SigningAlgorithm algorithm = SigningAlgorithm.fromJwsName(key.getAlgorithm().getName());
        boolean fits = switch (algorithm) {
            case RS256, PS256 -> key instanceof RSAKey rsa && rsa.size() >= 2048;
            case ES256 -> key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve());
            case EdDSA -> key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve());
        };
        if (!fits) {
            throw new IllegalArgumentException("an RS256 or PS256 key is RSA of 2048 bits or more, an ES256 key is on "
                    + "P-256, an EdDSA key is Ed25519");
        }
        return algorithm;
    }

    /**
     * A verifier for a client's public key (client assertions, request objects, DPoP proofs): RSA
     * (RS and PS) and EC keys through Nimbus; Ed25519 keys (EdDSA, RFC 8037) through the JDK, because
     * Nimbus's {@code Ed25519Verifier} needs Google Tink (some 2.5 MB plus protobuf) for what the JDK
     * has done since Java 15.
     *
     * @throws JOSEException when the key cannot verify that algorithm
     */
    static com.nimbusds.jose.JWSVerifier verifier(JWK key, JWSAlgorithm algorithm) throws JOSEException {
        if (key.isPrivate()) {
            throw new JOSEException("a verification key is public");
        }
        if (JWSAlgorithm.Family.RSA.contains(algorithm) && key instanceof com.nimbusds.jose.jwk.RSAKey rsa) {
            if (rsa.size() < 2048) {
                throw new JOSEException("RSA keys have 2048 bits or more");
            }
            return new com.nimbusds.jose.crypto.RSASSAVerifier(rsa);
        }
        if (JWSAlgorithm.Family.EC.contains(algorithm) && key instanceof com.nimbusds.jose.jwk.ECKey ec) {
            return new com.nimbusds.jose.crypto.ECDSAVerifier(ec);
        }
        if (JWSAlgorithm.EdDSA.equals(algorithm) && key instanceof OctetKeyPair okp
                && Curve.Ed25519.equals(okp.getCurve())) {
            return new JdkEd25519Verifier(okp);
        }
        throw new JOSEException("the key cannot verify " + algorithm);
    }

    /** A signer for a key that passed {@link #check(JWK)}. */
    static JWSSigner signer(JWK key, SigningAlgorithm algorithm) throws JOSEException {
        return switch (algorithm) {
            case RS256, PS256 -> new RSASSASigner(key.toRSAKey());
            case ES256 -> new ECDSASigner(key.toECKey());
            case EdDSA -> new JdkEd25519Signer(key.toOctetKeyPair());
        };
    }

    /**
     * Whether {@code jwt} is signed by {@code key} (the public part) with the key's algorithm; Ed25519
     * through the JDK, like signing.
     */
    static boolean verify(com.nimbusds.jwt.SignedJWT jwt, JWK key, SigningAlgorithm algorithm) {
        try {
            return switch (algorithm) {
                case RS256, PS256 -> jwt.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(key.toRSAKey().toPublicJWK()));
                case ES256 -> jwt.verify(new com.nimbusds.jose.crypto.ECDSAVerifier(key.toECKey().toPublicJWK()));
                case EdDSA -> jwt.verify(new JdkEd25519Verifier(key.toOctetKeyPair().toPublicJWK()));
            };
        } catch (JOSEException | RuntimeException e) {
            return false;
        }
    }

    /** An Ed25519 public key as the JDK reads it: RFC 8410 §4's SubjectPublicKeyInfo around the key's {@code x}. */
    static java.security.PublicKey ed25519PublicKey(OctetKeyPair key) throws GeneralSecurityException {
        byte[] x = key.getX().decode();
        if (x.length != 32) {
            throw new java.security.spec.InvalidKeySpecException("an Ed25519 public key has 32 bytes");
        }
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + x.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, x.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new java.security.spec.X509EncodedKeySpec(spki));
    }

    /** EdDSA over Ed25519 (RFC 8037 §3.1) verified with the JDK's {@code Signature "Ed25519"}. */
    private static final class JdkEd25519Verifier implements com.nimbusds.jose.JWSVerifier {
        private final java.security.PublicKey publicKey;
        private final JCAContext jca = new JCAContext();

        JdkEd25519Verifier(OctetKeyPair key) throws JOSEException {
            try {
                publicKey = ed25519PublicKey(key);
            } catch (GeneralSecurityException e) {
                throw new JOSEException("not an Ed25519 public key: " + e.getMessage(), e);
            }
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
            if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
                throw new JOSEException("this key verifies EdDSA, not " + header.getAlgorithm());
            }
            try {
                Signature ed25519 = Signature.getInstance("Ed25519");
                ed25519.initVerify(publicKey);
                ed25519.update(signingInput);
                return ed25519.verify(signature.decode());
            } catch (java.security.SignatureException malformed) {
                return false;
            } catch (GeneralSecurityException e) {
                throw new JOSEException("Ed25519 verification failed: " + e.getMessage(), e);
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.EdDSA);
        }

        @Override
        public JCAContext getJCAContext() {
            return jca;
        }
    }

    /** RFC 8410 §4: the SubjectPublicKeyInfo prefix of an Ed25519 public key. */
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03,
        0x21, 0x00};

    private static OctetKeyPair ed25519() throws GeneralSecurityException, JOSEException {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = pair.getPublic().getEncoded(); // RFC 8410 §4: a fixed 12-byte prefix, then the 32-byte key
        byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        byte[] d = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
        OctetKeyPair key = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).d(Base64URL.encode(d))
                .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.EdDSA).build();
        return new OctetKeyPair.Builder(key).keyIDFromThumbprint().build();
    }

    /** EdDSA over Ed25519 (RFC 8037 §3.1) with the JDK's {@code Signature "Ed25519"}. */
    private static final class JdkEd25519Signer implements JWSSigner {
        private final PrivateKey privateKey;
        private final JCAContext jca = new JCAContext();

        JdkEd25519Signer(OctetKeyPair key) throws JOSEException {
            try {
                privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(
                        new EdECPrivateKeySpec(NamedParameterSpec.ED25519, key.getDecodedD()));
            } catch (GeneralSecurityException e) {
                throw new JOSEException("not an Ed25519 private key: " + e.getMessage(), e);
            }
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
                throw new JOSEException("this key signs with EdDSA, not " + header.getAlgorithm());
            }
            try {
                Signature ed25519 = Signature.getInstance("Ed25519");
                ed25519.initSign(privateKey);
                ed25519.update(signingInput);
                return Base64URL.encode(ed25519.sign());
            } catch (GeneralSecurityException e) {
                throw new JOSEException("Ed25519 signing failed: " + e.getMessage(), e);
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.EdDSA);
        }

        @Override
        public JCAContext getJCAContext() {
            return jca;
        }
    }
}
