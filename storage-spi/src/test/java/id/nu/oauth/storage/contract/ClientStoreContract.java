package id.nu.oauth.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.client.AccessTokenFormat;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientAuthMethod;
import id.nu.oauth.client.CertificateSubject;
import id.nu.oauth.client.ClientKeys;
import id.nu.oauth.client.ClientLogout;
import id.nu.oauth.client.ClientRequirements;
import id.nu.oauth.client.PreviousSecret;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.RefreshPolicy;
import id.nu.oauth.client.SecretHash;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@link id.nu.oauth.storage.ClientStore} guarantees: {@code find} returns what {@code save}
 * stored, field for field, and {@code save} replaces a client with the same id.
 *
 * <pre>{@code
 * class MyClientStoreTest extends ClientStoreContract {
 *     protected Storage newStorage() { return new MyStore(dataSource); }
 * }
 * }</pre>
 */
public abstract class ClientStoreContract extends StorageContractSupport {

    @Test
    void findReturnsEveryFieldOfASavedConfidentialClient() {
        String secret = SecretHash.generateSecret();
        Client client = Client.confidential("portal-" + newHash().substring(0, 8), SecretHash.of(secret))
                .name("Portal")
                .redirectUri("https://portal.example.org/callback")
                .redirectUri("https://portal.example.org/other")
                .redirectUri("http://127.0.0.1/cb")
                .scopes("openid", "profile", "email")
                .defaultScopes("openid")
                .grantTypes(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS)
                .refreshPolicy(RefreshPolicy.ROTATE)
                .requirePkce(true)
                .allowPlainPkce(true)
                .firstParty(true)
                .accessTokenFormat(AccessTokenFormat.JWT)
                .resourceServer(true)
                .build();

        storage.clients().save(client);

        assertSameClient(storage.clients().find(client.clientId()), client);
        assertThat(storage.clients().find(client.clientId()).orElseThrow().secretHash()
                .matches(secret)).isTrue();
    }

    @Test
    void findReturnsKeysRequirementsResourcesLogoutPreviousSecretAndStatus() {
        Client keyClient = Client.confidentialWithKeys("bank-" + newHash().substring(0, 8),
                        ClientKeys.inline("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"a\",\"y\":\"b\"}]}"))
                .redirectUri("https://bank.example.org/cb")
                .requirePkce(true)
                .requirements(new ClientRequirements(true, true, true, true))
                .resources("https://api.example.org/orders", "urn:example:ledger")
                .logout(new ClientLogout(List.of("https://bank.example.org/bye", "https://bank.example.org/bye2"),
                        URI.create("https://bank.example.org/backchannel")))
                .disabled(true)
                .build();
        Client rotated = Client.confidential("rotated-" + newHash().substring(0, 8), SecretHash.of(SecretHash.generateSecret()))
                .redirectUri("https://rotated.example.org/cb")
                .keys(ClientKeys.remote(URI.create("https://rotated.example.org/jwks.json")))
                .authMethods(ClientAuthMethod.CLIENT_SECRET_BASIC, ClientAuthMethod.PRIVATE_KEY_JWT)
                .previousSecret(new PreviousSecret(SecretHash.of(SecretHash.generateSecret()),
                        StorageContractSupport.START.plusSeconds(3600)))
                .build();

        storage.clients().save(keyClient);
        storage.clients().save(rotated);

        assertSameClient(storage.clients().find(keyClient.clientId()), keyClient);
        assertSameClient(storage.clients().find(rotated.clientId()), rotated);
        assertThat(storage.clients().find(keyClient.clientId()).orElseThrow().logout().postLogoutRedirectUris())
                .containsExactly("https://bank.example.org/bye", "https://bank.example.org/bye2");
    }

    @Test
    void findReturnsTheMutualTlsRegistration_rfc8705_2_1_2_and_3_4() {
        Client pki = Client.confidentialWithCertificate("pki-" + newHash().substring(0, 8),
                        CertificateSubject.subjectDn("CN=bank-app,O=Bank \\, Tbk,C=ID"))
                .redirectUri("https://bank.example.org/cb")
                .requirePkce(true)
                .requirements(new ClientRequirements(true, false, false, true, true))
                .build();
        Client selfSigned = Client.confidentialWithKeys("self-" + newHash().substring(0, 8),
                        ClientKeys.inline("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"a\",\"y\":\"b\"}]}"))
                .authMethods(ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH, ClientAuthMethod.PRIVATE_KEY_JWT)
                .grantTypes(GrantType.CLIENT_CREDENTIALS)
                .build();
        Client bySan = Client.confidential("san-" + newHash().substring(0, 8), SecretHash.of(SecretHash.generateSecret()))
                .grantTypes(GrantType.CLIENT_CREDENTIALS)
                .authMethods(ClientAuthMethod.CLIENT_SECRET_BASIC, ClientAuthMethod.TLS_CLIENT_AUTH)
                .tlsClientAuth(CertificateSubject.of(CertificateSubject.Field.SAN_IP, "2001:db8::1"))
                .build();

        storage.clients().save(pki);
        storage.clients().save(selfSigned);
        storage.clients().save(bySan);

        assertSameClient(storage.clients().find(pki.clientId()), pki);
        assertSameClient(storage.clients().find(selfSigned.clientId()), selfSigned);
        assertSameClient(storage.clients().find(bySan.clientId()), bySan);
        assertThat(storage.clients().find(pki.clientId()).orElseThrow().requirements().certificateBoundTokens()).isTrue();
        assertThat(storage.clients().find(bySan.clientId()).orElseThrow().tlsSubject().field())
                .isEqualTo(CertificateSubject.Field.SAN_IP);
    }

