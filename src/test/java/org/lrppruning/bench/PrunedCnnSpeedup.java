package org.lrppruning.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.lrppruning.model.Network;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link PrunedCnnBench} once and prints, per pruned network and thread count, the measured speed-up of
 * the forward pass (unpruned time / pruned time) next to the ratio of multiply-accumulates, with the CPU's
 * vector flags and the load average before and after (other load on the machine skews every timing).
 */
public final class PrunedCnnSpeedup {
    private PrunedCnnSpeedup() {}

    public static void main(String[] args) throws RunnerException, IOException {
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, flags: " + flags()
                + ", java " + System.getProperty("java.version"));
        System.out.println("load average before: " + load());
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(PrunedCnnBench.class.getSimpleName()).build()).run();
        System.out.println("load average after: " + load());
        Map<String, Double> ms = new HashMap<>();
        Map<String, Double> err = new HashMap<>();
        for (RunResult r : results) {
            String key = r.getParams().getParam("network") + "/" + r.getParams().getParam("threads");
            ms.put(key, r.getPrimaryResult().getScore());
            err.put(key, r.getPrimaryResult().getScoreError());
        }
        Network base = PrunedCnnBench.network("unpruned");
        for (String which : new String[] {"weight-0.5", "lrp-0.5"}) {
            Network pruned = PrunedCnnBench.network(which);
            double macRatio = (double) base.macs() / pruned.macs();
            for (String t : new String[] {"1", "2"}) {
                double before = ms.get("unpruned/" + t);
                double after = ms.get(which + "/" + t);
                System.out.printf("vgg-small, batch %d, %s thread(s): unpruned %.2f ms (± %.2f), %s %.2f ms (± %.2f):"
                                + " speed-up %.2f, MAC ratio %.2f (%,d -> %,d MACs per image; filters %s)%n",
                        PrunedCnnBench.BATCH, t, before, err.get("unpruned/" + t), which, after,
                        err.get(which + "/" + t), before / after, macRatio, base.macs(), pruned.macs(),
                        java.util.Arrays.toString(pruned.unitCounts()));
            }
        }
    }

    /** The CPU's AVX flags from /proc/cpuinfo (Linux), else "unknown". */
    private static String flags() throws IOException {
        Path info = Path.of("/proc", "cpuinfo");
        if (!Files.isReadable(info)) {
            return "unknown";
        }
        for (String line : Files.readAllLines(info)) {
            if (line.startsWith("flags")) {
                StringBuilder b = new StringBuilder();
                for (String f : line.substring(line.indexOf(':') + 1).trim().split(" ")) {
                    if (f.startsWith("avx") || f.equals("fma")) {
                        b.append(b.length() == 0 ? "" : " ").append(f);
                    }
                }
                return b.length() == 0 ? "no AVX" : b.toString();
            }
        }
        return "unknown";
    }

    /** The 1, 5 and 15 minute load averages (Linux), else "unknown". */
    private static String load() throws IOException {
        Path p = Path.of("/proc", "loadavg");
        if (!Files.isReadable(p)) {
            return "unknown";
        }
        String[] f = Files.readString(p).trim().split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }
}
