package id.nu.oauth.bench.engine;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.SignedJWT;
import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.EndpointRequest;
import id.nu.oauth.core.EndpointResponse;
import id.nu.oauth.core.SigningAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;

/**
 * Signing and verification of the JWTs the engine issues, per algorithm: a confidential client
 * whose access tokens are RFC 9068 JWTs signed with one {@link SigningAlgorithm}, or opaque (the
 * baseline without a signature). {@link #issue()} is a {@code client_credentials} token request
 * through the public API, so the engine's own signing path (key, header, claims, Nimbus signer,
 * serialization) is in it; {@link #verify()} checks the signature of a token it issued with the
 * public key from the engine's JWK set, as a client or resource server would (Nimbus's verifiers for
 * RS256, PS256 and ES256; the JDK's {@code Signature "Ed25519"} for EdDSA, since Nimbus's Ed25519
 * verifier needs Google Tink).
 */
public final class Signing {

    /** What is measured: a JWT signed with one of the engine's algorithms, or an opaque token. */
    public enum Kind {
        OPAQUE(null), RS256(SigningAlgorithm.RS256), PS256(SigningAlgorithm.PS256), ES256(SigningAlgorithm.ES256),
        EdDSA(SigningAlgorithm.EdDSA);

        final SigningAlgorithm algorithm;

        Kind(SigningAlgorithm algorithm) {
            this.algorithm = algorithm;
        }
    }

    private final Kind kind;
    private final AuthorizationServer server;
    private final EndpointRequest request;
    private final String token;
    private final JWSVerifier verifier;
    private final PublicKey ed25519;
    private final Base64.Decoder base64url = Base64.getUrlDecoder();

    public Signing(Kind kind) {
        this.kind = kind;
        String secret = SecretHash.generateSecret();
        AuthorizationServer.Builder builder = AuthorizationServer.builder().issuer(Engines.ISSUER)
                .client(Client.confidential("signer", SecretHash.of(secret)).name("Signer")
                        .redirectUri("https://signer.example.or.id/cb").scopes("profile")
                        .grantTypes(GrantType.CLIENT_CREDENTIALS)
                        .accessTokenFormat(kind == Kind.OPAQUE ? AccessTokenFormat.OPAQUE : AccessTokenFormat.JWT)
                        .build());
        if (kind.algorithm != null) {
            builder.accessTokenSigningAlgorithm(kind.algorithm);
        }
        this.server = builder.build();
        this.request = EndpointRequest.of(Map.of("grant_type", "client_credentials", "scope", "profile"),
                "Basic " + Base64.getEncoder().encodeToString(("signer:" + secret).getBytes(StandardCharsets.UTF_8)));
        this.token = issue();
        try {
            if (kind == Kind.OPAQUE) {
                verifier = null;
                ed25519 = null;
            } else {
                JWK key = JWKSet.parse(server.jwks()).getKeys().stream()
                        .filter(k -> kind.name().equals(k.getAlgorithm().getName())).findFirst().orElseThrow();
                switch (kind) {
                    case RS256, PS256 -> {
                        verifier = new RSASSAVerifier(key.toRSAKey());
                        ed25519 = null;
                    }
                    case ES256 -> {
                        verifier = new ECDSAVerifier(key.toECKey());
                        ed25519 = null;
                    }
                    default -> {
                        verifier = null;
                        ed25519 = ed25519PublicKey((OctetKeyPair) key);
                    }
                }
            }
        } catch (ParseException | JOSEException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        if (!verify()) {
            throw new IllegalStateException(kind + ": the engine's token did not verify");
        }
    }

    /** One client_credentials token request; the access token. */
    public String issue() {
        EndpointResponse response = server.token(request);
        if (response.status() != 200) {
            throw new IllegalStateException("HTTP " + response.status() + ": " + response.body());
        }
        return Engines.json(response.body(), "access_token");
    }

    /**
     * Verifies the signature of a token the engine issued (parsing included); for an opaque token,
     * the engine's own lookup ({@code validateAccessToken}) instead, what a resource server asks
     * when it cannot verify a signature.
     */
    public boolean verify() {
        try {
            if (kind == Kind.OPAQUE) {
                return server.validateAccessToken(token) instanceof id.nu.oauth.core.AccessTokenValidation.Active;
            }
            if (verifier != null) {
                return SignedJWT.parse(token).verify(verifier);
            }
            // EdDSA: RFC 8037 §3.1, the signature over the ASCII of "header.payload"
            int lastDot = token.lastIndexOf('.');
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(ed25519);
            signature.update(token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(base64url.decode(token.substring(lastDot + 1)));
        } catch (ParseException | JOSEException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 8410 §4: SubjectPublicKeyInfo of Ed25519 is a fixed 12-byte prefix and the 32-byte key. */
    private static PublicKey ed25519PublicKey(OctetKeyPair key) throws GeneralSecurityException {
        byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
        byte[] x = key.getDecodedX();
        byte[] spki = new byte[prefix.length + x.length];
        System.arraycopy(prefix, 0, spki, 0, prefix.length);
        System.arraycopy(x, 0, spki, prefix.length, x.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    /** The size of the token issued, in characters. */
    public int tokenLength() {
        return token.length();
    }
}
