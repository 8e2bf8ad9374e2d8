package id.nu.oauth.core;

import id.nu.oauth.client.Client;
import id.nu.oauth.storage.PushedRequest;
import id.nu.oauth.storage.Storage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * POST /oauth/par (RFC 9126 §2): the client pushes its authorization request, authenticated as at
 * the token endpoint (public clients identify with {@code client_id}, §2.1), and gets a
 * {@code request_uri} to send the user with. The request is validated exactly as the authorization
 * endpoint would (§2.1), only every error is a JSON answer to the client instead of a page or a
 * redirect (§2.3). The {@code request_uri} carries 256 random bits, is stored only as a hash, is
 * bound to the client and lives {@link RequestPolicy#pushedRequestLifetime()} (60 s by default).
 */
final class PushedAuthorizationEndpoint {

    /** Client authentication parameters, which are not part of the authorization request. */
    private static final Set<String> CLIENT_AUTHENTICATION = Set.of("client_secret", "client_assertion",
            "client_assertion_type");

    private final Settings settings;
    private final Storage storage;
    private final ClientAuthenticator authenticator;
    private final RequestPolicy policy;
    private final RequestObjects requestObjects;
    private final String realm;
    private final DpopProofs dpop;

    PushedAuthorizationEndpoint(Settings settings, Storage storage, ClientAuthenticator authenticator,
            RequestPolicy policy, RequestObjects requestObjects, DpopProofs dpop) {
        this.settings = settings;
        this.dpop = dpop;
        this.storage = storage;
        this.authenticator = authenticator;
        this.policy = policy;
        this.requestObjects = requestObjects;
        this.realm = settings.issuer().toString();
    }

    EndpointResponse push(EndpointRequest request) {
        ClientAuthenticator.Read read = authenticator.read(request);
        if (read instanceof ClientAuthenticator.Refused refused) {
            return refused.response();
        }
        ClientAuthenticator.Call call = (ClientAuthenticator.Call) read;
        Client client = call.client();
        if (client == null) {
            return refuse(OAuthError.invalidClient("client authentication is required (RFC 9126 section 2)"));
        }
        Params form = call.params();
        // RFC 9126 §2.1: "The request_uri authorization request parameter is one exception, and it
        // MUST NOT be provided."
        if (form.has("request_uri")) {
            return refuse(OAuthError.invalidRequest("request_uri must not be pushed (RFC 9126 section 2.1)"));
        }
        Instant now = settings.clock().instant();
        Map<String, List<String>> parameters;
        if (form.has("request")) {
            // RFC 9126 §3: the request object holds the authorization request; RFC 9101 §5: only its
            // claims count, and its client must be the client that authenticated.
            Checked<RequestObjects.Read> object = requestObjects.read(form.get("request"), client, now);
            if (object instanceof Checked.Failed<RequestObjects.Read> failed) {
                return refuse(failed.error());
            }
            parameters = new LinkedHashMap<>(((Checked.Ok<RequestObjects.Read>) object).value().parameters());
        } else {
            if (client.requirements().signedRequests()) {
                return refuse(OAuthError.invalidRequest("this client must push a signed request object "
                        + "(RFC 9101 section 10.5: require_signed_request_object)"));
            }
            parameters = new LinkedHashMap<>(form.asMap());
            CLIENT_AUTHENTICATION.forEach(parameters::remove);
            parameters.put("client_id", List.of(client.clientId())); // also when it came in the Basic header
        }
        parameters.remove(AuthenticationPrompt.LOGIN_AFTER); // the engine's own hand-off, never pushed
        // RFC 9449 §10.1: a DPoP proof on the push binds the code to its key, as dpop_jkt would
        DpopProofs.Outcome proof = dpop.check(request, Endpoints.PUSHED_AUTHORIZATION_REQUEST, null, false);
        if (proof instanceof DpopProofs.Invalid bad) {
            return refuse(bad.error());
        }
        if (proof instanceof DpopProofs.Valid valid) {
            List<String> named = parameters.get("dpop_jkt");
            if (named != null && !named.equals(List.of(valid.jkt()))) {
                return refuse(OAuthError.of(ErrorCode.INVALID_DPOP_PROOF,
                        "dpop_jkt is not the key of the DPoP proof (RFC 9449 section 10.1)"));
            }
            if (!Fapi2.allows(client, valid.alg())) {
                return refuse(OAuthError.of(ErrorCode.INVALID_DPOP_PROOF,
                        "a FAPI 2.0 client signs its DPoP proofs with PS256, ES256 or EdDSA"));
            }
            parameters.put("dpop_jkt", List.of(valid.jkt()));
        }
        Params params = settings.params(parameters);
        OAuthError problem = Requests.problem(params);
        if (problem == null) {
            problem = AuthorizeEndpoint.redirectProblem(params, client);
        }
        if (problem == null) {
            problem = ResponseModes.read(params).problem();
        }
        if (problem == null && AuthorizeValidation.validate(params, client)
                instanceof Checked.Failed<AuthorizeValidation.Valid> failed) {
            problem = failed.error();
        }
        if (problem != null) {
            return refuse(problem);
        }
        String requestUri = RequestPolicy.REQUEST_URI_PREFIX + settings.generator().newToken();
        storage.pushedRequests().save(new PushedRequest(TokenHasher.hash(requestUri), client.clientId(),
                FormCodec.encode(parameters), now.plus(policy.pushedRequestLifetime())));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_uri", requestUri);
        body.put("expires_in", policy.pushedRequestLifetime().toSeconds());
        return Responses.json(201, body); // RFC 9126 §2.2, with Cache-Control: no-store
    }

    /** RFC 9126 §2.3: the token endpoint's error answer (RFC 6749 §5.2); 401 with a challenge for invalid_client. */
    private EndpointResponse refuse(OAuthError error) {
        return Responses.error(error, realm);
    }
}
