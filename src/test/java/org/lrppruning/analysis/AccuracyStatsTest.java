package org.lrppruning.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.testutil.Shared;

class AccuracyStatsTest {

    /**
     * moon, npc 1 (n = 2) and npc 2 (n = 4), criteria lrp and grad, seeds 0 and 1; a rank line
     * and a mult line that must not disturb anything.
     */
    static final String LOG = String.join("\n",
            "dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:pre 100.0",
            "dataset:moon-criterion:lrp-n:2-s:0-scenario:test-stage:pre 90.0",
            "dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:post 80.0",
            "dataset:moon-criterion:lrp-n:2-s:0-scenario:test-stage:post 70.0",
            "dataset:moon-criterion:lrp-n:2-s:1-scenario:train-stage:pre 98.0",
            "dataset:moon-criterion:lrp-n:2-s:1-scenario:test-stage:pre 92.0",
            "dataset:moon-criterion:lrp-n:2-s:1-scenario:train-stage:post 84.0",
            "dataset:moon-criterion:lrp-n:2-s:1-scenario:test-stage:post 71.0",
            "dataset:moon-criterion:grad-n:2-s:0-scenario:train-stage:pre 100.0",
            "dataset:moon-criterion:grad-n:2-s:0-scenario:test-stage:pre 94.0",
            "dataset:moon-criterion:grad-n:2-s:0-scenario:train-stage:post 60.0",
            "dataset:moon-criterion:grad-n:2-s:0-scenario:test-stage:post 61.0",
            "dataset:moon-criterion:grad-n:4-s:0-scenario:train-stage:pre 99.5",
            "dataset:moon-criterion:grad-n:4-s:0-scenario:test-stage:pre 95.0",
            "dataset:moon-criterion:grad-n:4-s:0-scenario:train-stage:post 75.05",
            "dataset:moon-criterion:grad-n:4-s:0-scenario:test-stage:post 65.0",
            "dataset:moon-criterion:grad-n:4-s:0-scenario:rankselection-stage:pre [1,0]",
            "dataset:mult-criterion:lrp-n:4-s:0-scenario:train-stage:post 62.975",
            "") + "\n";

    static AccuracyStats stats() throws IOException {
        List<LogRecord> records = new ArrayList<>();
        LogParser.stream(new StringReader(LOG), records::add);
        return AccuracyStats.of(records);
    }

    @Test
    void meansAndStdsByHand() throws IOException {
        AccuracyStats s = stats();
        // post lrp train npc 1: {80, 84}: mean 82, std = √((4 + 4)/2) = 2
        AccuracyStats.Group g = s.group("moon", "train", "lrp", 1.0);
        assertThat(g.mean()).isEqualTo(82.0);
        assertThat(g.std()).isEqualTo(2.0);
        assertThat(g.runs()).isEqualTo(2);
        assertThat(g.values()).containsExactly(80.0, 84.0);
        // unpruned train npc 1 pools lrp s0, lrp s1, grad s0: {100, 98, 100}: mean 298/3,
        // deviations 2/3, −4/3, 2/3: Σ² = 24/9, /3 = 8/9, std = √8 / 3
        AccuracyStats.Group pre = s.group("moon", "train", AccuracyStats.UNPRUNED, 1.0);
        assertThat(pre.runs()).isEqualTo(3);
        assertThat(pre.mean()).isCloseTo(298.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(pre.std()).isCloseTo(Math.sqrt(8) / 3, org.assertj.core.data.Offset.offset(1e-12));
        // unpruned test npc 1: {90, 92, 94}: mean 92, std √(8/3)
        AccuracyStats.Group preTest = s.group("moon", "test", AccuracyStats.UNPRUNED, 1.0);
        assertThat(preTest.mean()).isEqualTo(92.0);
        assertThat(preTest.std()).isCloseTo(Math.sqrt(8.0 / 3), org.assertj.core.data.Offset.offset(1e-12));
        // single run: std 0
        assertThat(s.group("moon", "train", "grad", 2.0).std()).isZero();
        assertThat(s.group("mult", "train", "lrp", 1.0).mean()).isEqualTo(62.975);
        assertThat(s.datasets()).containsExactly("moon", "mult");
    }

    @Test
    void seriesForThePlots() throws IOException {
        List<AccuracyStats.Series> series = stats().series("moon", "train");
        assertThat(series).extracting(AccuracyStats.Series::name).containsExactly("no pruning", "grad", "lrp");
        AccuracyStats.Series base = series.get(0);
        assertThat(base.npc()).containsExactly(1.0, 2.0);
        assertThat(base.mean()[1]).isEqualTo(99.5);
        AccuracyStats.Series grad = series.get(1);
        assertThat(grad.npc()).containsExactly(1.0, 2.0);
        assertThat(grad.mean()).containsExactly(60.0, 75.05);
        assertThat(grad.std()).containsExactly(0.0, 0.0);
        assertThat(series.get(2).npc()).containsExactly(1.0);
        assertThat(stats().series("moon", "val")).isEmpty();
    }

    @Test
    void printedStatisticsInTheReferenceWording() throws IOException {
        assertThat(stats().statisticsLines()).containsExactly(
                "dataset=moon, stage=pre, no pruning, n=1.0 : train acc = 99.33",
                "dataset=moon, stage=pre, no pruning, n=2.0 : train acc = 99.50",
                "",
                "dataset=moon, stage=post, crit=grad, n=1.0 : train acc = 60.00",
                "dataset=moon, stage=post, crit=grad, n=2.0 : train acc = 75.05",
                "",
                "dataset=moon, stage=post, crit=lrp, n=1.0 : train acc = 82.00",
                "",
                "dataset=moon, stage=pre, no pruning, n=1.0 : test acc = 92.00",
                "dataset=moon, stage=pre, no pruning, n=2.0 : test acc = 95.00",
                "",
                "dataset=moon, stage=post, crit=grad, n=1.0 : test acc = 61.00",
                "dataset=moon, stage=post, crit=grad, n=2.0 : test acc = 65.00",
                "",
                "dataset=moon, stage=post, crit=lrp, n=1.0 : test acc = 70.50",
                "",
                "", // mult has no unpruned lines: the reference still ends that (empty) block with a blank line
                "dataset=mult, stage=post, crit=lrp, n=1.0 : train acc = 62.98",
                "");
    }

    @Test
    void summaryCsvIsWrittenAtomically(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("summary.csv");
        Files.writeString(csv, "old");
        stats().writeSummaryCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("dataset,scenario,criterion,npc,mean,std,runs");
        assertThat(lines).contains(
                "moon,train,unpruned,1,99.33333333333333,0.9428090415820634,3",
                "moon,train,lrp,1,82.0,2.0,2",
                "moon,test,grad,2,65.0,0.0,1",
                "mult,train,lrp,1,62.975,0.0,1");
        assertThat(lines.indexOf("moon,train,unpruned,1,99.33333333333333,0.9428090415820634,3"))
                .isLessThan(lines.indexOf("moon,train,grad,1,60.0,0.0,1"));
        assertThat(lines).hasSize(1 + 11);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("summary.csv");
        }
    }