    @Test
    void findReturnsTheSealedSecretsOfAClientSecretJwtClient_rfc7523_2_2() {
        // opaque text to the store: what core's ClientSecretSeal makes (a JWE compact serialization)
        String sealed = "eyJ0eXAiOiJudWlkLWNsaWVudC1zZWNyZXQiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiZGlyIn0..iv."
                + newHash() + ".tag";
        String previousSealed = "eyJhbGciOiJkaXIifQ..iv2." + newHash() + ".tag2";
        Client hmac = Client.confidential("hmac-" + newHash().substring(0, 8), SecretHash.of(SecretHash.generateSecret()))
                .authMethods(ClientAuthMethod.CLIENT_SECRET_JWT, ClientAuthMethod.CLIENT_SECRET_BASIC)
                .sealedSecret(sealed)
                .previousSecret(new PreviousSecret(SecretHash.of(SecretHash.generateSecret()),
                        StorageContractSupport.START.plusSeconds(3600), previousSealed))
                .grantTypes(GrantType.CLIENT_CREDENTIALS)
                .build();

        storage.clients().save(hmac);

        Client found = storage.clients().find(hmac.clientId()).orElseThrow();
        assertSameClient(Optional.of(found), hmac);
        assertThat(found.sealedSecret()).isEqualTo(sealed);
        assertThat(found.previousSecret().sealedSecret()).isEqualTo(previousSealed);
        assertThat(found.authMethods()).contains(ClientAuthMethod.CLIENT_SECRET_JWT);

        // a rotation without grace: a new sealed secret, no previous one
        Client rotated = found.withSecrets(SecretHash.of(SecretHash.generateSecret()), sealed + "2", null);
        storage.clients().save(rotated);
        assertSameClient(storage.clients().find(hmac.clientId()), rotated);
        assertThat(storage.clients().find(hmac.clientId()).orElseThrow().previousSecret()).isNull();
    }

    @Test
    void findReturnsEveryFieldOfASavedPublicAndLegacyClient() {
        Client mobile = Client.publicClient("mobile-" + newHash().substring(0, 8))
                .redirectUri("id.nu.app:/cb")
                .scopes("openid")
                .refreshGrace(java.time.Duration.ofSeconds(10), 3)
                .build();
        Client legacy = Client.legacyPublicClient("legacy-" + newHash().substring(0, 8))
                .redirectUri("https://old.example.org/cb")
                .build(); // no scopes at all: the empty set must round-trip too

        storage.clients().save(mobile);
        storage.clients().save(legacy);

        assertSameClient(storage.clients().find(mobile.clientId()), mobile);
        assertSameClient(storage.clients().find(legacy.clientId()), legacy);
    }

    @Test
    void findOfAnUnknownClientIsEmpty() {
        assertThat(storage.clients().find("no-such-client")).isEmpty();
    }

    @Test
    void clientIdsAreCaseSensitive() {
        // RFC 6749 §2.2: the client identifier is a string; "Portal" and "portal" are different clients.
        assertThat(storage.clients().find(CLIENT_ID.toUpperCase())).isEmpty();
    }

    @Test
    void saveReplacesTheClientWithTheSameId() {
        String id = "replaced-" + newHash().substring(0, 8);
        storage.clients().save(Client.publicClient(id).redirectUri("https://a.example.org/cb").scopes("openid").build());
        Client second = Client.confidential(id, SecretHash.of(SecretHash.generateSecret()))
                .redirectUri("https://b.example.org/cb")
                .scopes("profile")
                .build();

        storage.clients().save(second);

        assertSameClient(storage.clients().find(id), second);
    }

    @Test
    void savingOneClientLeavesTheOthersAlone() {
        storage.clients().save(Client.publicClient(CLIENT_ID).redirectUri("https://new.example.org/cb").build());

        assertSameClient(storage.clients().find(OTHER_CLIENT_ID), publicClient(OTHER_CLIENT_ID));
    }

    /** Field by field; the order of redirect URIs is not part of the contract. */
    private static void assertSameClient(Optional<Client> found, Client expected) {
        assertThat(found).isPresent();
        assertThat(found.orElseThrow())
                .usingRecursiveComparison()
                .ignoringCollectionOrder()
                .isEqualTo(expected);
    }
}
