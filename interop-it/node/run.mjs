// Drives a running nuid-oauth demo portal with panva's oauth4webapi and openid-client, as a relying
// party would, and lets the libraries validate everything the server sends.
//
//   node run.mjs <issuer> [case-prefix ...]
//
// The clients come from the environment variable INTEROP_CLIENTS (JSON, written by the JUnit test):
//   { "callback": "...", "postLogout": "...", "resource": "...",
//     "public": {"id"}, "secret": {"id", "secret"}, "rs": {"id", "secret"}, "keyed": {"id", "jwk"} }
// The user agent (signing in, consent, following redirects) is the JUnit test: this script asks it over
// stdout and reads its answer from stdin, one JSON line each:
//   @@UA {"url": "..."}                       -> {"status": 302, "location": "..."}
//                                                 or {"status": 200, "form": {"action": "...", "fields": {...}}}
// and reports each case on stdout:
//   @@CASE {"name": "...", "ok": true|false, "detail": "..."}
import { webcrypto, createHash } from 'node:crypto';
import readline from 'node:readline';

// Node 18 (Debian 12's nodejs) has WebCrypto, but not as a global: the libraries expect the global one
if (!globalThis.crypto) {
  Object.defineProperty(globalThis, 'crypto', { value: webcrypto, configurable: true });
}
if (!globalThis.CryptoKey) {
  globalThis.CryptoKey = (await webcrypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']))
    .constructor;
}

const oauth = await import('oauth4webapi');
const openid = await import('openid-client');

const issuerArg = process.argv[2];
const only = process.argv.slice(3);
if (!issuerArg) {
  console.error('usage: node run.mjs <issuer> [case-prefix ...]');
  process.exit(2);
}
const issuer = new URL(issuerArg);
const env = JSON.parse(process.env.INTEROP_CLIENTS ?? '{}');
const CALLBACK = env.callback;

// over http://127.0.0.1 both libraries refuse to send anything unless told (they need https); over
// https they run with their defaults
const plainHttp = issuer.protocol === 'http:';
const insecure = plainHttp ? { [oauth.allowInsecureRequests]: true } : {};
const openidOptions = plainHttp ? { execute: [openid.allowInsecureRequests] } : {};

const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();

/** Asks the test's user agent to open a URL in the signed-in browser session; returns what it saw. */
async function userAgent(url) {
  process.stdout.write('@@UA ' + JSON.stringify({ url: String(url) }) + '\n');
  const { value, done } = await lines.next();
  if (done) {
    throw new Error('the user agent closed stdin');
  }
  return JSON.parse(value);
}

/** The callback URL the user agent was sent to (a redirect), checked to be the registered one. */
function callbackUrl(answer) {
  if (!answer.location) {
    throw new Error('expected a redirect to the client, got ' + JSON.stringify(answer));
  }
  const url = new URL(answer.location);
  if (url.origin + url.pathname !== CALLBACK) {
    throw new Error('redirected to ' + answer.location + ', not to ' + CALLBACK);
  }
  return url;
}

function describe(e) {
  const parts = [e?.name ?? 'Error', e?.message ?? String(e)];
  if (e?.code) parts.push('code=' + e.code);
  if (e?.error) parts.push('error=' + e.error);
  if (e?.error_description) parts.push('error_description=' + e.error_description);
  if (e?.status) parts.push('status=' + e.status);
  if (e?.cause && typeof e.cause === 'object') {
    try {
      parts.push('cause=' + JSON.stringify(e.cause).slice(0, 600));
    } catch {
      parts.push('cause=' + String(e.cause));
    }
  }
  return parts.join(' | ');
}

const state = {};
const failed = new Set();

/** Runs one case (unless filtered out) and reports it; `needs` names cases whose results it uses. */
async function test(name, needs, body) {
  if (only.length && !only.some((p) => name.startsWith(p))) {
    return;
  }
  let ok = false;
  let detail;
  const missing = needs.filter((n) => failed.has(n) || !(n in state));
  if (missing.length) {
    detail = 'not run: it needs ' + missing.join(', ');
  } else {
    try {
      const result = await body();
      state[name] = result ?? true;
      ok = true;
      detail = typeof result?.detail === 'string' ? result.detail : 'ok';
    } catch (e) {
      detail = describe(e);
    }
  }
  if (!ok) failed.add(name);
  process.stdout.write('@@CASE ' + JSON.stringify({ name, ok, detail }) + '\n');
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** OpenID Connect Core 1.0 §3.1.3.6: the left half of the hash of the access token, base64url. */
function atHash(accessToken, alg) {
  const bits = { 256: 'sha256', 384: 'sha384', 512: 'sha512' }[alg.slice(-3)];
  const digest = createHash(bits).update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

function jwtHeader(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString('utf8'));
}

async function privateKey(jwk) {
  const key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d },
    { name: 'ECDSA', namedCurve: jwk.crv }, false, ['sign']);
  return { key, kid: jwk.kid };
}

