package id.nu.oauth.core;

import static id.nu.oauth.core.AuthorizeFixtures.ALICE;
import static id.nu.oauth.core.AuthorizeFixtures.FIRST;
import static id.nu.oauth.core.AuthorizeFixtures.FIRST_CB;
import static id.nu.oauth.core.AuthorizeFixtures.PORTAL;
import static id.nu.oauth.core.AuthorizeFixtures.PORTAL_CB;
import static id.nu.oauth.core.AuthorizeFixtures.asErrorPage;
import static id.nu.oauth.core.AuthorizeFixtures.error;
import static id.nu.oauth.core.AuthorizeFixtures.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import id.nu.oauth.storage.ClientStore;
import id.nu.oauth.storage.CodeStore;
import id.nu.oauth.storage.ConsentStore;
import id.nu.oauth.storage.Storage;
import id.nu.oauth.storage.memory.InMemoryStorage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A failing store is answered, never thrown at the host: {@code server_error} (RFC 6749 §4.1.2.1) on
 * an error page while the redirect URI is not yet trusted, as an error redirect once it is.
 */
class AuthorizeStorageFaultTest {

    private final InMemoryStorage real = InMemoryStorage.create();
    private final Storage storage = mock(Storage.class);
    private final ClientStore clients = spy(real.clients());
    private final ConsentStore consents = spy(real.consents());
    private final CodeStore codes = spy(real.codes());

    AuthorizeStorageFaultTest() {
        when(storage.clients()).thenReturn(clients);
        when(storage.consents()).thenReturn(consents);
        when(storage.codes()).thenReturn(codes);
        when(storage.grants()).thenReturn(real.grants());
        when(storage.tokens()).thenReturn(real.tokens());
    }

    private static Map<String, List<String>> portal() {
        return params("response_type", "code", "client_id", PORTAL, "redirect_uri", PORTAL_CB,
                "scope", "openid", "state", "f-1");
    }

    private static Map<String, List<String>> first() {
        return params("response_type", "code", "client_id", FIRST, "redirect_uri", FIRST_CB, "state", "f-2");
    }

    @Test
    void clientLookupFailureShowsServerErrorPage() { // the redirect URI cannot be verified: no redirect
        AuthorizationServer server = AuthorizeFixtures.server(storage);
        when(clients.find(anyString())).thenThrow(new IllegalStateException("database down"));
        AuthorizeResult result = server.authorize(AuthorizeRequest.of(portal(), ALICE));
        assertThat(asErrorPage(result).error().code()).isEqualTo("server_error");
        assertThat(asErrorPage(result).error().description()).doesNotContain("database");
    }

    @Test
    void storeReturningNothingUsableShowsServerErrorPage() {
        AuthorizationServer server = AuthorizeFixtures.server(storage);
        when(storage.clients()).thenReturn(null);
        assertThat(asErrorPage(server.authorize(AuthorizeRequest.of(portal(), null))).error().code())
                .isEqualTo("server_error");
    }

    @Test
    void consentLookupFailureRedirectsServerErrorWithState() { // RFC 6749 §4.1.2.1
        AuthorizationServer server = AuthorizeFixtures.server(storage);
        when(consents.find(anyString(), anyString())).thenThrow(new IllegalStateException("database down"));
        AuthorizationErrorResponse err = error(server.authorize(AuthorizeRequest.of(portal(), ALICE)), "server_error");
        assertThat(err.getState().getValue()).isEqualTo("f-1");
        assertThat(err.getRedirectionURI().toString()).isEqualTo(PORTAL_CB);
    }

    @Test
    void consentSaveFailureRedirectsServerErrorWithStateAndIssuesNoCode() {
        AuthorizationServer server = AuthorizeFixtures.server(storage);
        doThrow(new IllegalStateException("database down")).when(consents).save(any());
        AuthorizeResult result = server.authorize(AuthorizeRequest.of(portal(), ALICE)
                .withConsent(ConsentDecision.APPROVED));
        assertThat(error(result, "server_error").getState().getValue()).isEqualTo("f-1");
        verify(codes, never()).save(any());
    }

    @Test
    void codeSaveFailureRedirectsServerErrorWithState() {
        AuthorizationServer server = AuthorizeFixtures.server(storage);
        doThrow(new IllegalStateException("database down")).when(codes).save(any());
        AuthorizeResult result = server.authorize(AuthorizeRequest.of(first(), ALICE));
        assertThat(error(result, "server_error").getState().getValue()).isEqualTo("f-2");
    }

    @Test
    void faultWithoutAStateStillRedirectsServerError() {
        AuthorizationServer server = AuthorizeFixtures.server(storage);
        doThrow(new IllegalStateException("database down")).when(codes).save(any());
        Map<String, List<String>> request = AuthorizeFixtures.without(first(), "state");
        assertThat(error(server.authorize(AuthorizeRequest.of(request, ALICE)), "server_error").getState()).isNull();
    }

    @Test
    void storeIsNotTouchedAfterTheRequestIsRefused() { // a bad request costs no write
        AuthorizationServer server = AuthorizeFixtures.server(storage);
        error(server.authorize(AuthorizeRequest.of(AuthorizeFixtures.with(portal(), "scope", "admin"), ALICE)
                .withConsent(ConsentDecision.APPROVED)), "invalid_scope");
        verify(consents, never()).save(any());
        verify(codes, never()).save(any());
    }

    @Test
    void faultsAreNeverThrownAtTheHost() {
        AuthorizationServer server = AuthorizeFixtures.server(storage);
        when(clients.find(anyString())).thenThrow(new RuntimeException("boom"));
        when(consents.find(anyString(), anyString())).thenThrow(new RuntimeException("boom"));
        doThrow(new RuntimeException("boom")).when(codes).save(any());
        for (ConsentDecision decision : ConsentDecision.values()) {
            assertThat(server.authorize(AuthorizeRequest.of(portal(), ALICE).withConsent(decision)))
                    .isInstanceOf(AuthorizeResult.ErrorPage.class);
            assertThat(server.authorize(AuthorizeRequest.of(first(), null).withConsent(decision)))
                    .isInstanceOf(AuthorizeResult.ErrorPage.class);
        }
    }
}
