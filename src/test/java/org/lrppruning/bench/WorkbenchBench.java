package org.lrppruning.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Latency of the workbench against a running server ({@code bench/workbench.sh} starts one on vgg-small):
 * per criterion one request warms the setting (its reference scores and its slider's stages of the first prunable
 * layer, as a page's first request of a setting does; not timed), then 50 slider moves to rates
 * of the page's slider (0.00–0.95 in steps of 0.01) not asked before in a random order, so each computes its
 * plan, the pruned network and its accuracy on the 1000-image subset (a rate that removes no more units than
 * one asked before is still a new plan where the ranking differs; repeated plans would be cache hits and are
 * excluded by asking each rate once). Then 10 heatmap pairs (before and after, one test image each) at new
 * rates up to 0.39 (where no criterion empties a layer), then a drag: 50 steps of 0.01 from 0.10 under another seed (its
 * own scores, so no plan is cached). Prints p50, p95 and max of the time until the whole answer arrived, and the load average before and
 * after. Usage: {@code WorkbenchBench URL [criterion ...]}.
 */
public final class WorkbenchBench {
    private static final int MOVES = 50;

    private WorkbenchBench() {}

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        List<String> criteria = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("lrp", "weight");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        System.out.println("cpu: " + PlaygroundBench.cpu() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, load average before " + PlaygroundBench.load());
        for (String c : criteria) {
            String setting = "\"criterion\":\"" + c + "\",\"perClass\":10,\"seed\":0";
            time(client, base, "/api/evaluate", "{" + setting + ",\"rate\":0}"); // scores: once per setting
            List<Integer> rates = new ArrayList<>();
            for (int r = 1; r <= 95; r++) {
                rates.add(r);
            }
            Collections.shuffle(rates, new Random(11));
            double[] moves = new double[MOVES];
            List<Double> computed = new ArrayList<>();
            int refused = 0;
            for (int i = 0; i < MOVES; i++) {
                String body = "{" + setting + ",\"rate\":" + String.format(Locale.ROOT, "%.2f", rates.get(i) / 100.0) + "}";
                long t0 = System.nanoTime();
                String answer = send(client, base, "/api/evaluate", body);
                moves[i] = (System.nanoTime() - t0) / 1e6;
                if (!answer.contains("\"refused\":null")) {
                    refused++;
                } else {
                    computed.add(moves[i]);
                }
            }
            report(c + " slider", moves, refused + " refused (prune would empty a layer: no forward pass)");
            report(c + " slider computed", computed.stream().mapToDouble(Double::doubleValue).toArray(),
                    "the moves with a forward pass only");
            double[] maps = new double[10];
            for (int i = 0; i < maps.length; i++) {
                int rate = rates.get(MOVES + i);
                String body = "{" + setting + ",\"rate\":" + String.format(Locale.ROOT, "%.2f", (rate % 40) / 100.0)
                        + ",\"images\":[" + (100 + i) + "]}";
                maps[i] = time(client, base, "/api/heatmaps", body);
            }
            report(c + " heatmap pair", maps, "");
            // a drag: 50 steps of 0.01 from 0.10, under seed 1 (scores of their own, so no plan is cached yet)
            String dragSetting = "\"criterion\":\"" + c + "\",\"perClass\":10,\"seed\":1";
            time(client, base, "/api/evaluate", "{" + dragSetting + ",\"rate\":0}");
            List<Double> drag = new ArrayList<>();
            for (int i = 0; i < MOVES; i++) {
                String body = "{" + dragSetting + ",\"rate\":" + String.format(Locale.ROOT, "%.2f", (10 + i) / 100.0) + "}";
                long t0 = System.nanoTime();
                String answer = send(client, base, "/api/evaluate", body);
                if (answer.contains("\"refused\":null")) {
                    drag.add((System.nanoTime() - t0) / 1e6);
                }
            }
            report(c + " drag", drag.stream().mapToDouble(Double::doubleValue).toArray(),
                    "0.10, 0.11, ... (seed 1), the computed moves");
        }
        System.out.println("load average after " + PlaygroundBench.load());
    }

    private static double time(HttpClient client, URI base, String path, String body) throws Exception {
        long t0 = System.nanoTime();
        send(client, base, path, body);
        return (System.nanoTime() - t0) / 1e6;
    }

    private static String send(HttpClient client, URI base, String path, String body) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " " + body + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static void report(String what, double[] t, String note) {
        System.out.printf(Locale.ROOT, "%-20s n=%d  p50 %.0f ms  p95 %.0f ms  max %.0f ms  %s%n", what, t.length,
                PlaygroundBench.percentile(t, 50), PlaygroundBench.percentile(t, 95), PlaygroundBench.percentile(t, 100),
                note);
    }
}
