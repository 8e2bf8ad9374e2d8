package id.nu.oauth.bench.fuzz;

/**
 * Hostile requests at the HTTP level: wrong body framing (short, chunked badly, oversized), heads
 * that are too big or malformed, bad {@code Host} headers and versions, odd methods and paths,
 * {@code Expect}, and pipelining. The server should answer 4xx (or close the connection for a body
 * that never ends), never 5xx, and keep serving.
 */
final class FramingAttacks {

    private static final RawRequest.Ending HALF_CLOSE = RawRequest.Ending.HALF_CLOSE;

    private FramingAttacks() {
    }

    /** A body shorter than its Content-Length, then a half-close (the server sees the end) or a close. */
    static void shortBody(Case c) {
        String path = c.pick(Portal.POSTS);
        String body = Forms.plausibleBody(c, path);
        int missing = c.chance(0.2) ? c.between(1, 100_000) : c.between(1, 200);
        c.send(Forms.credentials(c, c.post(path), path).contentType(RawRequest.FORM)
                .header("Content-Length", String.valueOf(body.length() + missing)).body(body)
                .ending(c.chance(0.75) ? HALF_CLOSE : RawRequest.Ending.CLOSE));
    }

    /** Chunked bodies: bad sizes, missing CRLFs, truncated, bad extensions, and framing conflicts. */
    static void chunked(Case c) {
        String path = c.pick(Portal.POSTS);
        String body = Forms.plausibleBody(c, path);
        String hex = Integer.toHexString(body.length());
        String te = "chunked";
        boolean wellFormed = false;
        String framed;
        RawRequest request = Forms.credentials(c, c.post(path), path).contentType(RawRequest.FORM);
        switch (c.random.nextInt(14)) {
            case 0 -> {
                framed = hex + "\r\n" + body + "\r\n0\r\n\r\n";
                wellFormed = true;
            }
            case 1 -> framed = c.pick("zz", "-1", "0x10", " ", "g", "1 2", "+5", "", "\u00ff") + "\r\n" + body + "\r\n0\r\n\r\n";
            case 2 -> framed = c.pick("ffffffffffffffffffff", "7fffffffffffffff", "80000000", "100000000") + "\r\n" + body
                    + "\r\n0\r\n\r\n";
            case 3 -> framed = hex + "\r\n" + body + "0\r\n\r\n"; // no CRLF after the data
            case 4 -> framed = Integer.toHexString(Math.max(1, body.length() / 2)) + "\r\n" + body + "\r\n0\r\n\r\n";
            case 5 -> framed = hex + "\r\n" + body.substring(0, body.length() / 2); // truncated
            case 6 -> framed = hex + "\r\n" + body + "\r\n"; // no last chunk
            case 7 -> framed = hex + ";" + Junk.bytes(c.random, 4) + "\r\n" + body + "\r\n0\r\n\r\n";
            case 8 -> framed = hex + "\n" + body + "\n0\n\n"; // bare LF
            case 9 -> framed = hex + "\r\n" + body + "\r\n0\r\n" + c.pick("Bad Trailer", "X-T: " + Junk.bytes(c.random, 8),
                    ": x") + "\r\n\r\n";
            case 10 -> framed = hex + "\r" + body + "\r0\r\r"; // bare CR
            case 11 -> { // many one-byte chunks
                StringBuilder b = new StringBuilder();
                for (char ch : body.toCharArray()) {
                    b.append("1\r\n").append(ch).append("\r\n");
                }
                framed = b.append("0\r\n\r\n").toString();
                wellFormed = true;
            }
            case 12 -> { // Content-Length and chunked at once, a smuggled request after
                request.header("Content-Length", String.valueOf(c.between(0, 8)));
                framed = hex + "\r\n" + body + "\r\n0\r\n\r\nGET " + Portal.JWKS + " HTTP/1.1\r\nHost: " + c.portal.host
                        + "\r\n\r\n";
            }
            default -> {
                te = c.pick("chunked, chunked", "gzip, chunked", "xchunked", "chunked\t", "identity", "Chunked",
                        "chunked;q=1", "chunked, identity", " chunked", "gzip");
                framed = hex + "\r\n" + body + "\r\n0\r\n\r\n";
            }
        }
        c.send(request.header("Transfer-Encoding", te).noAutoLength().body(framed)
                .ending(wellFormed ? RawRequest.Ending.READ : HALF_CLOSE));
    }

