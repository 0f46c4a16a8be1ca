package org.lrppruning.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.data.Dataset;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.Network;
import org.lrppruning.sweep.Grid;
import org.lrppruning.testutil.Nets;

class ToyStudyTest {
    @TempDir
    Path tmp;

    private static final Map<Dataset, Network> NETS = new EnumMap<>(Dataset.class);

    static {
        for (Dataset d : List.of(Dataset.CIRCLE, Dataset.MOON)) {
            NETS.put(d, Nets.paperShaped(d.ordinal(), 16, 16, 16, d.classes(), false));
        }
    }

    private ToyStudy.Settings settings(Path dir) {
        Grid grid = new Grid(List.of(Dataset.CIRCLE, Dataset.MOON), Criteria.PAPER, List.of(1, 5), Grid.range(0, 2),
                0.3, false, 16);
        return new ToyStudy.Settings(dir, true, 2, Architecture.PAPER, 0.3, grid, null, "0-2", null, 20, null, "test");
    }

    @Test
    void aMissingModelIsObtainedOnceOnAllThreadsAndTheLogIsThatOfTheStudyThatHadItCached() throws Exception {
        Path cached = tmp.resolve("cached");
        new ToyStudy(settings(cached), NETS, (d, threads, l) -> {
            throw new AssertionError("nothing to train");
        }).run(quiet(), quiet(), new ToyStudy.Listener() {});

        Path trainedNow = tmp.resolve("trained");
        Map<Dataset, Network> found = new EnumMap<>(Dataset.class);
        found.put(Dataset.CIRCLE, NETS.get(Dataset.CIRCLE));
        found.put(Dataset.MOON, null);
        List<String> trained = new ArrayList<>();
        StringWriter out = new StringWriter();
        Path report = new ToyStudy(settings(trainedNow), found, (d, threads, l) -> {
            trained.add(d + " on " + threads + " threads");
            return NETS.get(d);
        }).run(new PrintWriter(out), quiet(), new ToyStudy.Listener() {});

        assertThat(trained).containsExactly("moon on 2 threads");
        assertThat(out.toString()).contains("[1/6] Models", "moon: 48 hidden neurons", "[3/6] Rank grid: skipped",
                "Done in ");
        assertThat(report).isEqualTo(trainedNow.resolve("report.html")).isRegularFile();
        assertThat(Files.readString(trainedNow.resolve(ToyStudy.LOG)))
                .isEqualTo(Files.readString(cached.resolve(ToyStudy.LOG)));
    }

    private static PrintWriter quiet() {
        return new PrintWriter(Writer.nullWriter());
    }
}
