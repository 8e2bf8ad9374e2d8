package id.nu.oauth.core;

import static id.nu.oauth.core.ParJarFixtures.ALICE;
import static id.nu.oauth.core.ParJarFixtures.BANK;
import static id.nu.oauth.core.ParJarFixtures.BANK_CB;
import static id.nu.oauth.core.ParJarFixtures.ISSUER;
import static id.nu.oauth.core.ParJarFixtures.MOBILE;
import static id.nu.oauth.core.ParJarFixtures.MOBILE_CB;
import static id.nu.oauth.core.ParJarFixtures.PORTAL;
import static id.nu.oauth.core.ParJarFixtures.PORTAL_CB;
import static id.nu.oauth.core.ParJarFixtures.REMOTE;
import static id.nu.oauth.core.ParJarFixtures.REMOTE_CB;
import static id.nu.oauth.core.ParJarFixtures.SIGNED;
import static id.nu.oauth.core.ParJarFixtures.SIGNED_CB;
import static id.nu.oauth.core.ParJarFixtures.pushError;
import static id.nu.oauth.core.ParJarFixtures.request;
import static id.nu.oauth.core.ParJarFixtures.requestUri;
import static id.nu.oauth.core.ParJarFixtures.sign;
import static id.nu.oauth.core.ParJarFixtures.withObject;
import static id.nu.oauth.core.ParJarFixtures.withRequestUri;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.openid.connect.sdk.Prompt;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Signed request objects (JAR, RFC 9101) at the authorization and PAR endpoints, built with Nimbus. */
class RequestObjectTest {

    private final ParJarFixtures f = new ParJarFixtures();

    private String mobileObject(UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(change.apply(f.claims(request(MOBILE, MOBILE_CB).build())).build(), f.mobileKey);
    }

    private String errorOf(AuthorizeResult result) {
        AuthorizeResult.ErrorPage page = AuthorizeFixtures.asErrorPage(result);
        assertThat(page.status()).isEqualTo(400);
        return page.error().code();
    }

    @Test
    void aSignedRequestObjectIsTheAuthorizationRequest_rfc9101_5() throws Exception {
        // Nimbus builds the outer request: client_id and request only
        AuthorizationRequest outer = new AuthorizationRequest.Builder(SignedJWT.parse(
                sign(f.claims(request(MOBILE, MOBILE_CB).build()).build(), f.mobileKey)), new ClientID(MOBILE)).build();
        AuthorizationSuccessResponse ok = AuthorizeFixtures.success(f.authorizeApproved(
                AuthorizeFixtures.params(outer)));
        assertThat(ok.getRedirectionURI()).isEqualTo(URI.create(MOBILE_CB));
        assertThat(ok.getState()).isEqualTo(new State("st-1"));
    }

    @Test
    void parametersOutsideTheRequestObjectAreIgnored_rfc9101_5_6_3() {
        Map<String, List<String>> query = new LinkedHashMap<>(withObject(MOBILE, mobileObject(b -> b)));
        query.put("redirect_uri", List.of("https://evil.example/cb"));
        query.put("state", List.of("forged"));
        query.put("scope", List.of("email"));
        query.put("code_challenge_method", List.of("plain"));
        AuthorizeResult consent = f.authorize(query, ALICE);
        assertThat(((AuthorizeResult.ConsentRequired) consent).scopes()).containsExactly("profile");
        AuthorizationSuccessResponse ok = AuthorizeFixtures.success(f.authorizeApproved(query));
        assertThat(ok.getRedirectionURI()).isEqualTo(URI.create(MOBILE_CB));
        assertThat(ok.getState()).isEqualTo(new State("st-1"));
    }

    @Test
    void numbersAndTextInTheObjectBecomeParameters_rfc9101_4() {
        String object = mobileObject(b -> b.claim("max_age", 3600L).claim("nonce", "n-1"));
        AuthorizeFixtures.success(f.authorizeApproved(withObject(MOBILE, object)));
    }

