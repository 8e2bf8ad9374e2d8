package id.nu.oauth.examples;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * GET /metrics: the engine's meters (nuid-oauth-micrometer) in the Prometheus text format. The demo
 * serves it to anyone on its loopback address; a real portal keeps it for its monitoring network.
 *
 * <pre>{@code
 * context.addServlet("metrics", new MetricsServlet(registry)).addMapping("/metrics");
 * }</pre>
 */
final class MetricsServlet extends HttpServlet {

    static final String PATH = "/metrics";

    private final transient PrometheusMeterRegistry registry;

    MetricsServlet(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("text/plain; version=0.0.4; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