/** An authorization request URL with PKCE S256, state and nonce; the secrets to check the answer with. */
async function authorizationRequest(as, clientId, scope, extra = {}) {
  const checks = {
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    verifier: oauth.generateRandomCodeVerifier(),
  };
  const url = new URL(as.authorization_endpoint);
  const params = {
    client_id: clientId,
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope,
    state: checks.state,
    nonce: checks.nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(checks.verifier),
    code_challenge_method: 'S256',
    ...extra,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return { url, checks };
}

// ---------------------------------------------------------------------------------------------------
// oauth4webapi

await test('oauth4webapi.discovery.oidc', [], async () => {
  // OpenID Connect Discovery 1.0 §4: <issuer>/.well-known/openid-configuration, issuer identical (§4.3)
  const as = await oauth.processDiscoveryResponse(issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure }));
  check(as.issuer === issuer.href, 'issuer ' + as.issuer);
  check(as.authorization_response_iss_parameter_supported === true, 'no RFC 9207 iss parameter in the metadata');
  check(as.code_challenge_methods_supported?.includes('S256'), 'no S256');
  state.as = as;
  return { detail: 'issuer ' + as.issuer };
});

await test('oauth4webapi.discovery.rfc8414', ['oauth4webapi.discovery.oidc'], async () => {
  // RFC 8414 §3: /.well-known/oauth-authorization-server inserted before the issuer's path, §3.3 issuer identical
  const as = await oauth.processDiscoveryResponse(issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
  check(as.issuer === issuer.href, 'issuer ' + as.issuer);
  for (const k of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'introspection_endpoint',
    'revocation_endpoint', 'pushed_authorization_request_endpoint']) {
    check(as[k] === state.as[k], k + ' differs: ' + as[k] + ' vs ' + state.as[k]);
  }
  return { detail: 'issuer ' + as.issuer + ', same endpoints' };
});

await test('oauth4webapi.authorize.pkce.iss', ['oauth4webapi.discovery.oidc'], async () => {
  // RFC 7636 S256; RFC 9207 §2.4: the library requires iss (the metadata says it is sent) and compares it
  const as = state.as;
  const client = { client_id: env.public.id };
  const { url, checks } = await authorizationRequest(as, client.client_id, 'openid profile email');
  const back = callbackUrl(await userAgent(url));
  const params = oauth.validateAuthResponse(as, client, back, checks.state);
  check(back.searchParams.get('iss') === as.issuer, 'iss ' + back.searchParams.get('iss'));
  state.publicCode = { params, checks, client };
  return { detail: 'code with iss ' + back.searchParams.get('iss') };
});

await test('oauth4webapi.authorize.wrong-iss-refused', ['oauth4webapi.authorize.pkce.iss'], async () => {
  // RFC 9207 §2.4: a response whose iss is not the expected issuer is rejected (mix-up defence) — the
  // library's own check, shown to be on
  const { checks, client } = state.publicCode;
  const forged = new URL(CALLBACK);
  forged.searchParams.set('code', 'x');
  forged.searchParams.set('state', checks.state);
  forged.searchParams.set('iss', 'https://attacker.example/');
  try {
    oauth.validateAuthResponse(state.as, client, forged, checks.state);
  } catch (e) {
    return { detail: 'refused: ' + e.message };
  }
  throw new Error('a response with another issuer was accepted');
});

