package id.nu.oauth.bench.fuzz;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The keys the runner signs with, and the valid JOSE objects it starts from, all made with Nimbus:
 * DPoP proofs (RFC 9449 §4.2), {@code private_key_jwt} client assertions (RFC 7523 §2.2) and signed
 * request objects (RFC 9101 §4). A hostile case takes a valid one apart ({@link Jwt#parse}), changes
 * its header or claims, and puts it back together signed again ({@link Jwt#sign}), unsigned, or
 * broken on purpose.
 *
 * <p>{@code my-keyed-app} of {@code examples/demo-config.json} registers the public halves of
 * {@link #KEYED_RSA} and {@link #KEYED_EC} (its {@code jwks}); these are the private halves, as
 * public as the sample file's secrets. The DPoP keys and the stranger's key are made at start.
 */
final class Keys {

    /** The sample's key-only client (private_key_jwt; no secret). */
    static final String KEYED_ID = "my-keyed-app";
    static final String KEYED_REDIRECT = "http://127.0.0.1:4000/callback";
    static final String KEYED_SCOPE = "openid profile";
    static final List<String> KEYED_RESOURCES = List.of("https://orders.example.or.id/", "https://reports.example.or.id/");
    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private static final String PRIVATE_JWKS = "{\"keys\":[{\"p\":\"_ik3UGhTPa82PxJF-DA5vWRPqWEfDAq6j-PjCr7KsXtQCD8w0T7rjmgpc-nnP6yCbVvT-AZB0BzGb8-T0" + "tVFndoVhu5PS12ZUxcrmsLAo8a0xfMdvPj-rh4g9B2kkLmWwjpmS6BWATCzpIR4ygRyTaeNg5VVYbSvTMnlDhed91c\",\"kty" + "\":\"RSA\",\"q\":\"7MPpvxJb54dnbWQFpr-yMj2KI7uw7wviyYw95HsBW8NJPyIvibKYvhW7a6cXxtSFqg60pE15fACgkOYK2_N" + "BTMva16-m_frRP0Dvn13BOCpIjdHGMvfPOalSMdQ30vYHEtlBtkhRAhRMXmXWjtq5YkCw-RIPV8bPPctWGwWQHjE\",\"d\":\"W" + "guTOYq7hET037On3gn57qu6_YROWH4uzcjRkS3gdAFZzJfCFNRtWeJPKV7IO4LqjZ-A6GXsUwu8j-hUBhwa2ntM4-ES43tEr" + "d72QXUKWsPqBXwJSut37iVc3fLx5ZVIt3paCDX94gCOmkbabKkxrZYTZ8wy_JLv7I_TBH5uX3x_XvnomZrJcTXQB6nPJoUJp" + "NBqU09eVTY2JzZpeifCaInBw5SWthfv0pPbY-XQ4wodU5ZlKp3xq7uhxfDTduwRYFsmEYS40a6tqE_SEpnq1s5vr0VBOzJgX" + "FdiRhxD2L1So1YGaHlsGnPdusrL-n5nmZdPayzImrE9Pdj9mPT2IQ\",\"e\":\"AQAB\",\"kid\":\"my-keyed-app-rsa\",\"qi\":" + "\"nodnBHqqoT84vo5xPvioP323aot88X4-0TEDaJGfJYt-g_IT0u1xox--s9fViNisHrOwZCUKSEzntm0TtfxdWULdOXA4cx6" + "4n9JnwO-N69IhT_qSInXIXnwFa49p3YtQ_AEqe1F3FIKoemuTQcSSI3Y2qTUEEepfbAii7IY_cTI\",\"dp\":\"-EEuBF5CoIfa" + "BrVEnu4MGBA5N4rkFpEMNaw0grRlrAJ04_lFJ727vDfF9bDM7gcExujhHOyPsEXLFj-9djxXaZ4xVMDFtynPr7d8IgiEvfRD" + "cu7LZ2AW89_99DRYH_0HYuREMy6Dk1oMvm-exESfmXZF5fchlPQ2Hl0-XQt4grU\",\"dq\":\"0cZbShGoICFWQBPI9g8OgXkI9" + "dQMViA_1bdN9ywM7hK-yRMu71-v-Wsj3aP0axRNQXk6EAEczAN6QCeyI2MJzlMoGMXmvU0HLHYKWTcmRO8hzZW5d9scXchpr" + "QCMXXvilI6trCWysJbvewvb6EJe0nDi3CtmMK1TXTrVlad-I2E\",\"n\":\"6xCAdHi-zJ8L986PSZyeOdW9TYWctUUzdvyorn0" + "Ded1JbePxut5M2VwFDfWYRwEh7nYhI8pUVyqCDRT0WV6MPMwPNLA8QCRNts0RAMHywxhUCfkyOxcVuer2ny0KEesUFgQyPKx" + "k87JNwHIX1gZI8ClJy6852z-lR-XPMxen9PE2mBkH7alFs5W46u3TSvbBxidACsU_73Puoxwt7xhSd0lYpcr1nv9ojKgBjRK" + "HyETha0kPMsaHAA7X2u_6jlEZVc4Ca8eWPxI6ETCdTHzQ57u7290ugUDiWfCUZ9PIVQbOTWjdLGku2dkMwyNFy7qCeo_4_jG" + "fz47lnS1T3CiJpw\"},{\"kty\":\"EC\",\"d\":\"4gES7ToFWpSUTNwNhGbE85JIDYAHLYqDE9Ka8a6rYkI\",\"crv\":\"P-256\",\"k" + "id\":\"my-keyed-app-ec\",\"x\":\"W2OjsRKr3s5EIWtEr4SH_vjV2z0spviCkn96cXsJjk0\",\"y\":\"xdLLVcuO6rhVwlLgMcI" + "XBuH0e76xunp4IFHwGk1lnzY\"}]}";

    static final RSAKey KEYED_RSA;
    static final ECKey KEYED_EC;
    /** A key nobody registered, with the kid of the registered one (a forged signature that looks right). */
    static final RSAKey STRANGER_RSA;
    /** The client's DPoP keys (RFC 9449: any key the client holds; tokens are bound to its thumbprint). */
    static final ECKey DPOP_EC;
    static final RSAKey DPOP_RSA;

    static {
        try {
            JWKSet set = JWKSet.parse(PRIVATE_JWKS);
            KEYED_RSA = (RSAKey) set.getKeyByKeyId("my-keyed-app-rsa");
            KEYED_EC = (ECKey) set.getKeyByKeyId("my-keyed-app-ec");
            STRANGER_RSA = new RSAKeyGenerator(2048).keyID("my-keyed-app-rsa").generate();
            DPOP_EC = new ECKeyGenerator(Curve.P_256).keyID("dpop-ec").generate();
            DPOP_RSA = new RSAKeyGenerator(2048).keyID("dpop-rsa").generate();
        } catch (ParseException | JOSEException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Keys() {
    }

    /** The algorithm a key signs with here: PS256 for RSA (cheap for the server to verify), ES256 for P-256. */
    static JWSAlgorithm alg(JWK key) {
        return key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.PS256;
    }

    /** The newest {@code DPoP-Nonce} the server sent (RFC 9449 §8): valid proofs carry it. */
    private static volatile String nonce;

    /** How each valid proof was made, so that one refused with {@code use_dpop_nonce} can be made again. */
    private record Made(JWK key, String method, String url, String accessToken) {
    }

    private static final java.util.Map<String, Made> MADE = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Made> eldest) {
                    return size() > 20_000;
                }
            });

    /** Keeps the server's newest nonce (from any response's {@code DPoP-Nonce} header). */
    static void noteNonce(String value) {
        if (value != null && !value.isBlank()) {
            nonce = value.trim();
        }
    }

    /**
     * A valid DPoP proof made by Nimbus's {@link DefaultDPoPProofFactory}; {@code accessToken} adds
     * {@code ath}; the server's newest nonce goes in as {@code nonce} when there is one (RFC 9449 §8).
     */
    static String dpop(JWK key, String method, String url, String accessToken, String jti) {
        try {
            String current = nonce;
            String proof = new DefaultDPoPProofFactory(key, alg(key)).createDPoPJWT(new JWTID(jti), method,
                    URI.create(url), new Date(), accessToken == null ? null : new DPoPAccessToken(accessToken),
                    current == null ? null : new com.nimbusds.openid.connect.sdk.Nonce(current)).serialize();
            MADE.put(proof, new Made(key, method, url, accessToken));
            return proof;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The valid proof {@code proof} made again with the server's newest nonce and a new {@code jti},
     * as a client does after {@code use_dpop_nonce} (RFC 9449 §8); {@code null} if it was not one of
     * the valid proofs made here (a mutated one is sent as it is).
     */
    static String remadeWithNonce(String proof) {
        Made m = proof == null ? null : MADE.get(proof);
        return m == null ? null : dpop(m.key(), m.method(), m.url(), m.accessToken(),
                java.util.UUID.randomUUID().toString());
    }

    private record Asserted(JWK key, String clientId, String aud) {
    }

    private static final java.util.Map<String, Asserted> ASSERTED = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Asserted> eldest) {
                    return size() > 20_000;
                }
            });

    /**
     * {@code form} with its {@code client_assertion}, if it is one made here, replaced by a new one
     * (a new {@code jti}): the server spends an assertion's {@code jti} even on a request it then
     * refuses for the DPoP nonce, so a client retrying after {@code use_dpop_nonce} makes a new one
     * (RFC 7523 §3 item 7). {@code form} itself when there is nothing to replace.
     */
    static String withNewAssertion(String form) {
        if (form == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(^|&)client_assertion=([^&]*)").matcher(form);
        if (!m.find()) {
            return form;
        }
        Asserted a = ASSERTED.get(m.group(2));
        if (a == null) {
            return form;
        }
        String fresh = assertion(a.key(), a.clientId(), a.aud(), java.util.UUID.randomUUID().toString());
        return form.substring(0, m.start(2)) + fresh + form.substring(m.end(2));
    }

    /** A valid private_key_jwt assertion made by Nimbus's {@link PrivateKeyJWT}, for the audience {@code aud}. */
    static String assertion(JWK key, String clientId, String aud, String jti) {
        JWTAuthenticationClaimsSet claims = new JWTAuthenticationClaimsSet(new ClientID(clientId),
                List.of(new Audience(aud)), new Date(System.currentTimeMillis() + 60_000), null, new Date(),
                new JWTID(jti));
        try {
            PrivateKeyJWT jwt = key instanceof ECKey ec
                    ? new PrivateKeyJWT(claims, JWSAlgorithm.ES256, ec.toECPrivateKey(), ec.getKeyID(), null)
                    : new PrivateKeyJWT(claims, JWSAlgorithm.PS256, ((RSAKey) key).toRSAPrivateKey(), key.getKeyID(),
                            null);
            String assertion = jwt.getClientAssertion().serialize();
            ASSERTED.put(assertion, new Asserted(key, clientId, aud));
            return assertion;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid signed request object (RFC 9101 §4) carrying {@code parameters}, for the issuer {@code aud}. */
    static String requestObject(JWK key, String clientId, String aud, Map<String, Object> parameters) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(clientId).audience(aud)
                .expirationTime(new Date(System.currentTimeMillis() + 300_000)).issueTime(new Date())
                .claim("client_id", clientId);
        parameters.forEach(claims::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg(key)).keyID(key.getKeyID())
                .type(new com.nimbusds.jose.JOSEObjectType("oauth-authz-req+jwt")).build(), claims.build());
        try {
            jwt.sign(signer(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    static JWSSigner signer(JWK key) throws JOSEException {
        if (key instanceof ECKey ec) {
            return new ECDSASigner(ec);
        }
        return new RSASSASigner((RSAKey) key);
    }

    /**
     * A compact JWS taken apart into its header and claims as JSON maps (both changeable), to be put
     * back together signed with any key, unsigned, or broken.
     */
    record Jwt(Map<String, Object> header, Map<String, Object> claims) {

        static Jwt parse(String compact) {
            try {
                SignedJWT jwt = SignedJWT.parse(compact);
                return new Jwt(new LinkedHashMap<>(jwt.getHeader().toJSONObject()),
                        new LinkedHashMap<>(jwt.getJWTClaimsSet().toJSONObject()));
            } catch (ParseException e) {
                throw new IllegalStateException(e);
            }
        }

        String signingInput() {
            return b64(JSONObjectUtils.toJSONString(header)) + "." + b64(JSONObjectUtils.toJSONString(claims));
        }

        /** Signed with {@code key}, whatever the header says (Nimbus's signer; the header is sent as it is). */
        String sign(JWK key) {
            try {
                JWSAlgorithm alg = alg(key);
                Base64URL signature = signer(key).sign(new JWSHeader(alg),
                        signingInput().getBytes(StandardCharsets.US_ASCII));
                return signingInput() + "." + signature;
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        /** HMAC-signed with {@code secret} (the header's alg set to HS256 first). */
        String hmac(byte[] secret) {
            header.put("alg", "HS256");
            try {
                Base64URL signature = new MACSigner(secret).sign(new JWSHeader(JWSAlgorithm.HS256),
                        signingInput().getBytes(StandardCharsets.US_ASCII));
                return signingInput() + "." + signature;
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        /** {@code alg: none}, no signature (RFC 7519 §6). */
        String unsigned() {
            header.put("alg", "none");
            return signingInput() + ".";
        }

        /** The header and claims with a signature of random bytes. */
        String garbageSignature(Random r) {
            return signingInput() + "." + b64(Junk.bytes(r, 64));
        }
    }

    static String b64(String text) {
        return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A JSON object nested {@code depth} levels deep ({@code {"a":{"a":...}}}). */
    static String nested(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }
}
