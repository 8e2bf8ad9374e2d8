package id.nu.oauth.client;

import java.util.Objects;
import java.util.Optional;

/**
 * The certificate a {@code tls_client_auth} client (RFC 8705 §2.1) authenticates with, named by one
 * field of it: its subject distinguished name or one subject alternative name. Exactly one is
 * registered (§2.1.2). Whether the certificate chains to a trusted authority is the TLS
 * container's job (its trust store, and client authentication "wanted"); the engine matches the
 * field of the certificate the container verified.
 *
 * <pre>{@code
 * Client bank = Client.confidentialWithCertificate("bank-app",
 *                 CertificateSubject.subjectDn("CN=bank-app,O=Bank,C=ID"))
 *         .redirectUri("https://bank.example/cb")
 *         .build();
 * CertificateSubject byDns = CertificateSubject.of(CertificateSubject.Field.SAN_DNS, "client.bank.example");
 * }</pre>
 *
 * @param field which field of the certificate is matched
 * @param value its expected value: an RFC 4514 distinguished name, a DNS name, a URI, an IPv4 or IPv6
 *     address, or an e-mail address
 */
public record CertificateSubject(Field field, String value) {

    /** The registration metadata of RFC 8705 §2.1.2, one per field. */
    public enum Field {
        /** {@code tls_client_auth_subject_dn}: the subject DN, compared as a distinguished name (RFC 4514). */
        SUBJECT_DN("tls_client_auth_subject_dn"),
        /** {@code tls_client_auth_san_dns}: a dNSName SAN entry. */
        SAN_DNS("tls_client_auth_san_dns"),
        /** {@code tls_client_auth_san_uri}: a uniformResourceIdentifier SAN entry. */
        SAN_URI("tls_client_auth_san_uri"),
        /** {@code tls_client_auth_san_ip}: an iPAddress SAN entry (IPv4 or IPv6, RFC 8705 §2.1.2). */
        SAN_IP("tls_client_auth_san_ip"),
        /** {@code tls_client_auth_san_email}: an rfc822Name SAN entry. */
        SAN_EMAIL("tls_client_auth_san_email");

        private final String metadataName;

        Field(String metadataName) {
            this.metadataName = metadataName;
        }

        /** The client metadata name, e.g. {@code tls_client_auth_san_dns}. */
        public String metadataName() {
            return metadataName;
        }

        /** The field with this metadata name, if any. */
        public static Optional<Field> fromMetadataName(String name) {
            for (Field field : values()) {
                if (field.metadataName.equals(name)) {
                    return Optional.of(field);
                }
            }
            return Optional.empty();
        }
    }

    public CertificateSubject {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.length() > 1024) {
            throw new IllegalArgumentException(field.metadataName() + " must be 1 to 1024 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(field.metadataName() + " has a control character");
            }
        }
    }

    /** A field and its value. */
    public static CertificateSubject of(Field field, String value) {
        return new CertificateSubject(field, value);
    }

    /** The subject distinguished name, in RFC 4514 form, e.g. {@code CN=bank-app,O=Bank,C=ID}. */
    public static CertificateSubject subjectDn(String distinguishedName) {
        return new CertificateSubject(Field.SUBJECT_DN, distinguishedName);
    }
}
