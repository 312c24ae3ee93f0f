import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the server's CPU went in a window of a JFR recording (bench/load/run.sh --profile): the
 * execution samples sorted into a few parts of the work by the frames on their stack, the CPU of
 * the server's threads by kind (request handling, garbage collection, JIT compilers, ...), and
 * the bytes allocated. A short run is mostly the JIT compiling: measure after a warm-up.
 *
 * <pre>
 *   java bench/load/JfrBreakdown.java results/.../postgresql.jfr [HH:MM:SS HH:MM:SS]   # UTC window
 * </pre>
 *
 * A sample goes to the first part, in the order below, that has a frame on its stack: so the
 * request log's lines count as "request log" though Jetty called them. A sample none of those
 * claims goes to Latchkey's code or the HTTP layer, whichever has the frame nearest the leaf.
 */
public final class JfrBreakdown {
    private static final Map<String, String[]> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("request log (logback, stderr)", new String[] {"ch.qos.logback.", "net.logstash."});
        PARTS.put("RS256 signing (JWT)", new String[] {"sun.security.rsa.", "java.math.BigInteger", "com.nimbusds."});
        PARTS.put("mail (templates, SMTP, outbox)", new String[] {
            "jakarta.mail.",
            "org.eclipse.angus.",
            "io.latchkey.server.mail.",
            "io.latchkey.server.magiclink.MagicLinkMailer"
        });
        PARTS.put(
                "JDBC (pgjdbc, Hikari, SQLite driver)",
                new String[] {"org.postgresql.", "com.zaxxer.hikari.", "org.sqlite."});
        PARTS.put("JSON (Jackson)", new String[] {"com.fasterxml.jackson."});
        PARTS.put(
                "hashing, tokens, crypto (SHA-256, AES-GCM, random)",
                new String[] {"sun.security.provider.", "com.sun.crypto.", "javax.crypto.", "java.security."});
    }

    private static final String HTTP = "HTTP (Jetty, Javalin)";
    private static final String OWN = "Latchkey's own code";
    private static final String OTHER = "other (JDK, virtual-thread scheduling, ...)";

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        LocalTime from = args.length > 2 ? LocalTime.parse(args[1]) : LocalTime.MIN;
        LocalTime to = args.length > 2 ? LocalTime.parse(args[2]) : LocalTime.MAX;
        Map<String, Integer> parts = new LinkedHashMap<>();
        PARTS.keySet().forEach(p -> parts.put(p, 0));
        parts.put(HTTP, 0);
        parts.put(OWN, 0);
        parts.put(OTHER, 0);
        Map<String, double[]> threads = new TreeMap<>();
        Map<String, Long> topFrames = new TreeMap<>();
        Map<String, Long> allocParts = new TreeMap<>();
        Map<String, Long> allocClasses = new TreeMap<>();
        long samples = 0;
        long allocated = 0;
        int cpuLoadEvents = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            LocalTime at = LocalTime.ofInstant(e.getStartTime(), ZoneOffset.UTC);
            if (at.isBefore(from) || at.isAfter(to)) {
                continue;
            }
            switch (e.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    samples++;
                    parts.merge(part(e), 1, Integer::sum);
                    List<RecordedFrame> frames = e.getStackTrace() == null
                            ? List.of()
                            : e.getStackTrace().getFrames();
                    if (!frames.isEmpty()) {
                        RecordedFrame top = frames.get(0);
                        topFrames.merge(
                                top.getMethod().getType().getName() + "."
                                        + top.getMethod().getName(),
                                1L,
                                Long::sum);
                    }
                }
                case "jdk.ThreadCPULoad" -> {
                    cpuLoadEvents++;
                    String name = e.getThread("eventThread") == null
                            ? "?"
                            : e.getThread("eventThread").getJavaName();
                    double[] load = threads.computeIfAbsent(kind(name), k -> new double[2]);
                    load[0] += e.getFloat("user") + e.getFloat("system");
                    load[1]++;
                }
                case "jdk.ObjectAllocationSample" -> {
                    long weight = e.getLong("weight");
                    allocated += weight;
                    allocParts.merge(part(e), weight, Long::sum);
                    allocClasses.merge(e.getClass("objectClass").getName(), weight, Long::sum);
                }
                default -> {}
            }
        }
        System.out.printf(Locale.ROOT, "window %s .. %s UTC: %d execution samples%n", from, to, samples);
        for (Map.Entry<String, Integer> p : parts.entrySet()) {
            System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * p.getValue() / Math.max(1, samples), p.getKey());
        }
        System.out.println(
                "server threads' CPU by kind (jdk.ThreadCPULoad, summed over the window's periods, share of all):");
        double all = threads.values().stream().mapToDouble(v -> v[0]).sum();
        threads.entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(t -> System.out.printf(
                        Locale.ROOT, "  %5.1f %%  %s%n", 100 * t.getValue()[0] / Math.max(1e-9, all), t.getKey()));
        System.out.printf(
                Locale.ROOT, "allocated (jdk.ObjectAllocationSample weights): %.1f MiB%n", allocated / 1048576.0);
        print(allocParts, allocated, 12);
        System.out.println("allocated by class:");
        print(allocClasses, allocated, 12);
        System.out.println("top frames:");
        List<Map.Entry<String, Long>> top = new ArrayList<>(topFrames.entrySet());
        top.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        top.stream().limit(15).forEach(t -> System.out.printf(Locale.ROOT, "  %5d  %s%n", t.getValue(), t.getKey()));
    }

    private static void print(Map<String, Long> weights, long all, int limit) {
        weights.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .limit(limit)
                .forEach(w -> System.out.printf(
                        Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * w.getValue() / Math.max(1, all), w.getKey()));
    }

    private static String part(RecordedEvent e) {
        if (e.getStackTrace() == null) {
            return OTHER;
        }
        List<RecordedFrame> frames = e.getStackTrace().getFrames();
        for (Map.Entry<String, String[]> p : PARTS.entrySet()) {
            for (RecordedFrame f : frames) {
                String type = f.getMethod().getType().getName();
                for (String prefix : p.getValue()) {
                    if (type.startsWith(prefix)) {
                        return p.getKey();
                    }
                }
            }
        }
        // The rest goes to the frame nearest the leaf that is Latchkey's or the HTTP layer's.
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith("io.latchkey.")) {
                return OWN;
            }
            if (type.startsWith("org.eclipse.jetty.") || type.startsWith("io.javalin.") || type.startsWith("kotlin.")) {
                return HTTP;
            }
        }
        return OTHER;
    }

    private static String kind(String thread) {
        if (thread.startsWith("GC Thread") || thread.startsWith("G1 ") || thread.contains("GC")) {
            return "garbage collection";
        }
        if (thread.contains("CompilerThread")) {
            return "JIT compilers";
        }
        if (thread.startsWith("ForkJoinPool")
                || thread.startsWith("qtp")
                || thread.startsWith("VirtualThread")
                || thread.startsWith("JettyVirtual")
                || thread.isEmpty()) {
            return "request handling (virtual-thread carriers, Jetty)";
        }
        if (thread.startsWith("JFR") || thread.startsWith("JDK Flight")) {
            return "JFR itself";
        }
        return "other: " + thread.replaceAll("\\d+", "N");
    }

    private JfrBreakdown() {}
}