await test('oauth4webapi.token.code', ['oauth4webapi.authorize.pkce.iss'], async () => {
  // RFC 6749 §4.1.3 with the code_verifier (RFC 7636 §4.5); OIDC Core §3.1.3.7 id_token checks (iss,
  // aud, exp, iat, nonce) by the library
  const as = state.as;
  const { params, checks, client } = state.publicCode;
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, CALLBACK,
    checks.verifier, insecure);
  const result = await oauth.processAuthorizationCodeResponse(as, client, response,
    { expectedNonce: checks.nonce, requireIdToken: true });
  check(result.token_type.toLowerCase() === 'bearer', 'token_type ' + result.token_type);
  check(result.refresh_token, 'no refresh_token');
  const claims = oauth.getValidatedIdTokenClaims(result);
  check(claims.nonce === checks.nonce, 'nonce');
  state.publicTokens = { result, claims, response };
  return { detail: 'id_token sub ' + claims.sub + ', expires_in ' + result.expires_in };
});

await test('oauth4webapi.id_token.signature', ['oauth4webapi.token.code'], async () => {
  // the id_token's JWS signature against the server's jwks_uri (OIDC Core §3.1.3.7 item 6), and at_hash
  // (§3.2.2.9) when present
  const { result, claims, response } = state.publicTokens;
  await oauth.validateApplicationLevelSignature(state.as, response, insecure);
  const header = jwtHeader(result.id_token);
  check(state.as.id_token_signing_alg_values_supported.includes(header.alg), 'alg ' + header.alg);
  let detail = 'signature ' + header.alg + ' kid ' + header.kid;
  if (claims.at_hash !== undefined) {
    check(claims.at_hash === atHash(result.access_token, header.alg), 'at_hash does not match the access token');
    detail += ', at_hash matches';
  }
  return { detail };
});

await test('oauth4webapi.userinfo', ['oauth4webapi.token.code'], async () => {
  // OIDC Core §5.3; §5.3.4: the sub must be the id_token's
  const { result, claims } = state.publicTokens;
  const response = await oauth.userInfoRequest(state.as, state.publicCode.client, result.access_token, insecure);
  const info = await oauth.processUserInfoResponse(state.as, state.publicCode.client, claims.sub, response);
  check(info.email, 'no email for scope email');
  return { detail: 'sub ' + info.sub + ', email ' + info.email };
});

await test('oauth4webapi.refresh', ['oauth4webapi.token.code'], async () => {
  // RFC 6749 §6; a public client's refresh token is rotated (OAuth 2.1 §4.3.1, RFC 9700 §4.14.2)
  const { result } = state.publicTokens;
  const client = state.publicCode.client;
  const response = await oauth.refreshTokenGrantRequest(state.as, client, oauth.None(), result.refresh_token,
    insecure);
  const refreshed = await oauth.processRefreshTokenResponse(state.as, client, response);
  check(refreshed.access_token && refreshed.access_token !== result.access_token, 'no new access token');
  check(refreshed.refresh_token && refreshed.refresh_token !== result.refresh_token, 'refresh token not rotated');
  state.refreshed = refreshed;
  return { detail: 'new access token, rotated refresh token' };
});

await test('oauth4webapi.resource.bearer', ['oauth4webapi.refresh'], async () => {
  // RFC 6750 §2.1: the demo's bearer-protected API (the adapter's BearerTokenFilter) accepts the token
  const response = await oauth.protectedResourceRequest(state.refreshed.access_token, 'GET', new URL(env.resource),
    undefined, undefined, insecure);
  check(response.status === 200, 'status ' + response.status);
  return { detail: 'HTTP 200 from ' + new URL(env.resource).pathname };
});

await test('oauth4webapi.introspection', ['oauth4webapi.refresh'], async () => {
  // RFC 7662 §2: a resource server (confidential, client_secret_basic) asks about the access token
  const rs = { client_id: env.rs.id };
  const response = await oauth.introspectionRequest(state.as, rs, oauth.ClientSecretBasic(env.rs.secret),
    state.refreshed.access_token, insecure);
  const info = await oauth.processIntrospectionResponse(state.as, rs, response);
  check(info.active === true, 'not active: ' + JSON.stringify(info));
  check(info.client_id === env.public.id, 'client_id ' + info.client_id);
  check(info.sub === state.publicTokens.claims.sub, 'sub ' + info.sub);
  return { detail: 'active, client_id ' + info.client_id + ', scope ' + info.scope };
});