    @Test
    void boxPlotData() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int s = 0; s < 3; s++) {
            for (String c : List.of("lrp", "weight", "grad", "taylor")) {
                for (int npc : List.of(1, 2, 5, 20, 100)) {
                    log.append("dataset:circle-criterion:").append(c).append("-n:").append(2 * npc).append("-s:").append(s)
                            .append("-scenario:train-stage:post ").append(50 + s + npc / 10.0).append('\n');
                }
            }
        }
        List<LogRecord> records = new ArrayList<>();
        LogParser.stream(new StringReader(log.toString()), records::add);
        List<AccuracyStats.Box> boxes = AccuracyStats.of(records).boxes("circle");
        assertThat(boxes).hasSize(4 * 3);
        assertThat(boxes.get(0).npc()).isEqualTo(1);
        assertThat(boxes.get(0).criterion()).isEqualTo("grad");
        assertThat(boxes.get(2).criterion()).isEqualTo("lrp");
        assertThat(boxes.get(11).npc()).isEqualTo(100);
        assertThat(boxes.get(11).values()).containsExactly(60.0, 61.0, 62.0);
    }

    /** Every printed line of the published log against the same statistics computed by NumPy. */
    @Test
    @Tag("shared")
    void publishedLogStatisticsMatchNumpy() throws IOException {
        assumeTrue(Python.has("numpy"), "numpy not available");
        Path log = Shared.file("seed/published/log-noisytest-0.3.txt");
        List<String> ours = AccuracyStats.of(LogParser.readAll(log).records()).statisticsLines();
        String script = String.join("\n",
                "import sys, numpy as np",
                "from collections import OrderedDict",
                "rows = []",
                "for l in open(sys.argv[1] if len(sys.argv) > 1 else sys.stdin.readline().strip()):",
                "    head, val = l.split()",
                "    f = dict(kv.split(':') for kv in head.split('-'))",
                "    k = 4 if f['dataset'] == 'mult' else 2",
                "    rows.append((f['dataset'], f['criterion'], int(f['n']) / k, f['scenario'], f['stage'], float(val)))",
                "for d in sorted(set(r[0] for r in rows)):",
                "    for sc in ['train', 'test']:",
                "        cur = [r for r in rows if r[0] == d and r[3] == sc]",
                "        for n in sorted(set(r[2] for r in cur if r[4] == 'pre')):",
                "            v = np.array([r[5] for r in cur if r[4] == 'pre' and r[2] == n])",
                "            print('dataset={}, stage=pre, no pruning, n={} : {} acc = {:.2f}'.format(d, n, sc, np.mean(v)))",
                "        print()",
                "        for c in sorted(set(r[1] for r in cur)):",
                "            for n in sorted(set(r[2] for r in cur if r[4] == 'post' and r[1] == c)):",
                "                v = np.array([r[5] for r in cur if r[4] == 'post' and r[1] == c and r[2] == n])",
                "                print('dataset={}, stage=post, crit={}, n={} : {} acc = {:.2f}'.format(d, c, n, sc, np.mean(v)))",
                "            print()");
        String out = Python.run(script, log.toString() + "\n");
        assertThat(out).isNotNull();
        assertThat(String.join("\n", ours) + "\n").isEqualTo(out);
    }
}