    /** Bodies over the 64 KiB cap, and Content-Length values that are huge, negative or not numbers. */
    static void oversized(Case c) {
        String path = c.pick(Portal.POSTS);
        RawRequest request = Forms.credentials(c, c.post(path), path).contentType(RawRequest.FORM);
        String body = Forms.plausibleBody(c, path);
        switch (c.random.nextInt(4)) {
            case 0 -> request.body(body + "&pad=" + "a".repeat(64 * 1024 + c.between(1, 64 * 1024)));
            case 1 -> { // chunked, well framed, too long in total
                StringBuilder b = new StringBuilder(Integer.toHexString(body.length())).append("\r\n").append(body).append("\r\n");
                int left = 64 * 1024 + c.between(1, 32 * 1024);
                while (left > 0) {
                    int n = Math.min(left, 8192);
                    b.append(Integer.toHexString(n)).append("\r\n").append("b".repeat(n)).append("\r\n");
                    left -= n;
                }
                request.header("Transfer-Encoding", "chunked").noAutoLength().body(b.append("0\r\n\r\n").toString());
            }
            case 2 -> request.header("Content-Length", c.pick("1000000000000", "2147483648", "65537", "9223372036854775807"))
                    .body(body).ending(HALF_CLOSE);
            default -> {
                String length = c.pick("-1", "abc", "1e3", "+5", " 5", "5, 5", "99999999999999999999999", "0x10", "");
                request.header("Content-Length", length);
                if (c.chance(0.3)) {
                    request.header("Content-Length", String.valueOf(body.length() + 1));
                }
                request.body(body).ending(HALF_CLOSE);
            }
        }
        c.send(request);
    }

    /** A head over 8 KiB: one huge header, thousands of headers, a huge cookie or Authorization. */
    static void hugeHeaders(Case c) {
        String path = c.pick(Portal.ALL);
        RawRequest request = c.request(path.equals(Portal.AUTHORIZE) || Portal.DOCUMENTS.contains(path) ? "GET" : "POST", path);
        int size = c.between(8 * 1024 + 1, 64 * 1024);
        switch (c.random.nextInt(5)) {
            case 0 -> request.header("X-Fuzz-Pad", "a".repeat(size));
            case 1 -> {
                for (int i = c.between(100, 2000); i > 0; i--) {
                    request.header("X-Fuzz-" + i, Junk.alnum(c.random, 8));
                }
            }
            case 2 -> request.header("Cookie", c.portal.sessionCookie + "=" + Junk.unreserved(c.random, size));
            case 3 -> request.header("Authorization", "Bearer " + Junk.unreserved(c.random, size));
            default -> request.header("X" + "-".repeat(size), "1");
        }
        if (request.method().equals("POST")) {
            request.form(Forms.plausibleBody(c, path));
        }
        c.send(request);
    }

    /** Request targets over 8 KiB: a long state, many parameters, a long path. */
    static void longUrl(Case c) {
        int size = c.between(8 * 1024 + 1, 80 * 1024);
        String target = switch (c.random.nextInt(3)) {
            case 0 -> Portal.AUTHORIZE + "?response_type=code&client_id=demo-pkce&state=" + Junk.unreserved(c.random, size);
            case 1 -> Portal.USERINFO + "?" + "a=1&".repeat(size / 4);
            default -> "/api/oauth/" + "a".repeat(size);
        };
        c.send(c.get(target));
    }

    /** Missing, repeated and malformed Host headers, and an absolute-form target naming another host. */
    static void badHost(Case c) {
        String path = c.pick(Portal.ALL);
        RawRequest request = c.get(path).withoutHeader("Host");
        switch (c.random.nextInt(4)) {
            case 0 -> { } // none at all
            case 1 -> request.header("Host", c.portal.host).header("Host", c.pick("evil.example", c.portal.host));
            case 2 -> request.header("Host", c.pick("", "evil.example", "127.0.0.1:abc", "[::1", "a b", "127.0.0.1:99999",
                    "\u0001", "127.0.0.1:" + c.portal.port + "@evil.example", "localhost:" + c.portal.port, "..",
                    "\u00e9xample", "127.0.0.1:" + c.portal.port + "/path", "*"));
            default -> request.header("Host", c.portal.host).target(c.pick("http://evil.example", "https://evil.example",
                    "http://" + c.portal.host, "//evil.example", "*", "http:") + path);
        }
        c.send(request);
    }

    /** HTTP/1.0, versions from the future, and no version or a garbled one. */
    static void badVersion(Case c) {
        String path = c.pick(Portal.ALL);
        RawRequest request = Portal.POSTS.contains(path) && c.chance(0.5) ? Forms.plausiblePost(c, path)
                .contentType(RawRequest.FORM) : c.get(path);
        request.version(c.pick("HTTP/1.0", "HTTP/3.0", "HTTP/2.0", "HTTP/1.2", "HTTP/9.9", "HTTP/1.1x", "http/1.1", "HTTP/",
                "FOO/1.1", "", "HTTP/1.1 extra", "HTTP/0.9", "HTTP/1.01", "HTTP/-1.1", "HTTP/1.1\u0000"));
        if (c.chance(0.3)) {
            request.withoutHeader("Host");
        }
        c.send(request.ending(HALF_CLOSE));
    }