await test('oauth4webapi.revocation', ['oauth4webapi.introspection'], async () => {
  // RFC 7009 §2.1 (a public client identifies with client_id), §2.2 200; then RFC 7662 says inactive
  const client = state.publicCode.client;
  const response = await oauth.revocationRequest(state.as, client, oauth.None(), state.refreshed.access_token,
    insecure);
  await oauth.processRevocationResponse(response);
  const rs = { client_id: env.rs.id };
  const info = await oauth.processIntrospectionResponse(state.as, rs, await oauth.introspectionRequest(state.as,
    rs, oauth.ClientSecretBasic(env.rs.secret), state.refreshed.access_token, insecure));
  check(info.active === false, 'still active after revocation');
  return { detail: 'revoked; introspection says inactive' };
});

await test('oauth4webapi.userinfo.revoked-token', ['oauth4webapi.revocation'], async () => {
  // RFC 6750 §3.1: a revoked token at UserInfo is a 401 with a Bearer challenge, error="invalid_token",
  // which the library parses (OIDC Core §5.3.3)
  const response = await oauth.userInfoRequest(state.as, state.publicCode.client, state.refreshed.access_token,
    insecure);
  try {
    await oauth.processUserInfoResponse(state.as, state.publicCode.client, state.publicTokens.claims.sub, response);
  } catch (e) {
    check(e instanceof oauth.WWWAuthenticateChallengeError, 'not a WWW-Authenticate challenge: ' + describe(e));
    const challenge = e.cause[0];
    check(challenge.scheme === 'bearer', 'scheme ' + challenge.scheme);
    check(challenge.parameters.error === 'invalid_token', 'error ' + challenge.parameters.error);
    check(e.status === 401, 'status ' + e.status);
    return { detail: '401 Bearer error=invalid_token' };
  }
  throw new Error('a revoked token was accepted');
});

await test('oauth4webapi.refresh.reuse-detected', ['oauth4webapi.refresh'], async () => {
  // RFC 9700 §4.14.2: the rotated-away refresh token of a public client is refused (invalid_grant, RFC
  // 6749 §5.2) and the grant is revoked, so the newest refresh token is refused as well
  const client = state.publicCode.client;
  const refuse = async (token, which) => {
    try {
      await oauth.processRefreshTokenResponse(state.as, client, await oauth.refreshTokenGrantRequest(state.as,
        client, oauth.None(), token, insecure));
    } catch (e) {
      check(e instanceof oauth.ResponseBodyError, which + ': ' + describe(e));
      check(e.error === 'invalid_grant' && e.status === 400, which + ': ' + e.error + ' ' + e.status);
      return;
    }
    throw new Error(which + ' refresh token was accepted');
  };
  await refuse(state.publicTokens.result.refresh_token, 'the rotated-away');
  await refuse(state.refreshed.refresh_token, 'the newest');
  return { detail: 'both refused with invalid_grant' };
});

await test('oauth4webapi.token.code-replay', ['oauth4webapi.token.code'], async () => {
  // RFC 6749 §4.1.2: a code is used once; the second redemption is invalid_grant (§5.2, HTTP 400)
  const { params, checks, client } = state.publicCode;
  try {
    await oauth.processAuthorizationCodeResponse(state.as, client, await oauth.authorizationCodeGrantRequest(
      state.as, client, oauth.None(), params, CALLBACK, checks.verifier, insecure), { expectedNonce: checks.nonce });
  } catch (e) {
    check(e instanceof oauth.ResponseBodyError, describe(e));
    check(e.error === 'invalid_grant' && e.status === 400, e.error + ' ' + e.status);
    return { detail: 'invalid_grant, HTTP 400' };
  }
  throw new Error('a code was redeemed twice');
});

await test('oauth4webapi.authorize.error-with-iss', ['oauth4webapi.discovery.oidc'], async () => {
  // RFC 6749 §4.1.2.1 error redirect with the state; RFC 9207 §2: iss on error responses too, checked by
  // the library before it reports the error
  const client = { client_id: env.public.id };
  const { url, checks } = await authorizationRequest(state.as, client.client_id, 'openid no-such-scope');
  const back = callbackUrl(await userAgent(url));
  try {
    oauth.validateAuthResponse(state.as, client, back, checks.state);
  } catch (e) {
    check(e instanceof oauth.AuthorizationResponseError, describe(e));
    check(e.error === 'invalid_scope', 'error ' + e.error);
    return { detail: 'error=' + e.error + ' with iss ' + back.searchParams.get('iss') };
  }
  throw new Error('an unknown scope was granted: ' + back);
});

