package id.nu.oauth.bench.fuzz;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Counts every request by kind and outcome, checks each response (status, stack traces, reflected
 * input), keeps the failures with the case index that replays them, and prints the tables.
 * Thread-safe: the workers and the race threads record at once.
 */
final class Recorder {

    /** What counts as a failure of the run. */
    enum Failure {
        SERVER_ERROR("responses with status >= 500"),
        EXCEPTION_IN_BODY("response bodies with a stack trace or an exception name"),
        INJECTION("input reflected where it must not be (a forged header, unescaped HTML)"),
        EXPECTATION("valid requests or protocol guarantees that did not hold"),
        RUNNER("requests that could not be made (no connection) or runner faults"),
        LOG_ERROR("ERROR (or SEVERE) lines in the server log"),
        LOG_STACK_TRACE("stack traces in the server log"),
        HEAP("heap not flat"),
        SERVER_EXIT("the server process ended during the run");

        final String meaning;

        Failure(String meaning) {
            this.meaning = meaning;
        }
    }

    /** One failure, with what replays it. */
    record Incident(Failure failure, String kind, long index, String request, String what) {
    }

    /** The counters of one kind of case. */
    static final class Tally {
        final LongAdder cases = new LongAdder();
        final LongAdder requests = new LongAdder();
        final LongAdder[] byClass = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
        final LongAdder closed = new LongAdder(); // closed or reset without a byte
        final LongAdder timeouts = new LongAdder();
        final LongAdder malformed = new LongAdder();
        final LongAdder notRead = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder nanos = new LongAdder();
        final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
    }

    /** Stack frames, exception class names: what a body must never show. */
    private static final Pattern EXCEPTION_TEXT = Pattern.compile("\tat |at id\\.nu\\.|Exception");
    static final String CANARY_HEADER = "X-Fuzz-Canary";
    static final String CANARY_TAG = "<fuzz-canary";
    /** Examples kept per kind of failure, and per kind of case within it. */
    private static final int EXAMPLES = 16;
    private static final int EXAMPLES_PER_KIND = 2;

    private final Map<String, Tally> tallies = new ConcurrentSkipListMap<>();
    private final Map<Integer, LongAdder> statuses = new ConcurrentSkipListMap<>();
    private final Map<Failure, LongAdder> failureCounts = new EnumMap<>(Failure.class);
    private final Map<Failure, Map<String, LongAdder>> failureKinds = new EnumMap<>(Failure.class);
    private final Map<Failure, List<Incident>> examples = new EnumMap<>(Failure.class);
    private final List<Incident> noResponseExamples = new ArrayList<>();
    private final List<Incident> malformedExamples = new ArrayList<>();
    private final LongAdder requests = new LongAdder();
    private final LongAdder issued = new LongAdder();

    Recorder() {
        for (Failure f : Failure.values()) {
            failureCounts.put(f, new LongAdder());
            failureKinds.put(f, new ConcurrentHashMap<>());
            examples.put(f, new ArrayList<>());
        }
    }

    long requests() {
        return requests.sum();
    }

    /** Responses that issued an access token (each leaves rows in the store until they expire). */
    long issued() {
        return issued.sum();
    }

    void caseStarted(String kind) {
        tally(kind).cases.increment();
    }

    private Tally tally(String kind) {
        return tallies.computeIfAbsent(kind, k -> new Tally());
    }

    /** Counts one request's outcome and time (connect to last byte), and checks the response. */
    void record(String kind, long index, RawRequest request, Response response, long nanos) {
        requests.increment();
        Tally t = tally(kind);
        t.requests.increment();
        t.nanos.add(nanos);
        t.maxNanos.accumulate(nanos);
        switch (response.outcome()) {
            case RESPONSE -> {
                t.byClass[Math.min(Math.max(response.status() / 100, 1), 5) - 1].increment();
                statuses.computeIfAbsent(response.status(), s -> new LongAdder()).increment();
                if (response.status() == 200 && response.text().contains("\"access_token\"")) {
                    issued.increment();
                }
                check(kind, index, request, response);
            }
            case CLOSED, RESET -> {
                t.closed.increment();
                synchronized (noResponseExamples) {
                    if (noResponseExamples.size() < EXAMPLES_PER_KIND * 3) {
                        noResponseExamples.add(new Incident(null, kind, index, request.describe(), response.describe()));
                    }
                }
            }
            case TIMEOUT -> t.timeouts.increment();
            case MALFORMED -> {
                t.malformed.increment();
                checkBody(kind, index, request, response);
                synchronized (malformedExamples) {
                    if (malformedExamples.size() < EXAMPLES_PER_KIND * 3) {
                        malformedExamples.add(new Incident(null, kind, index, request.describe(), response.describe()));
                    }
                }
            }
            case NOT_READ -> t.notRead.increment();
            case CONNECT_FAILED -> fail(Failure.RUNNER, kind, index, request, "could not connect: " + response.detail());
        }
    }

    private void check(String kind, long index, RawRequest request, Response response) {
        if (response.status() >= 500 && !(response.status() == 505 && request.unsupportedVersion())
                && !(response.status() == 501 && request.unimplementedFeature())) {
            fail(Failure.SERVER_ERROR, kind, index, request, response.describe());
        }
        checkBody(kind, index, request, response);
        if (!response.headers(CANARY_HEADER).isEmpty()) {
            fail(Failure.INJECTION, kind, index, request, "the response has a header " + CANARY_HEADER
                    + " made from the request (CRLF injection)");
        }
    }

