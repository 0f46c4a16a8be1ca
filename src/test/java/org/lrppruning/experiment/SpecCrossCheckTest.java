package org.lrppruning.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.data.ToyData;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.Network;
import org.lrppruning.testutil.Shared;

/**
 * Configurations beyond ../shared/reference (other seeds, sample counts, sigmas, and no noisy test)
 * checked against ../shared/tools/spec_numpy.py, which reproduces the reference: same log lines,
 * same pruned sets. Needs Debian's python3 with numpy and scikit-learn (.ci/run installs them).
 */
@Tag("shared")
class SpecCrossCheckTest {
    private static final Path PYTHON = Paths.get("/usr/bin/python3");

    private static boolean pythonReady() {
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy, sklearn").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    record Config(Dataset d, String criterion, int npc, long seed, double sigma) {
    }

    @Test
    void randomConfigurationsOutsideTheReferenceFileMatchTheNumpySpecImplementation() throws Exception {
        Path tools = Shared.file("tools/spec_numpy.py").getParent();
        Path models = Shared.file("reference/models");
        assumeTrue(Files.isExecutable(PYTHON) && pythonReady(),
                "Debian python3 with numpy and scikit-learn not installed (apt-get install python3-numpy python3-sklearn)");

        Random r = new Random(2026);
        String[] criteria = {"weight", "taylor", "grad", "lrp"};
        int[] npcs = {2, 3, 10, 20, 50, 100};
        double[] sigmas = {0, 0.01, 0.1, 0.3, 0.5};
        List<Config> configs = new ArrayList<>();
        for (Dataset d : Dataset.values()) {
            for (int i = 0; i < 6; i++) {
                configs.add(new Config(d, criteria[r.nextInt(4)], npcs[r.nextInt(npcs.length)], 2 + r.nextInt(300),
                        sigmas[r.nextInt(sigmas.length)]));
            }
        }

        StringBuilder py = new StringBuilder("import sys, numpy as np\nsys.path.insert(0, sys.argv[1])\n"
                + "import spec_numpy as S\nfrom toydata import make\nK = S.K\ncache = {}\n"
                + "for line in sys.stdin:\n"
                + "    d, c, npc, seed, sigma = line.split()\n"
                + "    if d not in cache:\n"
                + "        X, y = make(d, 1000 * K[d], 0)\n"
                + "        cache[d] = (S.load(sys.argv[2], d), X.astype(np.float32), y.astype(np.int64))\n"
                + "    layers, Xtr, ytr = cache[d]\n"
                + "    lines, pruned, s = S.run(layers, d, c, int(npc), int(seed), float(sigma), Xtr, ytr)\n"
                + "    print('|'.join(lines) + '|' + ','.join(map(str, pruned.tolist())))\n");
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", py.toString(), tools.toString(), models.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        StringBuilder input = new StringBuilder();
        for (Config c : configs) {
            input.append(c.d().id()).append(' ').append(c.criterion()).append(' ').append(c.npc()).append(' ')
                    .append(c.seed()).append(' ').append(c.sigma()).append('\n');
        }
        p.getOutputStream().write(input.toString().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        List<String> expected = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("spec_numpy.py exit code").isZero();
        assertThat(expected).hasSameSizeAs(configs);

        Map<Dataset, Network> nets = new EnumMap<>(Dataset.class);
        Map<Dataset, Samples> train = new EnumMap<>(Dataset.class);
        int sameLines = 0;
        int sameSets = 0;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            Config c = configs.get(i);
            Network net = nets.computeIfAbsent(c.d(), d -> load(models.resolve(d.id() + ".npz")));
            Samples tr = train.computeIfAbsent(c.d(), ToyData::training);
            RunResult res = Experiment.run(net, tr, RunConfig.of(c.d(), c.criterion(), c.npc(), c.seed(), c.sigma()),
                    2, Experiment.QUIET);
            String[] want = expected.get(i).split("\\|");
            for (int k = 0; k < 4; k++) {
                if (want[k].equals(res.logLines().get(k))) {
                    sameLines++;
                } else {
                    problems.add(res.logLines().get(k) + " != " + want[k]);
                }
            }
            int[] pruned = Arrays.stream(want[4].split(",")).mapToInt(Integer::parseInt).toArray();
            if (Arrays.equals(pruned, res.plan().globalIndices(net.unitCounts()))) {
                sameSets++;
            } else {
                problems.add(c + ": pruned set differs");
            }
        }
        System.out.printf("spec cross-check: %d/%d log lines, %d/%d pruned sets identical%n", sameLines,
                4 * configs.size(), sameSets, configs.size());
        assertThat(problems).isEmpty();
    }

    private static Network load(Path f) {
        try {
            return ModelIO.load(f, Architecture.PAPER);
        } catch (IOException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