await test('oauth4webapi.max_age.auth_time', ['oauth4webapi.discovery.oidc'], async () => {
  // OIDC Core §3.1.2.1: with max_age the id_token MUST carry auth_time, and the library checks it is
  // within max_age (§3.1.3.7 item 13)
  const as = state.as;
  const client = { client_id: env.public.id };
  const { url, checks } = await authorizationRequest(as, client.client_id, 'openid', { max_age: '600' });
  const params = oauth.validateAuthResponse(as, client, callbackUrl(await userAgent(url)), checks.state);
  const result = await oauth.processAuthorizationCodeResponse(as, client,
    await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, CALLBACK, checks.verifier, insecure),
    { expectedNonce: checks.nonce, maxAge: 600, requireIdToken: true });
  const claims = oauth.getValidatedIdTokenClaims(result);
  check(typeof claims.auth_time === 'number', 'no auth_time');
  return { detail: 'auth_time ' + claims.auth_time };
});

await test('oauth4webapi.client.wrong-secret', ['oauth4webapi.discovery.oidc'], async () => {
  // RFC 6749 §5.2: invalid_client; with HTTP Basic tried, 401 and a WWW-Authenticate challenge
  const client = { client_id: env.secret.id };
  try {
    await oauth.processClientCredentialsResponse(state.as, client, await oauth.clientCredentialsGrantRequest(state.as,
      client, oauth.ClientSecretBasic('not-' + env.secret.secret), new URLSearchParams({ scope: 'orders.read' }),
      insecure));
  } catch (e) {
    if (e instanceof oauth.WWWAuthenticateChallengeError) {
      check(e.status === 401, 'status ' + e.status);
      return { detail: '401, challenge ' + e.cause.map((c) => c.scheme).join(',') };
    }
    check(e instanceof oauth.ResponseBodyError, describe(e));
    check(e.error === 'invalid_client' && e.status === 401, e.error + ' ' + e.status);
    return { detail: 'invalid_client, HTTP 401' };
  }
  throw new Error('a wrong secret was accepted');
});

await test('oauth4webapi.client_credentials', ['oauth4webapi.discovery.oidc'], async () => {
  // RFC 6749 §4.4 with client_secret_basic (§2.3.1) and client_secret_post
  const client = { client_id: env.secret.id };
  const basic = await oauth.processClientCredentialsResponse(state.as, client,
    await oauth.clientCredentialsGrantRequest(state.as, client, oauth.ClientSecretBasic(env.secret.secret),
      new URLSearchParams({ scope: 'orders.read' }), insecure));
  check(basic.access_token, 'no access token (basic)');
  check(basic.refresh_token === undefined, 'a refresh token for client_credentials (RFC 6749 §4.4.3 says should not)');
  const post = await oauth.processClientCredentialsResponse(state.as, client,
    await oauth.clientCredentialsGrantRequest(state.as, client, oauth.ClientSecretPost(env.secret.secret),
      new URLSearchParams({ scope: 'orders.read' }), insecure));
  check(post.access_token, 'no access token (post)');
  return { detail: 'scope ' + basic.scope + ' (basic and post)' };
});

await test('oauth4webapi.form_post', ['oauth4webapi.discovery.oidc'], async () => {
  // OAuth 2.0 Form Post Response Mode §2: the code, state and iss arrive as a POSTed form; a confidential
  // client (client_secret_basic) redeems it
  const as = state.as;
  const client = { client_id: env.secret.id };
  const { url, checks } = await authorizationRequest(as, client.client_id, 'openid profile',
    { response_mode: 'form_post' });
  const answer = await userAgent(url);
  check(answer.form, 'expected a form_post page, got ' + JSON.stringify(answer));
  check(answer.form.action === CALLBACK, 'form action ' + answer.form.action);
  const params = oauth.validateAuthResponse(as, client, new URLSearchParams(answer.form.fields), checks.state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.ClientSecretBasic(env.secret.secret),
    params, CALLBACK, checks.verifier, insecure);
  const result = await oauth.processAuthorizationCodeResponse(as, client, response,
    { expectedNonce: checks.nonce, requireIdToken: true });
  await oauth.validateApplicationLevelSignature(as, response, insecure);
  state.jwtTokens = result;
  return { detail: 'form fields ' + Object.keys(answer.form.fields).sort().join(',') };
});

