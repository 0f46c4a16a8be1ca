package org.lrppruning.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Latency of slider changes against a running playground ({@code bench/playground.sh} starts one):
 * per data set, one request warms the setting (scores, unpruned predictions), 20 more at odd prune
 * counts warm the JVM, then 50 requests like a drag of the slider (1010, 1020, ..., 1500) and 50 at
 * random even prune counts in 0..2998, each a prune count not asked before, so every one computes
 * the pruned network's forward pass. Prints p50, p95 and max of the time until the whole answer
 * arrived, of the server's own compute time and, given the server's process id, of the CPU time the
 * server spent on each request (read from /proc: on a machine shared with other work the wall times
 * grow with the load, the CPU time does not). Usage: {@code PlaygroundBench URL [--pid PID] [dataset ...]}.
 */
public final class PlaygroundBench {
    private static final int REQUESTS = 50;
    /** Linux's clock ticks per second (USER_HZ) in /proc/PID/stat. */
    private static final double TICKS = 100;
    private static long pid = -1;

    private PlaygroundBench() {}

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        int first = 1;
        if (args.length > 2 && args[1].equals("--pid")) {
            pid = Long.parseLong(args[2]);
            first = 3;
        }
        String[] datasets = args.length > first ? Arrays.copyOfRange(args, first, args.length)
                : new String[] {"moon", "mult"};
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        System.out.println("cpu: " + cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores, load average "
                + load());
        for (String d : datasets) {
            awaitModel(client, base, d);
            String setting = "\"dataset\":\"" + d + "\",\"model\":\"paper\",\"criterion\":\"lrp\",\"samples\":5,"
                    + "\"seed\":1,\"sigma\":0.3"; // the page's default grid
            time(client, base, setting, 1000);
            Random r = new Random(7);
            for (int i = 0; i < 20; i++) {
                time(client, base, setting, 1 + 2 * r.nextInt(1499));
            }
            double[][] drag = new double[3][REQUESTS];
            double[][] random = new double[3][REQUESTS];
            for (int i = 0; i < REQUESTS; i++) {
                double[] t = time(client, base, setting, 1010 + 10 * i);
                for (int k = 0; k < 3; k++) {
                    drag[k][i] = t[k];
                }
            }
            int[] counts = new Random(11).ints(0, 1500).distinct().limit(REQUESTS).map(x -> 2 * x).toArray();
            for (int i = 0; i < REQUESTS; i++) {
                double[] t = time(client, base, setting, counts[i]);
                for (int k = 0; k < 3; k++) {
                    random[k][i] = t[k];
                }
            }
            report(d, "drag 1010..1500", drag);
            report(d, "random 0..2998", random);
        }
        System.out.println("load average after: " + load());
    }

    /** Milliseconds until the whole answer arrived, and the server's compute time. */
    private static double[] time(HttpClient client, URI base, String setting, int prune) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/api/run")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{" + setting + ",\"prune\":" + prune + "}")).build();
        double cpu = cpuMillis();
        long start = System.nanoTime();
        HttpResponse<String> a = client.send(req, HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - start) / 1e6;
        cpu = cpuMillis() - cpu;
        if (a.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + a.statusCode() + ": " + a.body());
        }
        JsonObject o = JsonParser.parseString(a.body()).getAsJsonObject();
        return new double[] {ms, o.get("ms").getAsDouble(), cpu};
    }

    /** The server process's user + system CPU time in ms (NaN without a pid); 10 ms resolution. */
    private static double cpuMillis() throws IOException {
        if (pid < 0) {
            return Double.NaN;
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000.0 / TICKS;
    }

    private static void awaitModel(HttpClient client, URI base, String dataset) throws Exception {
        HttpRequest status = HttpRequest.newBuilder(base.resolve("/api/models?dataset=" + dataset)).build();
        String state = "";
        while (!state.equals("ready")) {
            JsonObject m = JsonParser.parseString(client.send(status, HttpResponse.BodyHandlers.ofString()).body())
                    .getAsJsonObject().getAsJsonArray("models").get(0).getAsJsonObject();
            state = m.get("state").getAsString();
            if (state.equals("missing")) {
                System.out.println(dataset + ": no cached model, training it (not timed)");
                client.send(HttpRequest.newBuilder(base.resolve("/api/train")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"dataset\":\"" + dataset + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
            } else if (state.equals("failed")) {
                throw new IllegalStateException(dataset + ": " + m.get("message").getAsString());
            } else if (!state.equals("ready")) {
                Thread.sleep(1000);
            }
        }
    }

    private static void report(String dataset, String what, double[][] t) {
        System.out.printf("%s, %s, %d requests: answer p50 %.0f ms, p95 %.0f ms, max %.0f ms; "
                        + "computing p50 %.0f ms, p95 %.0f ms; server CPU time p50 %.0f ms, p95 %.0f ms%n",
                dataset, what, t[0].length, percentile(t[0], 50), percentile(t[0], 95), percentile(t[0], 100),
                percentile(t[1], 50), percentile(t[1], 95), percentile(t[2], 50), percentile(t[2], 95));
    }

    /** The nearest-rank percentile. */
    static double percentile(double[] values, double p) {
        double[] s = values.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    /** The CPU's vector flags as the README names them. */
    static String cpu() throws IOException {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) {
            return "unknown";
        }
        String flags = Files.readAllLines(info).stream().filter(l -> l.startsWith("flags")).findFirst().orElse("");
        return flags.contains(" avx512f") ? "AVX-512" : flags.contains(" avx2") ? "AVX2, no AVX-512" : "no AVX2";
    }

    /** The 1-minute load average. */
    static String load() throws IOException {
        Path p = Path.of("/proc/loadavg");
        return Files.isReadable(p) ? Files.readString(p).split(" ")[0] : "unknown";
    }
}