    /** Header lines that are not headers: no colon, folded, NUL, bare LF or CR, bad names, raw bytes. */
    static void headerGarbage(Case c) {
        String path = c.pick(Portal.ALL);
        RawRequest request = Portal.POSTS.contains(path) ? Forms.plausiblePost(c, path).contentType(RawRequest.FORM)
                : c.get(path);
        switch (c.random.nextInt(9)) {
            case 0 -> request.line("no colon here");
            case 1 -> request.header("X-Folded", "first").line(" folded continuation");
            case 2 -> request.header("X-Nul", "a\u0000b");
            case 3 -> request.lineEnd("\n");
            case 4 -> request.lineEnd(c.pick("\r", "\n\r"));
            case 5 -> request.line(c.pick("X(Y): z", ": empty name", "X Y: z", "X-\u00e9: z", "\u0000: z"));
            case 6 -> request.header("X-Bytes", Junk.bytes(c.random, c.between(1, 64)).replace("\r", "").replace("\n", ""));
            case 7 -> request.line("Host : " + c.portal.host);
            default -> {
                request = c.request(Junk.bytes(c.random, c.between(1, 40)).replace("\r", "").replace("\n", ""),
                        Junk.bytes(c.random, c.between(0, 40)).replace("\r", "").replace("\n", ""));
            }
        }
        c.send(request.ending(HALF_CLOSE));
    }

    /** Methods the endpoints do not take, lower-case ones, and garbage. */
    static void methods(Case c) {
        String path = c.pick(Portal.ALL);
        String method = c.pick("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "CONNECT", "PROPFIND", "get", "post",
                "G3T", "GET\u0000", "M".repeat(c.between(20, 300)), "GET POST", "\u00c9T", "BREW");
        RawRequest request = c.request(method, path);
        if (c.chance(0.5)) {
            request.form(Forms.plausibleBody(c, path));
        }
        c.send(Forms.credentials(c, request, path).ending(HALF_CLOSE));
    }

    private static final String[] OAUTH_SEGMENTS = {"token", "TOKEN", "token/", "token;x=1", "%74oken", "..%2ftoken", "./token",
        "/token", "token%00", "token%2F", "token\\", "authorize/../token", "jwks.json", "userinfo/1", "consent", "", "%",
        "%zz", "%C0%AF", "..", "..;/", "~", "%F0%9F%98%80", "refreshAccessToken/", "introspect;jsessionid=x", "revoke?",
        "revoke#frag", "*", "token%20", "%2e%2e/%2e%2e/etc/passwd"};
    private static final String[] WELL_KNOWN_SEGMENTS = {"openid-configuration", "oauth-authorization-server",
        "oauth-authorization-server/api", "openid-configuration/", "OPENID-CONFIGURATION", "security.txt",
        "..%2f..%2fetc%2fpasswd", "openid-configuration;x", "%6Fpenid-configuration", "", "jwks.json", "webfinger"};

    /** Random paths under /api/oauth/ and /api/.well-known/ with random methods. */
    static void paths(Case c) {
        String path = c.chance(0.6) ? "/api/oauth/" + c.pick(OAUTH_SEGMENTS) : "/api/.well-known/" + c.pick(WELL_KNOWN_SEGMENTS);
        if (c.chance(0.2)) {
            path += "/" + Junk.alnum(c.random, c.between(1, 12));
        }
        if (c.chance(0.2)) {
            path += "?" + Junk.alnum(c.random, 4) + "=" + Junk.alnum(c.random, 4);
        }
        RawRequest request = c.request(c.pick("GET", "POST", "HEAD", "GET"), path);
        if (request.method().equals("POST")) {
            request.form(Forms.plausibleBody(c, Portal.TOKEN));
        }
        c.send(request);
    }

    /** {@code Expect: 100-continue} (the body sent at once anyway), an unknown expectation, one with a huge length. */
    static void expect(Case c) {
        String path = c.pick(Portal.POSTS);
        RawRequest request = Forms.plausiblePost(c, path).contentType(RawRequest.FORM);
        switch (c.random.nextInt(3)) {
            case 0 -> request.header("Expect", "100-continue");
            case 1 -> request.header("Expect", c.pick("garbage", "100-continue, x", "200-ok", ""));
            default -> request.header("Expect", "100-continue").header("Content-Length", "100000000").ending(HALF_CLOSE);
        }
        c.send(request);
    }

    /** Two requests in one write: the second must be answered as if it came alone (or the connection closed). */
    static void pipelined(Case c) {
        RawRequest first = c.chance(0.5) ? c.get(c.pick(Portal.DOCUMENTS)).keepAlive()
                : Forms.plausiblePost(c, Portal.INTROSPECT).contentType(RawRequest.FORM).keepAlive();
        String path = c.pick(Portal.POSTS);
        RawRequest second = Forms.plausiblePost(c, path).contentType(c.pick(RawRequest.FORM, "text/plain",
                RawRequest.FORM + "; charset=ebcdic"));
        c.sendAll(first.then(second));
    }
}