await test('oauth4webapi.jwt_access_token', ['oauth4webapi.form_post'], async () => {
  // RFC 9068 §4: typ at+jwt, signature via jwks_uri, iss, aud, exp, sub, client_id, iat, jti — as a
  // resource server validates it (the default audience is the issuer)
  const at = state.jwtTokens.access_token;
  const request = new Request(env.resource, { headers: { authorization: 'Bearer ' + at } });
  const claims = await oauth.validateJwtAccessToken(state.as, request, issuer.href, insecure);
  check(claims.client_id === env.secret.id, 'client_id ' + claims.client_id);
  return { detail: 'typ ' + jwtHeader(at).typ + ', sub ' + claims.sub + ', aud ' + claims.aud };
});

await test('oauth4webapi.dpop.private_key_jwt', ['oauth4webapi.discovery.oidc'], async () => {
  // RFC 9449 §8: the token endpoint asks for its nonce with use_dpop_nonce; the library keeps the
  // DPoP-Nonce and the request is made again (isDPoPNonceError). private_key_jwt (RFC 7523 §2.2) signed
  // by the library, a new assertion for the retry
  const client = { client_id: env.keyed.id };
  const auth = oauth.PrivateKeyJwt(await privateKey(env.keyed.jwk));
  const DPoP = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
  const call = () => oauth.clientCredentialsGrantRequest(state.as, client, auth,
    new URLSearchParams({ scope: 'orders.read' }), { DPoP, ...insecure });
  let retried = false;
  let result;
  try {
    result = await oauth.processClientCredentialsResponse(state.as, client, await call());
  } catch (e) {
    if (!oauth.isDPoPNonceError(e)) throw e;
    retried = true;
    result = await oauth.processClientCredentialsResponse(state.as, client, await call());
  }
  check(result.token_type.toLowerCase() === 'dpop', 'token_type ' + result.token_type);
  return { detail: 'DPoP-bound token' + (retried ? ' after the nonce retry' : '') };
});

// ---------------------------------------------------------------------------------------------------
// openid-client (v6, on top of oauth4webapi): its discovery, code flow, PAR, DPoP with its own nonce
// retry, private_key_jwt, and RP-initiated logout

await test('openid-client.code', ['oauth4webapi.discovery.oidc'], async () => {
  const config = await openid.discovery(issuer, env.secret.id, env.secret.secret, openid.ClientSecretBasic(env.secret.secret),
    openidOptions);
  openid.enableNonRepudiationChecks(config); // id_token signatures checked against jwks_uri
  const verifier = openid.randomPKCECodeVerifier();
  const checks = { state: openid.randomState(), nonce: openid.randomNonce() };
  const url = openid.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK, scope: 'openid profile email', state: checks.state, nonce: checks.nonce,
    code_challenge: await openid.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });
  const back = callbackUrl(await userAgent(url));
  const tokens = await openid.authorizationCodeGrant(config, back,
    { pkceCodeVerifier: verifier, expectedState: checks.state, expectedNonce: checks.nonce, idTokenExpected: true });
  const claims = tokens.claims();
  const info = await openid.fetchUserInfo(config, tokens.access_token, claims.sub);
  state.openidConfig = config;
  state.openidTokens = tokens;
  return { detail: 'id_token sub ' + claims.sub + ', userinfo email ' + info.email };
});

await test('openid-client.refresh', ['openid-client.code'], async () => {
  const tokens = await openid.refreshTokenGrant(state.openidConfig, state.openidTokens.refresh_token);
  check(tokens.access_token, 'no access token');
  if (tokens.id_token) {
    // OIDC Core §12.2: a refreshed id_token has the same iss and sub; the library checks both
    check(tokens.claims().sub === state.openidTokens.claims().sub, 'sub changed');
  }
  return { detail: 'refreshed' + (tokens.id_token ? ' with a new id_token' : '') };
});

