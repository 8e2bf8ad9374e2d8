package id.nu.oauth.core;

import static id.nu.oauth.core.TokenFixtures.MOBILE;
import static id.nu.oauth.core.TokenFixtures.MOBILE_REDIRECT;
import static id.nu.oauth.core.TokenFixtures.PORTAL;
import static id.nu.oauth.core.TokenFixtures.PORTAL_SECRET;
import static id.nu.oauth.core.TokenFixtures.SUBJECT;
import static id.nu.oauth.core.TokenFixtures.assertError;
import static id.nu.oauth.core.TokenFixtures.basic;
import static id.nu.oauth.core.TokenFixtures.form;
import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.client.GrantType;
import id.nu.oauth.storage.TokenKind;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The engine's events (issue 12 item 1): what is emitted where, the correlation id, failing listeners. */
class EventsTest {

    private final List<OAuthEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final List<String> mdcDuringEvents = Collections.synchronizedList(new ArrayList<>());
    private final TokenFixtures f = TokenFixtures.create(b -> b.eventListener(event -> {
        events.add(event);
        mdcDuringEvents.add(String.valueOf(Events.correlationId()));
    }));

    private <T extends OAuthEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void codeFlowEmitsCodeIssuedRedeemedAndTokensIssued() { // RFC 6749 §4.1.2, §4.1.3
        TokenFixtures.PkceCode c = f.mobileCode();
        OAuthEvent.CodeIssued issued = of(OAuthEvent.CodeIssued.class).get(0);
        assertThat(issued.clientId()).isEqualTo(MOBILE);
        assertThat(issued.subject()).isEqualTo(SUBJECT);
        assertThat(issued.severity()).isEqualTo(OAuthEvent.Severity.DEBUG);
        assertThat(issued.at()).isEqualTo(f.clock.instant());

        EndpointResponse r = f.token(form("grant_type", "authorization_code", "code", c.code(),
                "redirect_uri", MOBILE_REDIRECT, "client_id", MOBILE, "code_verifier", c.verifier()));
        assertThat(r.status()).isEqualTo(200);
        OAuthEvent.CodeRedeemed redeemed = of(OAuthEvent.CodeRedeemed.class).get(0);
        assertThat(redeemed.grantId()).isEqualTo(issued.grantId());
        OAuthEvent.TokensIssued tokens = of(OAuthEvent.TokensIssued.class).get(0);
        assertThat(tokens.grantType()).isEqualTo(GrantType.AUTHORIZATION_CODE);
        assertThat(tokens.refreshToken()).isTrue();
        assertThat(tokens.grantId()).isEqualTo(issued.grantId());
        assertThat(tokens.correlationId()).isEqualTo(r.header(RequestScope.HEADER));
        OAuthEvent.RequestCompleted done = of(OAuthEvent.RequestCompleted.class).get(1);
        assertThat(done.endpoint()).isEqualTo(OAuthEvent.Endpoint.TOKEN);
        assertThat(done.grantType()).isEqualTo(GrantType.AUTHORIZATION_CODE);
        assertThat(done.clientId()).isEqualTo(MOBILE);
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.error()).isNull();
        assertThat(done.duration()).isGreaterThanOrEqualTo(Duration.ZERO);
    }

    @Test
    void codeReplayIsAWarnEventNamingTheRevokedGrant() { // RFC 6749 §4.1.2
        TokenFixtures.PkceCode c = f.mobileCode();
        Map<String, String> form = form("grant_type", "authorization_code", "code", c.code(),
                "redirect_uri", MOBILE_REDIRECT, "client_id", MOBILE, "code_verifier", c.verifier());
        f.token(form);
        EndpointResponse replay = f.token(form);
        assertError(replay, 400, "invalid_grant");
        OAuthEvent.CodeReplayed replayed = of(OAuthEvent.CodeReplayed.class).get(0);
        assertThat(replayed.severity()).isEqualTo(OAuthEvent.Severity.WARN);
        assertThat(replayed.grantId()).isEqualTo(of(OAuthEvent.CodeIssued.class).get(0).grantId());
        assertThat(replayed.correlationId()).isEqualTo(replay.header(RequestScope.HEADER));
        OAuthEvent.ErrorAnswered error = of(OAuthEvent.ErrorAnswered.class).get(0);
        assertThat(error.error()).isEqualTo(ErrorCode.INVALID_GRANT);
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.endpoint()).isEqualTo(OAuthEvent.Endpoint.TOKEN);
        assertThat(error.clientId()).isEqualTo(MOBILE);
    }

    @Test
    void rotationAndReuseDetection() { // RFC 9700 §4.14.2
        TokenFixtures.Tokens first = f.mobileTokens();
        f.token(form("grant_type", "refresh_token", "refresh_token", first.refresh(), "client_id", MOBILE));
        OAuthEvent.TokensRefreshed rotated = of(OAuthEvent.TokensRefreshed.class).get(0);
        assertThat(rotated.rotated()).isTrue();
        assertThat(rotated.type()).isEqualTo("tokens.rotated");

        assertError(f.token(form("grant_type", "refresh_token", "refresh_token", first.refresh(), "client_id", MOBILE)),
                400, "invalid_grant");
        OAuthEvent.RefreshReuseDetected reuse = of(OAuthEvent.RefreshReuseDetected.class).get(0);
        assertThat(reuse.severity()).isEqualTo(OAuthEvent.Severity.WARN);
        assertThat(reuse.grantId()).isEqualTo(rotated.grantId());
        assertThat(reuse.subject()).isEqualTo(SUBJECT);
    }

    @Test
    void keptRefreshTokenIsRefreshedNotRotated() { // RFC 6749 §6
        TokenFixtures.Tokens first = f.portalTokens();
        f.token(form("grant_type", "refresh_token", "refresh_token", first.refresh()), basic(PORTAL, PORTAL_SECRET));
        assertThat(of(OAuthEvent.TokensRefreshed.class)).singleElement()
                .satisfies(e -> assertThat(e.type()).isEqualTo("tokens.refreshed"));
    }

    @Test
    void failedClientAuthenticationNamesOnlyARegisteredClient() { // RFC 6749 §2.3.1, §5.2
        assertError(f.token(form("grant_type", "client_credentials"), basic(PORTAL, "wrong")), 401, "invalid_client");
        assertError(f.token(form("grant_type", "client_credentials"), basic("no-such-client", "wrong")), 401,
                "invalid_client");
        List<OAuthEvent.ClientAuthenticationFailed> failed = of(OAuthEvent.ClientAuthenticationFailed.class);
        assertThat(failed).hasSize(2);
        assertThat(failed.get(0).clientId()).isEqualTo(PORTAL);
        assertThat(failed.get(0).severity()).isEqualTo(OAuthEvent.Severity.INFO);
        assertThat(failed.get(0).endpoint()).isEqualTo(OAuthEvent.Endpoint.TOKEN);
        assertThat(failed.get(1).clientId()).isNull();
        assertThat(of(OAuthEvent.ErrorAnswered.class)).extracting(OAuthEvent.ErrorAnswered::status)
                .containsExactly(401, 401);
    }

    @Test
    void revocationOfARefreshTokenRevokesTheGrant() { // RFC 7009 §2.1
        TokenFixtures.Tokens tokens = f.mobileTokens();
        f.revoke(form("token", tokens.access()));
        f.revoke(form("token", tokens.refresh()));
        OAuthEvent.TokenRevoked access = of(OAuthEvent.TokenRevoked.class).get(0);
        assertThat(access.kind()).isEqualTo(TokenKind.ACCESS);
        assertThat(access.clientId()).isEqualTo(MOBILE);
        OAuthEvent.GrantRevoked grant = of(OAuthEvent.GrantRevoked.class).get(0);
        assertThat(grant.grantId()).isEqualTo(access.grantId());
        assertThat(grant.subject()).isEqualTo(SUBJECT);
    }

    @Test
    void introspectionSaysWhoAskedAndTheAnswer() { // RFC 7662 §2
        TokenFixtures.Tokens tokens = f.portalTokens();
        f.server.introspect(EndpointRequest.of(form("token", tokens.access()), basic(PORTAL, PORTAL_SECRET)));
        f.server.introspect(EndpointRequest.of(form("token", "not-a-token"), basic(PORTAL, PORTAL_SECRET)));
        assertThat(of(OAuthEvent.Introspected.class)).extracting(OAuthEvent.Introspected::clientId,
                OAuthEvent.Introspected::active).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(PORTAL, true),
                        org.assertj.core.groups.Tuple.tuple(PORTAL, false));
    }

    @Test
    void authorizeEmitsLoginHandOffConsentAndErrorPages() { // RFC 6749 §4.1.1, §4.1.2.1
        Map<String, String> query = form("response_type", "code", "client_id", PORTAL,
                "redirect_uri", TokenFixtures.PORTAL_REDIRECT, "scope", "profile");
        f.server.authorize(AuthorizeRequest.of(Params.singleValued(query), null));
        assertThat(of(OAuthEvent.LoginRequested.class)).as("%s", events).singleElement()
                .satisfies(e -> assertThat(e.clientId()).isEqualTo(PORTAL));
        AuthenticatedUser user = new AuthenticatedUser(SUBJECT, f.clock.instant());
        f.server.authorize(AuthorizeRequest.of(Params.singleValued(query), user).withConsent(ConsentDecision.DENIED));
        assertThat(of(OAuthEvent.ConsentDenied.class)).singleElement()
                .satisfies(e -> assertThat(e.subject()).isEqualTo(SUBJECT));
        OAuthEvent.ErrorAnswered denied = of(OAuthEvent.ErrorAnswered.class).get(0);
        assertThat(denied.error()).isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(denied.status()).isEqualTo(302); // an error redirect (RFC 6749 §4.1.2.1)
        f.server.authorize(AuthorizeRequest.of(Params.singleValued(query), user).withConsent(ConsentDecision.APPROVED));
        assertThat(of(OAuthEvent.ConsentGiven.class)).singleElement()
                .satisfies(e -> assertThat(e.clientId()).isEqualTo(PORTAL));

        f.server.authorize(AuthorizeRequest.of(Params.singleValued(form("response_type", "code",
                "client_id", "unknown-client")), user));
        OAuthEvent.ErrorAnswered page = of(OAuthEvent.ErrorAnswered.class).get(1);
        assertThat(page.error()).isEqualTo(ErrorCode.INVALID_CLIENT);
        assertThat(page.clientId()).isNull();
        assertThat(page.status()).isEqualTo(400);
        assertThat(of(OAuthEvent.RequestCompleted.class)).extracting(OAuthEvent.RequestCompleted::endpoint)
                .containsOnly(OAuthEvent.Endpoint.AUTHORIZE);
    }

    @Test
    void clientsRegisteredAtStartUpAreEvents() {
        List<OAuthEvent> startUp = new ArrayList<>();
        id.nu.oauth.storage.Storage storage = id.nu.oauth.storage.memory.InMemoryStorage.create();
        id.nu.oauth.client.Client app = id.nu.oauth.client.Client.publicClient("app").redirectUri("id.nu.app:/cb").build();
        AuthorizationServer.builder().issuer(TokenFixtures.ISSUER).storage(storage).client(app)
                .eventListener(startUp::add).build();
        AuthorizationServer.builder().issuer(TokenFixtures.ISSUER).storage(storage).client(app)
                .eventListener(startUp::add).build();
        AuthorizationServer.builder().issuer(TokenFixtures.ISSUER).storage(storage)
                .client(id.nu.oauth.client.Client.publicClient("app").redirectUri("id.nu.app:/other").build())
                .eventListener(startUp::add).build();
        assertThat(startUp).extracting(OAuthEvent::type).containsExactly("client.registered", "client.changed");
        assertThat(startUp).extracting(OAuthEvent::correlationId).containsOnlyNulls();
    }

    @Test
    void keyRotationHookEmitsKeyRotated() {
        f.server.signingKeyRotated("kid-2026-12", SigningAlgorithm.ES256);
        assertThat(of(OAuthEvent.KeyRotated.class)).singleElement().satisfies(e -> {
            assertThat(e.keyId()).isEqualTo("kid-2026-12");
            assertThat(e.algorithm()).isEqualTo(SigningAlgorithm.ES256);
            assertThat(e.severity()).isEqualTo(OAuthEvent.Severity.INFO);
        });
    }

    @Test
    void correlationIdIsInTheMdcDuringTheCallAndTheHeaderAfterwards() {
        AtomicInteger n = new AtomicInteger();
        List<OAuthEvent> seen = new ArrayList<>();
        TokenFixtures g = TokenFixtures.create(b -> b.correlationIds(() -> "corr-" + n.incrementAndGet())
                .eventListener(seen::add));
        EndpointResponse r = g.token(form("grant_type", "client_credentials"),
                basic(TokenFixtures.SERVICE, TokenFixtures.SERVICE_SECRET));
        assertThat(r.header(RequestScope.HEADER)).isEqualTo("corr-1");
        assertThat(seen).filteredOn(e -> !(e instanceof OAuthEvent.ClientRegistered))
                .extracting(OAuthEvent::correlationId).containsOnly("corr-1");
        assertThat(Events.correlationId()).isNull(); // the call's context is gone after it

        EndpointResponse error = g.token(form("grant_type", "client_credentials"));
        assertThat(error.status()).isEqualTo(401);
        assertThat(error.header(RequestScope.HEADER)).isEqualTo("corr-2");
        assertThat(g.server.handle(EndpointRequest.builder("GET", "/oauth/nowhere").build())
                .header(RequestScope.HEADER)).isEqualTo("corr-3");
    }

    /** (The MDC itself is checked where a logger with an MDC runs the tests: the micrometer module, logback.) */
    @Test
    void theCallsContextHoldsTheIdWhileListenersRun() {
        mdcDuringEvents.clear();
        EndpointResponse r = f.token(form("grant_type", "client_credentials"),
                basic(TokenFixtures.SERVICE, TokenFixtures.SERVICE_SECRET));
        assertThat(mdcDuringEvents).isNotEmpty().containsOnly(r.header(RequestScope.HEADER));
        assertThat(Events.correlationId()).isNull();
    }

    @Test
    void anOpenRequestScopeIsSharedByTheCallsInIt() {
        String id;
        try (RequestScope scope = f.server.requestScope()) {
            id = scope.correlationId();
            assertThat(Events.correlationId()).isEqualTo(id);
            EndpointResponse r = f.token(form("grant_type", "client_credentials"),
                    basic(TokenFixtures.SERVICE, TokenFixtures.SERVICE_SECRET));
            assertThat(r.header(RequestScope.HEADER)).isEqualTo(id);
            f.server.authorize(AuthorizeRequest.of(Params.singleValued(form("client_id", "unknown")), null));
            assertThat(Events.correlationId()).isEqualTo(id); // still open after the engine's calls
        }
        assertThat(Events.correlationId()).isNull();
        assertThat(events).filteredOn(e -> !(e instanceof OAuthEvent.ClientRegistered)).extracting(OAuthEvent::correlationId).containsOnly(id);
    }

    @Test
    void aFailingCorrelationIdSourceNeverFailsTheRequest() {
        TokenFixtures g = TokenFixtures.create(b -> b.correlationIds(() -> {
            throw new IllegalStateException("no randomness");
        }));
        EndpointResponse r = g.token(form("grant_type", "client_credentials"),
                basic(TokenFixtures.SERVICE, TokenFixtures.SERVICE_SECRET));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header(RequestScope.HEADER)).isEqualTo("-");
    }

    @Test
    void aThrowingListenerNeverFailsTheRequestAndLaterListenersStillHear() {
        List<OAuthEvent> after = new ArrayList<>();
        TokenFixtures g = TokenFixtures.create(b -> b
                .eventListener(event -> {
                    throw new IllegalStateException("listener broke with secret data");
                })
                .eventListener(after::add));
        TokenFixtures.Tokens tokens = g.mobileTokens();
        assertThat(tokens.access()).isNotBlank();
        assertThat(after).extracting(OAuthEvent::type).contains("code.issued", "code.redeemed", "tokens.issued");
    }

    @Test
    void defaultLogLineHasTypeClientSubjectGrantAndCorrelation() {
        OAuthEvent.CodeReplayed e = new OAuthEvent.CodeReplayed(Instant.EPOCH, "c0rr", "mobile-app", "user 42",
                "g1");
        assertThat(LoggingEventListener.line(e))
                .isEqualTo("event=code.replayed client=mobile-app subject=\"user 42\" grant=g1 correlation=c0rr");
        assertThat(LoggingEventListener.line(new OAuthEvent.ConsentGiven(Instant.EPOCH, null, "a", "x\ny")))
                .isEqualTo("event=consent.given client=a subject=\"x\\u000ay\""); // no forged second line
    }

    /** The structural promise: no event component could hold a token, a code, a secret or a password. */
    @Test
    void noEventRecordHasAComponentThatCouldHoldACredential() {
        Set<String> identifiers = Set.of("correlationId", "clientId", "subject", "grantId", "keyId");
        Set<Class<?>> values = Set.of(Instant.class, Duration.class, boolean.class, int.class);
        Class<?>[] kinds = OAuthEvent.class.getPermittedSubclasses();
        assertThat(kinds).hasSizeGreaterThanOrEqualTo(15);
        for (Class<?> kind : kinds) {
            assertThat(kind.isRecord()).as(kind.getSimpleName()).isTrue();
            for (RecordComponent c : kind.getRecordComponents()) {
                Class<?> type = c.getType();
                if (type == String.class) {
                    assertThat(identifiers).as(kind.getSimpleName() + "." + c.getName()).contains(c.getName());
                } else {
                    assertThat(values.contains(type) || type.isEnum())
                            .as(kind.getSimpleName() + "." + c.getName() + " is " + type).isTrue();
                }
            }
        }
    }
}