    /** What a body, or whatever came back instead of a response, must not show. */
    private void checkBody(String kind, long index, RawRequest request, Response response) {
        String body = response.text();
        if (EXCEPTION_TEXT.matcher(body).find()) {
            fail(Failure.EXCEPTION_IN_BODY, kind, index, request, response.describe());
        }
        if (body.contains(CANARY_TAG)) {
            fail(Failure.INJECTION, kind, index, request, "the body shows " + CANARY_TAG + " unescaped");
        }
    }

    void fail(Failure failure, String kind, long index, RawRequest request, String what) {
        fail(failure, kind, index, request == null ? "" : request.describe(), what);
    }

    void fail(Failure failure, String kind, long index, String request, String what) {
        failureCounts.get(failure).increment();
        if (kind != null) {
            failureKinds.get(failure).computeIfAbsent(kind, k -> new LongAdder()).increment();
            tally(kind).failures.increment();
        }
        List<Incident> list = examples.get(failure);
        synchronized (list) {
            long sameKind = list.stream().filter(i -> java.util.Objects.equals(i.kind(), kind)).count();
            if (sameKind < EXAMPLES_PER_KIND && list.size() < EXAMPLES) {
                list.add(new Incident(failure, kind, index, request, what));
            }
        }
    }

    /** Failures found outside a request (in the server's log), counted without examples. */
    void count(Failure failure, long n) {
        failureCounts.get(failure).add(n);
    }

    long failures() {
        return failureCounts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long closedWithoutResponse() {
        return tallies.values().stream().mapToLong(t -> t.closed.sum()).sum();
    }

    long malformed() {
        return tallies.values().stream().mapToLong(t -> t.malformed.sum()).sum();
    }

    long timeouts() {
        return tallies.values().stream().mapToLong(t -> t.timeouts.sum()).sum();
    }

    /** The table by kind, then the statuses. */
    void printTables(PrintStream out) {
        out.printf(Locale.ROOT, "%-28s %7s %8s %7s %7s %7s %7s %6s %7s %7s %6s %7s %7s %6s%n", "kind", "cases", "requests",
                "2xx", "3xx", "4xx", "5xx", "other", "no-resp", "timeout", "unread", "avg ms", "max ms", "FAIL");
        Tally total = new Tally();
        tallies.forEach((kind, t) -> {
            printRow(out, kind, t);
            total.cases.add(t.cases.sum());
            total.requests.add(t.requests.sum());
            for (int i = 0; i < 5; i++) {
                total.byClass[i].add(t.byClass[i].sum());
            }
            total.closed.add(t.closed.sum());
            total.timeouts.add(t.timeouts.sum());
            total.malformed.add(t.malformed.sum());
            total.notRead.add(t.notRead.sum());
            total.failures.add(t.failures.sum());
            total.nanos.add(t.nanos.sum());
            total.maxNanos.accumulate(t.maxNanos.get());
        });
        printRow(out, "total", total);
        out.println("(other: 1xx or an unparsable answer; no-resp: the server closed or reset the connection without"
                + " a byte; unread: the client closed on purpose; ms: connect to last byte; FAIL: failures charged to"
                + " the kind;"
                + " 505 to a version other than HTTP/1.0 and 1.1, and 501 to an unknown method or transfer coding, are right"
                + " answers, not failures)");
        StringBuilder s = new StringBuilder("statuses:");
        statuses.forEach((status, n) -> s.append(' ').append(status).append(" x").append(n.sum()));
        out.println(s);
    }

    private static void printRow(PrintStream out, String kind, Tally t) {
        long n = Math.max(1, t.requests.sum());
        out.printf(Locale.ROOT, "%-28s %7d %8d %7d %7d %7d %7d %6d %7d %7d %6d %7.1f %7.0f %6d%n", kind, t.cases.sum(),
                t.requests.sum(), t.byClass[1].sum(), t.byClass[2].sum(), t.byClass[3].sum(), t.byClass[4].sum(),
                t.byClass[0].sum() + t.malformed.sum(), t.closed.sum(), t.timeouts.sum(), t.notRead.sum(),
                t.nanos.sum() / 1e6 / n, t.maxNanos.get() / 1e6, t.failures.sum());
    }

    /** Each kind of failure: how many, from which kinds of case, and the first few with their index. */
    void printFailures(PrintStream out, long seed) {
        for (Failure f : Failure.values()) {
            long n = failureCounts.get(f).sum();
            out.printf(Locale.ROOT, "  %-18s %7d  %s%n", f, n, f.meaning);
            if (n == 0) {
                continue;
            }
            Map<String, Long> byKind = new TreeMap<>();
            failureKinds.get(f).forEach((kind, count) -> byKind.put(kind, count.sum()));
            if (!byKind.isEmpty()) {
                out.println("      by kind: " + byKind);
            }
            for (Incident i : examples.get(f)) {
                out.println("      " + (i.index() >= 0 ? "#" + i.index() + " " : "") + (i.kind() == null ? "" : i.kind())
                        + (i.index() >= 0 ? " (replay: --seed " + seed + " --replay " + i.index() + ")" : ""));
                if (!i.request().isEmpty()) {
                    out.println("        sent: " + i.request());
                }
                out.println("        got:  " + i.what());
            }
        }
    }

    /** The first connections closed without a response, and the first answers that were not HTTP. */
    void printOddAnswers(PrintStream out) {
        out.printf(Locale.ROOT, "closed without a response: %,d (not failures by themselves: a body the client cut short"
                + " may get no answer); answers that are not HTTP/1.x: %,d; timeouts: %,d%n", closedWithoutResponse(),
                malformed(), timeouts());
        for (List<Incident> list : List.of(noResponseExamples, malformedExamples)) {
            synchronized (list) {
                for (Incident i : list) {
                    out.println("      #" + i.index() + " " + i.kind() + ": " + i.request() + " -> " + i.what());
                }
            }
        }
    }
}
