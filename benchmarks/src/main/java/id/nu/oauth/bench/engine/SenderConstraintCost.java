package id.nu.oauth.bench.engine;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import id.nu.oauth.client.Client;
import id.nu.oauth.client.ClientKeys;
import id.nu.oauth.client.GrantType;
import id.nu.oauth.client.SecretHash;
import id.nu.oauth.core.AuthenticatedUser;
import id.nu.oauth.core.AuthorizationServer;
import id.nu.oauth.core.AuthorizeRequest;
import id.nu.oauth.core.AuthorizeResult;
import id.nu.oauth.core.ConsentDecision;
import id.nu.oauth.core.EndpointRequest;
import id.nu.oauth.core.EndpointResponse;
import id.nu.oauth.core.Endpoints;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What sender-constrained tokens and key-based client authentication cost the server (issue 11):
 * the engine's CPU time per token request (this thread's CPU time, so waiting for a core on a shared
 * machine is not counted), in process, with proofs and assertions made beforehand by Nimbus (the
 * client's cost is not counted). Cases: client_credentials authenticated by secret, by
 * {@code private_key_jwt} (ES256), and by secret with a DPoP proof (ES256); a public client's refresh
 * without and with DPoP (rotating).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar id.nu.oauth.bench.engine.SenderConstraintCost [ops-per-round]
 * </pre>
 */
public final class SenderConstraintCost {

    private static final URI ISSUER = URI.create("https://nu.id/api");
    private static final URI TOKEN = URI.create("https://nu.id/api/oauth/token");
    private static final String SECRET = SecretHash.generateSecret();

    private SenderConstraintCost() {
    }

    public static void main(String[] args) throws Exception {
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        ECKey clientKey = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
        ECKey dpopKey = new ECKeyGenerator(Curve.P_256).generate();
        AuthorizationServer server = AuthorizationServer.builder().issuer(ISSUER)
                .client(Client.confidential("svc", SecretHash.of(SECRET)).grantTypes(GrantType.CLIENT_CREDENTIALS)
                        .scopes("a").build())
                .client(Client.confidentialWithKeys("keyed", ClientKeys.inline(new JWKSet(clientKey.toPublicJWK()).toString()))
                        .grantTypes(GrantType.CLIENT_CREDENTIALS).scopes("a").build())
                .client(Client.publicClient("app").redirectUri("id.nu.app:/cb").scopes("a").build())
                .build();
        DefaultDPoPProofFactory proofs = new DefaultDPoPProofFactory(dpopKey, JWSAlgorithm.ES256);
        String basic = "Basic " + Base64.getEncoder().encodeToString(("svc:" + URLEncoder.encode(SECRET,
                StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));

        System.out.printf("%-44s %10s %10s %10s%n", "case (" + ops + " ops per round)", "median µs", "min µs", "max µs");
        run("client_credentials, client_secret_basic", ops, i -> null, i -> server.handle(post(Endpoints.TOKEN,
                "grant_type=client_credentials", basic, null)));
        run("client_credentials, private_key_jwt ES256", ops, i -> assertion(clientKey), a -> server.handle(
                post(Endpoints.TOKEN, "grant_type=client_credentials&client_assertion_type="
                        + "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=" + a, null,
                        null)));
        run("client_credentials, secret + DPoP ES256", ops, i -> proof(proofs, Endpoints.TOKEN),
                p -> server.handle(post(Endpoints.TOKEN, "grant_type=client_credentials", basic, p)));
        com.nimbusds.jose.jwk.RSAKey rsa = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).generate();
        DefaultDPoPProofFactory rsaProofs = new DefaultDPoPProofFactory(rsa, JWSAlgorithm.PS256);
        run("client_credentials, secret + DPoP PS256", ops, i -> proof(rsaProofs, Endpoints.TOKEN),
                p -> server.handle(post(Endpoints.TOKEN, "grant_type=client_credentials", basic, p)));
        String[] bearerRefresh = {refreshToken(server, null)};
        run("refresh (public, rotating), bearer", ops, i -> null, x -> {
            EndpointResponse r = server.handle(post(Endpoints.TOKEN, "grant_type=refresh_token&client_id=app&refresh_token="
                    + bearerRefresh[0], null, null));
            bearerRefresh[0] = field(r.body(), "refresh_token");
            return r;
        });
        String[] dpopRefresh = {refreshToken(server, proof(proofs, Endpoints.TOKEN))};
        run("refresh (public, rotating), DPoP-bound", ops, i -> proof(proofs, Endpoints.TOKEN), p -> {
            EndpointResponse r = server.handle(post(Endpoints.TOKEN, "grant_type=refresh_token&client_id=app&refresh_token="
                    + dpopRefresh[0], null, p));
            dpopRefresh[0] = field(r.body(), "refresh_token");
            return r;
        });
    }

    interface Call {
        EndpointResponse call(String prepared);
    }

    private static void run(String name, int ops, IntFunction<String> prepare, Call call) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Double> rounds = new ArrayList<>();
        for (int round = 0; round < 8; round++) {
            String[] prepared = new String[ops];
            for (int i = 0; i < ops; i++) {
                prepared[i] = prepare.apply(i);
            }
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < ops; i++) {
                EndpointResponse r = call.call(prepared[i]);
                if (r.status() != 200) {
                    throw new IllegalStateException(name + ": " + r.status() + " " + r.body());
                }
            }
            long cpu = threads.getCurrentThreadCpuTime() - start;
            if (round >= 3) { // the first rounds warm the JIT up
                rounds.add(cpu / 1000.0 / ops);
            }
        }
        double[] sorted = rounds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("%-44s %10.1f %10.1f %10.1f%n", name, sorted[sorted.length / 2], sorted[0],
                sorted[sorted.length - 1]);
    }

    private static String refreshToken(AuthorizationServer server, String proof) {
        String verifier = "v".repeat(43);
        String challenge = com.nimbusds.oauth2.sdk.pkce.CodeChallenge.compute(
                com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod.S256,
                new com.nimbusds.oauth2.sdk.pkce.CodeVerifier(verifier)).getValue();
        AuthorizeResult result = server.authorize(AuthorizeRequest.of(Map.of("response_type", List.of("code"),
                "client_id", List.of("app"), "redirect_uri", List.of("id.nu.app:/cb"), "code_challenge", List.of(challenge),
                "code_challenge_method", List.of("S256")), new AuthenticatedUser("user-1", Instant.now()))
                .withConsent(ConsentDecision.APPROVED));
        String location = ((AuthorizeResult.Redirect) result).location().toString();
        String code = location.replaceAll(".*[?&]code=([^&]*).*", "$1");
        EndpointResponse r = server.handle(post(Endpoints.TOKEN, "grant_type=authorization_code&client_id=app"
                + "&redirect_uri=id.nu.app%3A%2Fcb&code_verifier=" + verifier + "&code=" + code, null, proof));
        return field(r.body(), "refresh_token");
    }

    private static String field(String json, String name) {
        return json.replaceAll(".*\"" + name + "\":\"([^\"]*)\".*", "$1");
    }

    private static EndpointRequest post(String path, String body, String authorization, String dpop) {
        EndpointRequest.Builder b = EndpointRequest.builder("POST", path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(body.getBytes(StandardCharsets.UTF_8));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (dpop != null) {
            b.header("DPoP", dpop);
        }
        return b.build();
    }

    private static String proof(DefaultDPoPProofFactory proofs, String path) {
        try {
            return proofs.createDPoPJWT(new JWTID(), "POST", TOKEN, new Date(), null, null).serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String assertion(ECKey key) {
        try {
            JWTAuthenticationClaimsSet claims = new JWTAuthenticationClaimsSet(new ClientID("keyed"),
                    List.of(new Audience(ISSUER)), new Date(System.currentTimeMillis() + 60_000), null, new Date(),
                    new JWTID());
            return new PrivateKeyJWT(claims, JWSAlgorithm.ES256, key.toECPrivateKey(), "k", null).getClientAssertion()
                    .serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
