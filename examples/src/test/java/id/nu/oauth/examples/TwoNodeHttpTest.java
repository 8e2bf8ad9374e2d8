package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import id.nu.oauth.examples.OAuthHttp.IssuedCode;
import id.nu.oauth.examples.OAuthHttp.TestClient;
import id.nu.oauth.examples.OAuthHttp.Tokens;
import id.nu.oauth.servlet.ConsentView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two portal nodes, two servlet containers (Jetty 12 and Tomcat 11) on 127.0.0.1, both started with
 * {@code --storage postgres:<url>} on ONE real PostgreSQL and the same {@code --issuer}, as two
 * stateless nodes behind a load balancer. Everything goes over real HTTP; whatever one node does, the
 * other sees at once, and the single-use guarantees hold across both.
 *
 * <p>The races fire {@value #RACERS} requests at once (a bounded pool of {@value #RACERS} threads held
 * at a start gate), alternating between the nodes.
 */
class TwoNodeHttpTest {

    /** Not either node's own address: the one name the portal has (its load balancer's). */
    private static final String ISSUER = "https://portal.example.or.id/api";
    private static final int RACERS = 50;
    private static final int CODE_RACE_RUNS = 5;
    private static final int REFRESH_RACE_RUNS = 3;

    private static RunningDemo nodeA;
    private static RunningDemo nodeB;
    private static ExecutorService racers;
    private static ExecutorService httpExecutor;
    private static HttpClient httpClient;
    private static OAuthHttp http;
    private static TestClient confidential;

