package id.nu.oauth.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, byte for byte: for requests no well-behaved client sends (headers
 * over the container's limit, a bad {@code Host}, an unknown HTTP version), which
 * {@code java.net.http} refuses to build.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** A parsed response; {@code headers} keeps every field, repeated ones too, in order. */
    record Response(String statusLine, int status, List<String[]> headers, String body) {

        /** The first value of a header (names compared ignoring case), or {@code null}. */
        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        /** Every header and the body, for an assertion's description. */
        String dump() {
            StringBuilder s = new StringBuilder(statusLine).append('\n');
            headers.forEach(h -> s.append(h[0]).append(": ").append(h[1]).append('\n'));
            return s.append('\n').append(body).toString();
        }
    }

    /**
     * Sends {@code request} (CRLFs included, the caller's exact bytes) to 127.0.0.1:{@code port}
     * and reads one response: by {@code Content-Length}, chunked, or up to the end of the stream.
     */
    static Response exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /** {@code GET target} with these header lines and {@code Connection: close}, as {@code version}. */
    static String get(String target, String version, String... headerLines) {
        StringBuilder s = new StringBuilder("GET ").append(target).append(' ').append(version).append("\r\n");
        for (String line : headerLines) {
            s.append(line).append("\r\n");
        }
        return s.append("Connection: close\r\n\r\n").toString();
    }

    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("the server closed the connection without answering");
        }
        List<String[]> headers = new ArrayList<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
        }
        String[] parts = statusLine.split(" ", 3);
        Response head = new Response(statusLine, Integer.parseInt(parts[1]), headers, "");
        byte[] body;
        String length = head.header("Content-Length");
        String encoding = head.header("Transfer-Encoding");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                chunks.write(in.readNBytes(size));
                line(in);
            }
            body = chunks.toByteArray();
        } else {
            body = readToEnd(in);
        }
        return new Response(statusLine, head.status(), headers, new String(body, StandardCharsets.UTF_8));
    }

    /** Up to the end of the stream; a reset after the response counts as its end. */
    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // the server closed with our unread bytes in its buffer: what came before is the body
        }
        return out.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.write(c);
            }
        }
        return c < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