    @Test
    void everyBrokenObjectIsAnErrorPageNeverARedirect_rfc9101_6_2() throws Exception {
        Instant now = f.clock.instant();
        Map<String, String> objects = new LinkedHashMap<>();
        objects.put("iss another client", mobileObject(b -> b.issuer(PORTAL)));
        objects.put("no iss", mobileObject(b -> b.issuer(null)));
        objects.put("aud another server", mobileObject(b -> b.audience("https://other.example/")));
        objects.put("no aud", mobileObject(b -> b.audience((String) null)));
        objects.put("no exp", mobileObject(b -> b.expirationTime(null)));
        objects.put("expired", mobileObject(b -> b.expirationTime(Date.from(now.minusSeconds(1)))));
        objects.put("exp too far", mobileObject(b -> b.expirationTime(Date.from(now.plus(Duration.ofMinutes(61))))));
        objects.put("nbf future", mobileObject(b -> b.notBeforeTime(Date.from(now.plusSeconds(120)))));
        objects.put("nbf too old", mobileObject(b -> b.notBeforeTime(Date.from(now.minus(Duration.ofMinutes(61))))));
        objects.put("iat future", mobileObject(b -> b.issueTime(Date.from(now.plusSeconds(120)))));
        objects.put("client_id differs", mobileObject(b -> b.claim("client_id", PORTAL)));
        objects.put("request_uri inside", mobileObject(b -> b.claim("request_uri", "urn:x")));
        objects.put("request inside", mobileObject(b -> b.claim("request", "a.b.c")));
        objects.put("a claim that is no parameter", mobileObject(b -> b.claim("state", List.of(1, 2))));
        JWTClaimsSet good = f.claims(request(MOBILE, MOBILE_CB).build()).build();
        objects.put("signed by a stranger", sign(good, f.strangerKey));
        objects.put("alg none", new PlainJWT(good).serialize());
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), good);
        hmac.sign(new MACSigner(ParJarFixtures.SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        objects.put("HS256 with a secret", hmac.serialize());
        SignedJWT typed = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("mobile-1")
                .type(new JOSEObjectType("dpop+jwt")).build(), good);
        typed.sign(new ECDSASigner(f.mobileKey));
        objects.put("typ dpop+jwt", typed.serialize());
        EncryptedJWT encrypted = new EncryptedJWT(new JWEHeader(JWEAlgorithm.ECDH_ES, EncryptionMethod.A128GCM), good);
        encrypted.encrypt(new ECDHEncrypter(f.mobileKey.toECPublicKey()));
        objects.put("encrypted", encrypted.serialize());
        objects.put("not a JWT", "garbage");
        Map<String, String> why = new LinkedHashMap<>();
        why.put("iss another client", "iss");
        why.put("no iss", "iss");
        why.put("aud another server", "aud");
        why.put("no aud", "aud");
        why.put("no exp", "no exp");
        why.put("expired", "expired");
        why.put("exp too far", "exp is more than 60 minutes");
        why.put("nbf future", "nbf");
        why.put("nbf too old", "nbf");
        why.put("iat future", "iat");
        why.put("client_id differs", "client_id");
        why.put("request_uri inside", "request_uri");
        why.put("request inside", "request_uri");
        why.put("a claim that is no parameter", "claim state");
        why.put("signed by a stranger", "signature");
        why.put("alg none", "must be signed");
        why.put("HS256 with a secret", "alg HS256");
        why.put("typ dpop+jwt", "typ");
        why.put("encrypted", "encrypted");
        why.put("not a JWT", "not a JWT");
        objects.forEach((name, object) -> {
            AuthorizeResult.ErrorPage page = AuthorizeFixtures.asErrorPage(f.authorizeApproved(withObject(MOBILE, object)));
            assertThat(page.status()).isEqualTo(400);
            assertThat(page.error().code()).as(name).isEqualTo("invalid_request_object");
            assertThat(page.error().description()).as(name).contains(why.get(name));
        });
    }

    @Test
    void anObjectNeedsTheOuterClientIdOfItsIssuer_rfc9101_5() {
        Map<String, List<String>> none = new LinkedHashMap<>(withObject(MOBILE, mobileObject(b -> b)));
        none.remove("client_id");
        assertThat(errorOf(f.authorizeApproved(none))).isEqualTo("invalid_request");
        assertThat(errorOf(f.authorizeApproved(withObject(SIGNED, mobileObject(b -> b)))))
                .isEqualTo("invalid_request_object");
    }

    @Test
    void aClientWithoutUsableKeysCannotSign_rfc9101_6_2() {
        String portal = sign(f.claims(request(PORTAL, PORTAL_CB).build()).build(), f.mobileKey);
        assertThat(errorOf(f.authorizeApproved(withObject(PORTAL, portal)))).isEqualTo("invalid_request_object");
        String remote = sign(f.claims(request(REMOTE, REMOTE_CB).build()).build(), f.mobileKey);
        AuthorizeResult.ErrorPage page = AuthorizeFixtures.asErrorPage(f.authorizeApproved(withObject(REMOTE, remote)));
        assertThat(page.error().code()).isEqualTo("invalid_request_object");
        assertThat(page.error().description()).contains("could not be read or fetched"); // no such host
    }

    @Test
    void aClientThatMustSignIsRefusedWithoutAnObject_rfc9101_10_5() throws Exception {
        AuthorizeFixtures.error(f.authorizeApproved(AuthorizeFixtures.params(request(SIGNED, SIGNED_CB).build())),
                "invalid_request");
        String object = sign(f.claims(request(SIGNED, SIGNED_CB).build()).build(), f.signedKey);
        AuthorizeFixtures.success(f.authorizeApproved(withObject(SIGNED, object)));

        // at the PAR endpoint too: an unsigned push is refused, a signed one stands for the request
        assertThat(pushError(f.push(SIGNED, request(SIGNED, SIGNED_CB).build()))).isEqualTo("invalid_request");
        String uri = requestUri(f.send(new PushedAuthorizationRequest(ParJarFixtures.PAR_URI,
                new AuthorizationRequest.Builder(SignedJWT.parse(object), new ClientID(SIGNED)).build())
                .toHTTPRequest()));
        AuthorizeFixtures.success(f.authorizeApproved(withRequestUri(SIGNED, uri)));
    }

    @Test
    void aPushedRequestObjectIsVerifiedAgainstTheAuthenticatedClient_rfc9126_3() throws Exception {
        String bankObject = sign(f.claims(request(BANK, BANK_CB).build()).build(), f.bankKey);
        AuthorizationRequest outer = new AuthorizationRequest.Builder(SignedJWT.parse(bankObject), new ClientID(BANK))
                .build();
        ClientSecretBasic basic = new ClientSecretBasic(new ClientID(BANK), new Secret(ParJarFixtures.SECRET));
        String uri = requestUri(f.send(new PushedAuthorizationRequest(ParJarFixtures.PAR_URI, basic, outer)
                .toHTTPRequest()));
        AuthorizeFixtures.success(f.authorizeApproved(withRequestUri(BANK, uri)));

        // another client's object, pushed with the bank's credentials
        String mobileObject = mobileObject(b -> b);
        assertThat(pushError(f.pushForm("request=" + mobileObject, ParJarFixtures.basic(BANK))))
                .isEqualTo("invalid_request_object");
        assertThat(pushError(f.pushForm("client_id=" + BANK + "&request=garbage", ParJarFixtures.basic(BANK))))
                .isEqualTo("invalid_request_object");
    }

    @Test
    void aLoginAfterTheObjectWasMadeSatisfiesItsPromptLogin_oidcCore_3_1_2_1() {
        Instant now = f.clock.instant();
        String object = sign(f.claims(request(MOBILE, MOBILE_CB).prompt(new Prompt("login")).build()).build(),
                f.mobileKey);
        AuthorizeResult first = f.authorize(withObject(MOBILE, object), ALICE);
        Map<String, List<String>> back = ((AuthorizeResult.LoginRequired) first).returnParameters();
        assertThat(f.authorize(back, ALICE)).isInstanceOf(AuthorizeResult.LoginRequired.class);
        AuthorizeFixtures.success(f.server.authorize(AuthorizeRequest.of(back, new AuthenticatedUser("alice", now))
                .withConsent(ConsentDecision.APPROVED)));
    }

    @Test
    void metadataAdvertisesSignedRequestObjectsAndTheirAlgorithms_rfc9101_10_5() throws Exception {
        AuthorizationServerMetadata m = AuthorizationServerMetadata.parse(f.server.authorizationServerMetadata());
        assertThat(m.supportsRequestParam()).isTrue();
        assertThat(m.supportsRequestURIParam()).isFalse(); // no URL is ever fetched
        assertThat(m.requiresSignedRequestObject()).isFalse(); // per client only
        assertThat(m.getRequestObjectJWSAlgs()).contains(JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.RS256)
                .doesNotContain(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512, new JWSAlgorithm("none"));
        assertThat(m.getIssuer().getValue()).isEqualTo(ISSUER.toString());
    }

    @Test
    void theVerifierUsesNoClockButTheServers() throws JOSEException {
        // a year later on the server's clock, an object made then is fine
        f.clock.advance(Duration.ofDays(365));
        AuthorizeFixtures.success(f.authorizeApproved(withObject(MOBILE, mobileObject(b -> b))));
    }
}
