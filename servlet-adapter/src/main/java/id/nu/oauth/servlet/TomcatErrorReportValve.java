package id.nu.oauth.servlet;

import id.nu.oauth.core.EndpointResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Host;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat 11's own error answers in the adapter's shape, in place of its {@link ErrorReportValve}
 * (whose page names the server and may show a stack trace): a path under the API path gets the
 * engine's JSON error ({@code {"error":"invalid_request",...}}), any other path a small HTML page,
 * with no server version, no stack trace and nothing of the request in it. Tomcat sends the
 * requests its connector refuses (a bad request line or {@code Host}, oversized headers, an HTTP
 * version it does not speak) through the host's pipeline, so this valve answers those too, as well
 * as any error status nothing else wrote a body for. Install it on the host before Tomcat starts:
 *
 * <pre>{@code
 * Tomcat tomcat = new Tomcat();
 * TomcatErrorReportValve.install(tomcat.getHost(), "/api");   // context path + base path
 * tomcat.start();
 * }</pre>
 *
 * In {@code server.xml}, set the host's {@code errorReportValveClass="id.nu.oauth.servlet.TomcatErrorReportValve"}
 * (API path {@code /api}); for another API path, also add
 * {@code <Valve className="id.nu.oauth.servlet.TomcatErrorReportValve" apiPath="/portal/api"/>} to that host.
 *
 * <p>Tomcat answers oversized headers and an over-long request line with 400 (not 431 or 414);
 * where it could not read the request line it does not know the path, and the answer is the HTML
 * page.
 */
@SuppressWarnings("exports") // Tomcat is on the class path, not a module this one reads (see module-info.java)
public final class TomcatErrorReportValve extends ErrorReportValve {

    private volatile ContainerErrors errors;

    /** A valve for the API path {@code /api}. */
    public TomcatErrorReportValve() {
        this("/api");
    }

    /**
     * A valve for this API path.
     *
     * @param apiPath the API path as clients send it (context path + base path, e.g. {@code /api})
     */
    public TomcatErrorReportValve(String apiPath) {
        this.errors = new ContainerErrors(apiPath);
        setShowReport(false);
        setShowServerInfo(false);
    }

    /** Sets the API path (the {@code apiPath} attribute in {@code server.xml}). */
    public void setApiPath(String apiPath) {
        this.errors = new ContainerErrors(apiPath);
    }

    /** The API path, without a trailing slash. */
    public String getApiPath() {
        return errors.apiPath();
    }

    /**
     * Puts a new valve for {@code apiPath} in {@code host}'s pipeline in place of any other
     * {@link ErrorReportValve}, and, for a {@link StandardHost}, keeps Tomcat from adding its own
     * when the host starts.
     */
    public static TomcatErrorReportValve install(Host host, String apiPath) {
        TomcatErrorReportValve valve = new TomcatErrorReportValve(apiPath);
        Pipeline pipeline = host.getPipeline();
        for (Valve existing : pipeline.getValves()) {
            if (existing instanceof ErrorReportValve) {
                pipeline.removeValve(existing);
            }
        }
        if (host instanceof StandardHost standard) {
            standard.setErrorReportValveClass(TomcatErrorReportValve.class.getName());
        }
        pipeline.addValve(valve);
        return valve;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // as ErrorReportValve: only an error status, only when nothing was written, only once
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        EndpointResponse answer = errors.answer(status, request.getRequestURI());
        try {
            answer.headers().forEach(response::setHeader);
            response.setContentLength(answer.body().getBytes(StandardCharsets.UTF_8).length);
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(answer.body());
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was already committed: nothing left to tell it
        }
    }
}