await test('openid-client.introspection.revocation', ['openid-client.code'], async () => {
  const config = state.openidConfig;
  const before = await openid.tokenIntrospection(config, state.openidTokens.access_token);
  check(before.active === true, 'not active');
  await openid.tokenRevocation(config, state.openidTokens.access_token);
  const after = await openid.tokenIntrospection(config, state.openidTokens.access_token);
  check(after.active === false, 'still active');
  return { detail: 'active, then revoked' };
});

await test('openid-client.logout', ['openid-client.code'], async () => {
  // OpenID Connect RP-Initiated Logout 1.0 §2: end_session_endpoint with id_token_hint,
  // post_logout_redirect_uri and state; §3 the user agent comes back with the state
  const logoutState = openid.randomState();
  const url = openid.buildEndSessionUrl(state.openidConfig, {
    id_token_hint: state.openidTokens.id_token, post_logout_redirect_uri: env.postLogout, state: logoutState,
  });
  const answer = await userAgent(url);
  check(answer.location, 'expected a redirect, got ' + JSON.stringify(answer).slice(0, 300));
  const back = new URL(answer.location);
  check(back.origin + back.pathname === env.postLogout, 'redirected to ' + answer.location);
  check(back.searchParams.get('state') === logoutState, 'state ' + back.searchParams.get('state'));
  return { detail: 'back at ' + back.pathname + ' with the state' };
});

await test('openid-client.par.dpop.private_key_jwt', ['oauth4webapi.discovery.oidc'], async () => {
  // RFC 9126 PAR, RFC 9449 DPoP (dpop_jkt on the PAR, nonces retried by the library), RFC 7523
  // private_key_jwt signed by the library
  const config = await openid.discovery(issuer, env.keyed.id, undefined,
    openid.PrivateKeyJwt(await privateKey(env.keyed.jwk)), openidOptions);
  openid.enableNonRepudiationChecks(config);
  const DPoP = openid.getDPoPHandle(config, await openid.randomDPoPKeyPair('ES256'));
  const verifier = openid.randomPKCECodeVerifier();
  const checks = { state: openid.randomState(), nonce: openid.randomNonce() };
  const url = await openid.buildAuthorizationUrlWithPAR(config, {
    redirect_uri: CALLBACK, scope: 'openid profile', state: checks.state, nonce: checks.nonce,
    code_challenge: await openid.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  }, { DPoP });
  check(url.searchParams.get('request_uri')?.startsWith('urn:ietf:params:oauth:request_uri:'),
    'no request_uri: ' + url);
  const back = callbackUrl(await userAgent(url));
  const tokens = await openid.authorizationCodeGrant(config, back,
    { pkceCodeVerifier: verifier, expectedState: checks.state, expectedNonce: checks.nonce, idTokenExpected: true },
    undefined, { DPoP });
  check(tokens.token_type.toLowerCase() === 'dpop', 'token_type ' + tokens.token_type);
  const claims = tokens.claims();
  const info = await openid.fetchUserInfo(config, tokens.access_token, claims.sub, { DPoP });
  const refreshed = await openid.refreshTokenGrant(config, tokens.refresh_token, undefined, { DPoP });
  check(refreshed.token_type.toLowerCase() === 'dpop', 'refreshed token_type ' + refreshed.token_type);
  state.dpop = { config, DPoP, tokens: refreshed };
  return { detail: 'DPoP-bound tokens, userinfo sub ' + info.sub + ', refreshed' };
});

await test('openid-client.dpop.resource', ['openid-client.par.dpop.private_key_jwt'], async () => {
  // RFC 9449 §7.1: the demo's protected API takes the DPoP-bound token with a proof carrying ath
  // (the library's fetchProtectedResource); §7.2: the same token as a Bearer token is refused
  const { config, DPoP, tokens } = state.dpop;
  const ok = await openid.fetchProtectedResource(config, tokens.access_token, new URL(env.resource), 'GET',
    undefined, undefined, { DPoP });
  check(ok.status === 200, 'with DPoP: status ' + ok.status);
  const bearer = await fetch(env.resource, { headers: { authorization: 'Bearer ' + tokens.access_token } });
  check(bearer.status === 401, 'as a Bearer token: status ' + bearer.status);
  return { detail: 'HTTP 200 with DPoP, 401 as Bearer (' + bearer.headers.get('www-authenticate') + ')' };
});

process.stdout.write('@@DONE ' + JSON.stringify({ failed: [...failed] }) + '\n');
process.exit(0);
