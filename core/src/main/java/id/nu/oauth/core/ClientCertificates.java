package id.nu.oauth.core;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.X509CertUtils;
import com.nimbusds.oauth2.sdk.auth.X509CertificateConfirmation;
import id.nu.oauth.client.CertificateSubject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/**
 * The rules of mutual TLS (RFC 8705) about one certificate, in one place: its SHA-256 thumbprint
 * for binding tokens (§3.1), whether it is the certificate a {@code tls_client_auth} client
 * registered (§2.1.2), whether it carries one of a {@code self_signed_tls_client_auth} client's
 * keys (§2.2.2), and the {@code cnf} claim of a bound token. The chain's trust is the TLS
 * container's business; the engine sees the leaf the container verified.
 */
final class ClientCertificates {

    private ClientCertificates() {
    }

    /** RFC 8705 §3.1: base64url of the SHA-256 of the certificate's DER, or {@code null} for none. */
    static String thumbprint(X509Certificate certificate) {
        if (certificate == null) {
            return null;
        }
        com.nimbusds.jose.util.Base64URL x5t = X509CertUtils.computeSHA256Thumbprint(certificate);
        return x5t == null ? null : x5t.toString();
    }

    /** Whether the request came over TLS with the certificate whose thumbprint is {@code x5t} (RFC 8705 §3). */
    static boolean presents(EndpointRequest request, String x5t) {
        String presented = thumbprint(request.clientCertificate());
        return presented != null && MessageDigest.isEqual(presented.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                x5t.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Whether the certificate is valid at {@code now} (its notBefore and notAfter). */
    static boolean validAt(X509Certificate certificate, Instant now) {
        try {
            certificate.checkValidity(Date.from(now));
            return true;
        } catch (CertificateException expiredOrNotYetValid) {
            return false;
        }
    }

    /**
     * RFC 8705 §2.1.2: whether the certificate has the registered field with the registered value.
     * The subject DN is compared as a distinguished name (RFC 4514 §2, attribute types and values
     * compared as {@link X500Principal} canonicalizes them), a DNS name without regard to case, an IP
     * address as an address (so {@code 2001:db8::1} matches {@code 2001:0db8:0:0:0:0:0:1}), a URI
     * and an e-mail address exactly.
     */
    static boolean matches(CertificateSubject subject, X509Certificate certificate) {
        if (subject.field() == CertificateSubject.Field.SUBJECT_DN) {
            try {
                return new X500Principal(subject.value()).equals(certificate.getSubjectX500Principal());
            } catch (IllegalArgumentException notADistinguishedName) {
                return false;
            }
        }
        int type = switch (subject.field()) {
            case SAN_EMAIL -> 1;
            case SAN_DNS -> 2;
            case SAN_URI -> 6;
            case SAN_IP -> 7;
            case SUBJECT_DN -> throw new AssertionError();
        };
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException malformed) {
            return false;
        }
        if (names == null) {
            return false;
        }
        for (List<?> name : names) {
            if (name.size() >= 2 && name.get(0) instanceof Integer t && t == type && name.get(1) instanceof String value
                    && sameName(subject, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameName(CertificateSubject subject, String value) {
        return switch (subject.field()) {
            case SAN_DNS -> value.toLowerCase(Locale.ROOT).equals(subject.value().toLowerCase(Locale.ROOT));
            case SAN_IP -> sameAddress(subject.value(), value);
            default -> value.equals(subject.value());
        };
    }

    /** Both are IP literals (never resolved as host names) for the same address. */
    private static boolean sameAddress(String registered, String inCertificate) {
        if (!isIpLiteral(registered) || !isIpLiteral(inCertificate)) {
            return false;
        }
        try {
            return InetAddress.getByName(registered).equals(InetAddress.getByName(inCertificate));
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }

    /** An IPv4 dotted quad or an IPv6 literal: InetAddress.getByName does not look those up. */
    private static boolean isIpLiteral(String value) {
        return !value.isEmpty() && (value.indexOf(':') >= 0 ? value.chars().allMatch(c -> c == ':' || c == '.'
                || Character.digit(c, 16) >= 0) : value.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}"));
    }

    /**
     * RFC 8705 §2.2.2: whether the certificate is one the client registered in its JWK set: a key
     * whose {@code x5c} leaf is this certificate, or (no {@code x5c}) whose public key is the
     * certificate's public key. Either way the TLS handshake proved the private key.
     */
    static boolean isRegistered(JWK key, X509Certificate certificate) {
        List<Base64> chain = key.getX509CertChain();
        if (chain != null && !chain.isEmpty()) {
            try {
                return MessageDigest.isEqual(chain.get(0).decode(), certificate.getEncoded());
            } catch (java.security.cert.CertificateEncodingException unreadable) {
                return false;
            }
        }
        try {
            PublicKey registered = switch (key.getKeyType().getValue()) {
                case "RSA" -> key.toRSAKey().toPublicKey();
                case "EC" -> key.toECKey().toPublicKey();
                case "OKP" -> com.nimbusds.jose.jwk.Curve.Ed25519.equals(key.toOctetKeyPair().getCurve())
                        ? Jose.ed25519PublicKey(key.toOctetKeyPair()) : null;
                default -> null;
            };
            return registered != null && MessageDigest.isEqual(registered.getEncoded(),
                    certificate.getPublicKey().getEncoded());
        } catch (com.nimbusds.jose.JOSEException | java.security.GeneralSecurityException | RuntimeException unusable) {
            return false;
        }
    }

    /**
     * The {@code cnf} claim of a sender-constrained token (RFC 9449 §6.1 {@code jkt}, RFC 8705
     * §3.1 {@code x5t#S256}), or {@code null} when it is bound to nothing.
     */
    static Map<String, Object> confirmation(String jkt, String x5t) {
        if (jkt == null && x5t == null) {
            return null;
        }
        Map<String, Object> cnf = new LinkedHashMap<>();
        if (jkt != null) {
            cnf.put("jkt", jkt);
        }
        if (x5t != null) {
            cnf.putAll(new X509CertificateConfirmation(new com.nimbusds.jose.util.Base64URL(x5t)).toJSONObject()
                    .entrySet().stream().filter(e -> e.getKey().equals("cnf")).map(e -> (Map<?, ?>) e.getValue())
                    .findFirst().map(m -> {
                        Map<String, Object> copy = new LinkedHashMap<>();
                        m.forEach((k, v) -> copy.put(String.valueOf(k), v));
                        return copy;
                    }).orElseThrow());
        }
        return cnf;
    }
}
