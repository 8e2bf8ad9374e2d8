package id.nu.oauth.bench.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP/1.1 client on a plain {@link Socket}, one connection per request, so that it can send
 * what no HTTP library would (see {@link RawRequest}) and tell apart a response, a connection closed
 * without one, a reset and a timeout. It reads what the server sends back leniently: a status line,
 * headers, and a body framed by {@code Content-Length}, chunked, or the end of the connection.
 *
 * <pre>{@code
 * List<Response> answers = new RawHttp(port, 10_000).exchange(request);
 * }</pre>
 */
final class RawHttp {

    /** The most of a response body kept; the rest is read and dropped. */
    static final int MAX_BODY = 1 << 20;
    private static final int MAX_LINE = 64 * 1024;

    private final InetSocketAddress address;
    private final int timeoutMillis;

    RawHttp(int port, int timeoutMillis) {
        this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        this.timeoutMillis = timeoutMillis;
    }

    /** Sends the request and reads {@link RawRequest#responses()} responses (none for {@link RawRequest.Ending#CLOSE}). */
    List<Response> exchange(RawRequest request) {
        List<Response> answers = new ArrayList<>();
        try (Socket socket = new Socket()) {
            try {
                socket.connect(address, timeoutMillis);
            } catch (IOException e) {
                answers.add(Response.none(Response.Outcome.CONNECT_FAILED, e.toString()));
                return answers;
            }
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            boolean written = write(socket.getOutputStream(), request.bytes());
            if (request.ending() == RawRequest.Ending.CLOSE) {
                answers.add(Response.none(Response.Outcome.NOT_READ, ""));
                return answers;
            }
            if (written && request.ending() == RawRequest.Ending.HALF_CLOSE) {
                try {
                    socket.shutdownOutput();
                } catch (IOException alreadyGone) {
                    // the server closed first; read what it sent
                }
            }
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < request.responses(); i++) {
                Response answer = read(in, request.head());
                answers.add(answer);
                if (!answer.isResponse() || !answer.complete()) {
                    break;
                }
            }
        } catch (IOException closing) {
            // closing the socket failed: nothing to report
        }
        return answers;
    }

    /** Writes everything it can; a server that answers early (413, 431) may close before the end. */
    private static boolean write(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException closedEarly) {
            return false;
        }
    }

    private static Response read(InputStream in, boolean head) {
        String statusLine;
        try {
            statusLine = readLine(in);
            if (statusLine == null) {
                return Response.none(Response.Outcome.CLOSED, "");
            }
            List<String> headers = new ArrayList<>();
            int status = statusOf(statusLine);
            while (true) {
                if (status < 0) { // an HTTP/0.9-style answer (a body alone) or garbage: keep what came
                    ByteArrayOutputStream raw = new ByteArrayOutputStream();
                    raw.write(statusLine.getBytes(StandardCharsets.ISO_8859_1));
                    raw.write('\n');
                    boolean ended = copy(in, raw, Long.MAX_VALUE);
                    return new Response(Response.Outcome.MALFORMED, 0, List.of(), raw.toByteArray(), ended,
                            "no status line");
                }
                String line;
                while ((line = readLine(in)) != null && !line.isEmpty()) {
                    headers.add(line);
                }
                if (line == null) {
                    return new Response(Response.Outcome.RESPONSE, status, headers, new byte[0], false, "cut in the headers");
                }
                if (status >= 100 && status < 200 && status != 101) { // an interim response: the real one follows
                    headers.clear();
                    statusLine = readLine(in);
                    if (statusLine == null) {
                        return Response.none(Response.Outcome.CLOSED, "after an interim " + status);
                    }
                    status = statusOf(statusLine);
                    continue;
                }
                break;
            }
            return body(in, status, headers, head);
        } catch (SocketTimeoutException e) {
            return Response.none(Response.Outcome.TIMEOUT, e.getMessage());
        } catch (IOException e) {
            return Response.none(Response.Outcome.RESET, e.toString());
        }
    }

    private static Response body(InputStream in, int status, List<String> headers, boolean head) throws IOException {
        Response framing = new Response(Response.Outcome.RESPONSE, status, headers, new byte[0], true, "");
        if (head || status == 204 || status == 304) {
            return framing;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean complete;
        try {
            String transfer = framing.header("Transfer-Encoding");
            String length = framing.header("Content-Length");
            if (transfer != null && transfer.toLowerCase(Locale.ROOT).contains("chunked")) {
                complete = chunked(in, body);
            } else if (length != null) {
                complete = copy(in, body, Long.parseLong(length.trim()));
            } else {
                complete = copy(in, body, Long.MAX_VALUE); // to the end of the connection
            }
        } catch (NumberFormatException | IOException cut) { // a bad size, a timeout or a reset in the body
            complete = false;
        }
        return new Response(Response.Outcome.RESPONSE, status, headers, body.toByteArray(), complete, "");
    }

    private static boolean chunked(InputStream in, ByteArrayOutputStream body) throws IOException {
        while (true) {
            String size = readLine(in);
            if (size == null) {
                return false;
            }
            int semicolon = size.indexOf(';');
            long n = Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
            if (n == 0) {
                String trailer;
                while ((trailer = readLine(in)) != null && !trailer.isEmpty()) {
                    // trailers are ignored
                }
                return trailer != null;
            }
            if (!copy(in, body, n)) {
                return false;
            }
            readLine(in); // the CRLF after the chunk
        }
    }

    /** Copies {@code n} bytes (keeping at most {@link #MAX_BODY}); false if the connection ended first. */
    private static boolean copy(InputStream in, ByteArrayOutputStream body, long n) throws IOException {
        byte[] buffer = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (r < 0) {
                return n == Long.MAX_VALUE;
            }
            if (body.size() < MAX_BODY) {
                body.write(buffer, 0, Math.min(r, MAX_BODY - body.size()));
            }
            left -= r;
        }
        return true;
    }

    /** A line without its CRLF (or bare LF); {@code null} at the end of the stream before any byte. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() < MAX_LINE) {
                line.write(b);
            }
        }
        if (line.size() == 0) {
            return null;
        }
        return new String(line.toByteArray(), StandardCharsets.ISO_8859_1); // cut: the caller sees a short line
    }

    /** The status code of {@code HTTP/1.x NNN reason}, or -1. */
    private static int statusOf(String statusLine) {
        if (!statusLine.startsWith("HTTP/") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            return -1;
        }
        try {
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