    @BeforeAll
    static void startTwoNodesOnOneDatabase() throws Exception {
        String url = TestPostgres.newDatabase("two_nodes");
        DemoOptions options = DemoOptions.parse(new String[] {"--port", "0", "--storage", "postgres:" + url,
                "--issuer", ISSUER});
        // one configuration for both nodes, as one portal: the built-in confidential client's secret is
        // made afresh with each configuration
        DemoConfig config = DemoConfig.builtIn();
        confidential = TestClient.confidential(config);
        nodeA = JettyDemo.start(options, config);
        nodeB = TomcatDemo.start(options, config);
        assertThat(nodeA.origin()).isNotEqualTo(nodeB.origin());
        racers = Executors.newFixedThreadPool(RACERS);
        httpExecutor = Executors.newFixedThreadPool(4);
        httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpExecutor)
                .connectTimeout(Duration.ofSeconds(5)).build();
        http = new OAuthHttp(httpClient);
    }

    @AfterAll
    static void stopNodes() throws Exception {
        try {
            if (racers != null) {
                racers.shutdownNow();
                racers.awaitTermination(30, TimeUnit.SECONDS);
            }
            if (httpExecutor != null) {
                httpExecutor.shutdownNow();
            }
        } finally {
            try {
                if (nodeA != null) {
                    nodeA.close();
                }
            } finally {
                if (nodeB != null) {
                    nodeB.close();
                }
            }
        }
    }

    private static URI a() {
        return nodeA.origin();
    }

    private static URI b() {
        return nodeB.origin();
    }

    @Test
    void bothNodesNameTheSameIssuer_rfc9207() throws Exception {
        for (RunningDemo node : List.of(nodeA, nodeB)) {
            Browser browser = OAuthHttp.signIn(node.origin(), DemoPortal.DEMO_USERNAME, DemoPortal.DEMO_PASSWORD);
            assertThat(OAuthHttp.authorize(browser, node.origin(), TestClient.PKCE).iss()).isEqualTo(ISSUER);
            assertThat(node.portal().banner()).contains("Issuer:       " + ISSUER);
        }
    }

    @Test
    void theDemoClientAcceptsTheConfiguredIssuer_rfc9207_2_4() throws Exception {
        Browser browser = OAuthHttp.signIn(b(), DemoPortal.DEMO_USERNAME, DemoPortal.DEMO_PASSWORD);
        Browser.Page start = browser.get(b().resolve("/demo-client/"));
        Browser.Page result = browser.submit(start.form("/demo-client/start", "value=\"demo-pkce\""));
        if (result.url().getPath().equals("/api/oauth/authorize")) { // no consent stored yet by another test
            result = browser.submit(result.form("", ConsentView.APPROVE)
                    .with(ConsentView.DECISION_FIELD, ConsentView.APPROVE));
        }
        assertThat(result.url().getPath()).isEqualTo("/demo-client/");
        assertThat(result.body()).contains("iss names this server (RFC 9207)").doesNotContain("wrong issuer");
        assertThat(Browser.elementText(result.body(), "access-token")).isNotBlank();
    }

    @Test
    void aCodeIssuedByNodeAIsRedeemedAtNodeB_rfc6749_4_1_3() throws Exception {
        Browser browser = OAuthHttp.signIn(a(), DemoPortal.DEMO_USERNAME, DemoPortal.DEMO_PASSWORD);
        IssuedCode code = OAuthHttp.authorize(browser, a(), TestClient.PKCE); // login and consent on A
        Tokens tokens = http.redeem(b(), code);
        assertThat(http.api(b(), tokens.access())).isEqualTo(200);
        assertThat(http.api(a(), tokens.access())).isEqualTo(200);
        assertThat(OAuthHttp.tokens(http.refresh(a(), TestClient.PKCE, tokens.refresh())).access()).isNotBlank();

        // RFC 6749 §4.1.2: the code is spent on both nodes, and its replay at A revokes what B issued
        HttpResponse<String> replay = http.post(a(), "/api/oauth/token", TestClient.PKCE, code.redeemForm());
        assertThat(OAuthHttp.error(replay)).isEqualTo("invalid_grant");
        assertThat(http.api(b(), tokens.access())).isEqualTo(401);
    }

    @Test
    void aRevocationAtNodeAIsSeenAtNodeBAtOnce_rfc7009_2_1() throws Exception {
        Browser browser = OAuthHttp.signIn(b(), DemoPortal.DEMO_USERNAME, DemoPortal.DEMO_PASSWORD);
        Tokens tokens = http.redeem(b(), OAuthHttp.authorize(browser, b(), confidential));
        assertThat(http.api(b(), tokens.access())).isEqualTo(200);

        assertThat(http.revoke(a(), confidential, tokens.access()).statusCode()).isEqualTo(200);
        assertThat(http.api(b(), tokens.access())).isEqualTo(401); // the very next request, no cache to expire

        Tokens renewed = OAuthHttp.tokens(http.refresh(b(), confidential, tokens.refresh()));
        assertThat(http.api(b(), renewed.access())).isEqualTo(200);
        // revoking the refresh token at A revokes the grant: B refuses the refresh and every access token
        assertThat(http.revoke(a(), confidential, tokens.refresh()).statusCode()).isEqualTo(200);
        assertThat(OAuthHttp.error(http.refresh(b(), confidential, tokens.refresh())))
                .isEqualTo("invalid_grant");
        assertThat(http.api(b(), renewed.access())).isEqualTo(401);
    }

    /**
     * RFC 6749 §4.1.2: a code is used once, and when it is used again every token issued for it is
     * revoked. {@code CodeStore.consume} lets exactly one redemption consume the code; every other
     * is a replay and revokes the code's grant with {@code GrantStore.revokeBeforeCreation}, which
     * holds whether the winner has stored the grant yet or not (it stores it revoked if not). So when
     * {@value #RACERS} redemptions race over both nodes, exactly one gets 200, every other one gets
     * invalid_grant, and afterwards no token of the code is active on either node.
     */
    @Test
    void fiftyConcurrentRedemptionsOfOneCodeOverBothNodesSucceedExactlyOnce_rfc6749_4_1_2() throws Exception {
        Browser browser = OAuthHttp.signIn(a(), DemoPortal.DEMO_USERNAME, DemoPortal.DEMO_PASSWORD);
        List<Integer> successesPerRun = new ArrayList<>();
        for (int run = 0; run < CODE_RACE_RUNS; run++) {
            IssuedCode code = OAuthHttp.authorize(browser, a(), TestClient.PKCE);
            List<HttpResponse<String>> answers = race(i -> OAuthHttp.postRequest(i % 2 == 0 ? a() : b(),
                    "/api/oauth/token", TestClient.PKCE, code.redeemForm()));
            List<HttpResponse<String>> ok = successes(answers);
            successesPerRun.add(ok.size());
            assertThat(ok).hasSize(1);
            assertOthersAreInvalidGrant(answers);
            Tokens tokens = OAuthHttp.tokens(ok.get(0));
            assertThat(http.api(a(), tokens.access())).isEqualTo(401);
            assertThat(http.api(b(), tokens.access())).isEqualTo(401);
            assertThat(OAuthHttp.error(http.refresh(b(), TestClient.PKCE, tokens.refresh()))).isEqualTo("invalid_grant");
        }
        System.out.println("TwoNodeHttpTest: 200s per run of " + RACERS + " concurrent redemptions of one code: "
                + successesPerRun);
    }

    /**
     * RFC 9700 §4.14.2 (refresh token rotation): {@value #RACERS} refreshes with one rotating refresh
     * token over both nodes; the compare-and-swap in the database lets exactly one through. The others
     * are reuse of a rotated token, which revokes the grant, so the winner's new tokens die too.
     */
    @Test
    void fiftyConcurrentRefreshesOfOneRotatingTokenOverBothNodesSucceedExactlyOnce_rfc9700_4_14_2()
            throws Exception {
        Browser browser = OAuthHttp.signIn(b(), DemoPortal.DEMO_USERNAME, DemoPortal.DEMO_PASSWORD);
        List<Integer> successesPerRun = new ArrayList<>();
        for (int run = 0; run < REFRESH_RACE_RUNS; run++) {
            Tokens original = http.redeem(a(), OAuthHttp.authorize(browser, b(), TestClient.PKCE));
            List<HttpResponse<String>> answers = race(i -> OAuthHttp.postRequest(i % 2 == 0 ? a() : b(),
                    "/api/oauth/refreshAccessToken", TestClient.PKCE,
                    OAuthHttp.refreshForm(TestClient.PKCE, original.refresh())));
            List<HttpResponse<String>> ok = successes(answers);
            successesPerRun.add(ok.size());
            assertThat(ok).hasSize(1);
            assertOthersAreInvalidGrant(answers);
            Tokens winner = OAuthHttp.tokens(ok.get(0));
            assertThat(winner.refresh()).isNotEqualTo(original.refresh());
            assertThat(OAuthHttp.error(http.refresh(a(), TestClient.PKCE, winner.refresh()))).isEqualTo("invalid_grant");
            assertThat(http.api(b(), winner.access())).isEqualTo(401);
            assertThat(http.api(a(), original.access())).isEqualTo(401);
        }
        System.out.println("TwoNodeHttpTest: 200s per run of " + RACERS + " concurrent refreshes of one token: "
                + successesPerRun);
    }

    /** Builds request {@code i} for each racer, releases them together, and collects every answer. */
    private static List<HttpResponse<String>> race(java.util.function.IntFunction<HttpRequest> request)
            throws Exception {
        CountDownLatch ready = new CountDownLatch(RACERS);
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            HttpRequest r = request.apply(i);
            futures.add(racers.submit(() -> {
                ready.countDown();
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the start gate never opened");
                }
                return httpClient.send(r, HttpResponse.BodyHandlers.ofString());
            }));
        }
        assertThat(ready.await(30, TimeUnit.SECONDS)).as("all racers at the gate").isTrue();
        gate.countDown();
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (Future<HttpResponse<String>> f : futures) {
            answers.add(f.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }

    private static List<HttpResponse<String>> successes(List<HttpResponse<String>> answers) {
        return answers.stream().filter(r -> r.statusCode() == 200).toList();
    }

    /** Every loser is a clean 400 invalid_grant: no 500 from a storage fault under contention. */
    private static void assertOthersAreInvalidGrant(List<HttpResponse<String>> answers) throws Exception {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (HttpResponse<String> r : answers) {
            String outcome = r.statusCode() == 200 ? "200" : r.statusCode() + " " + (r.statusCode() == 400
                    ? OAuthHttp.error(r) : r.body());
            outcomes.merge(outcome, 1, Integer::sum);
        }
        assertThat(outcomes.keySet()).as(outcomes.toString()).isSubsetOf("200", "400 invalid_grant");
        assertThat(outcomes.getOrDefault("400 invalid_grant", 0) + outcomes.getOrDefault("200", 0)).isEqualTo(RACERS);
    }
}
