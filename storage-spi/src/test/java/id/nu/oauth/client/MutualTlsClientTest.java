package id.nu.oauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The client rules of mutual-TLS registration (RFC 8705 §2.1.2, §2.2, §3.4). */
class MutualTlsClientTest {

    private static final String JWKS = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"a\",\"y\":\"b\"}]}";

    @Test
    void aTlsClientAuthClientNeedsExactlyOneCertificateSubject_rfc8705_2_1_2() {
        Client client = Client.confidentialWithCertificate("bank", CertificateSubject.subjectDn("CN=bank"))
                .grantTypes(GrantType.CLIENT_CREDENTIALS).build();
        assertThat(client.authMethods()).containsExactly(ClientAuthMethod.TLS_CLIENT_AUTH);
        assertThat(client.secretHash()).isNull();

        assertThatThrownBy(() -> Client.confidentialWithKeys("bank", ClientKeys.inline(JWKS))
                .authMethods(ClientAuthMethod.TLS_CLIENT_AUTH).grantTypes(GrantType.CLIENT_CREDENTIALS).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tls_client_auth");
        assertThatThrownBy(() -> Client.confidential("bank", SecretHash.of(SecretHash.generateSecret()))
                .tlsClientAuth(CertificateSubject.subjectDn("CN=bank")).grantTypes(GrantType.CLIENT_CREDENTIALS).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tls_client_auth");
    }

    @Test
    void selfSignedTlsClientAuthNeedsRegisteredKeys_rfc8705_2_2_2() {
        assertThatThrownBy(() -> Client.confidentialWithCertificate("bank", CertificateSubject.subjectDn("CN=bank"))
                .authMethods(ClientAuthMethod.TLS_CLIENT_AUTH, ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH)
                .grantTypes(GrantType.CLIENT_CREDENTIALS).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("self_signed_tls_client_auth");
        Client ok = Client.confidentialWithKeys("bank", ClientKeys.inline(JWKS))
                .authMethods(ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH).grantTypes(GrantType.CLIENT_CREDENTIALS).build();
        assertThat(ok.allows(ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH)).isTrue();
        assertThat(ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH.usesCertificate()).isTrue();
        assertThat(ClientAuthMethod.fromWireValue("self_signed_tls_client_auth"))
                .contains(ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH);
        assertThat(ClientAuthMethod.fromWireValue("tls_client_auth")).contains(ClientAuthMethod.TLS_CLIENT_AUTH);
    }

    @Test
    void aPublicClientCannotUseMutualTlsAuthentication() {
        assertThatThrownBy(() -> Client.publicClient("app").redirectUri("id.nu.app:/cb")
                .authMethods(ClientAuthMethod.TLS_CLIENT_AUTH).tlsClientAuth(CertificateSubject.subjectDn("CN=a")).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFapi2ClientMayAuthenticateWithMutualTls_fapi2_5_3_2_2() {
        Client fapi = Client.confidentialWithCertificate("bank", CertificateSubject.subjectDn("CN=bank"))
                .redirectUri("https://bank.example/cb").requirePkce(true)
                .requirements(new ClientRequirements(false, false, false, true, true)).build();
        assertThat(fapi.requirements().pushedRequests()).isTrue();
        assertThatThrownBy(() -> Client.confidential("bank", SecretHash.of(SecretHash.generateSecret()))
                .authMethods(ClientAuthMethod.CLIENT_SECRET_BASIC, ClientAuthMethod.TLS_CLIENT_AUTH)
                .tlsClientAuth(CertificateSubject.subjectDn("CN=bank"))
                .redirectUri("https://bank.example/cb").requirePkce(true)
                .requirements(new ClientRequirements(false, false, false, true)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FAPI 2.0");
    }

    @Test
    void aCertificateSubjectIsOneFieldWithAVisibleValue() {
        assertThat(CertificateSubject.Field.fromMetadataName("tls_client_auth_san_email"))
                .contains(CertificateSubject.Field.SAN_EMAIL);
        assertThat(CertificateSubject.Field.fromMetadataName("tls_client_auth_other")).isEmpty();
        assertThatThrownBy(() -> CertificateSubject.of(CertificateSubject.Field.SAN_DNS, " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificateSubject.of(CertificateSubject.Field.SAN_DNS, "a\nb"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ClientRequirements(true, false, false, false).certificateBoundTokens()).isFalse();
    }
}
