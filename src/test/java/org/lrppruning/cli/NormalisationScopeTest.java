package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.testutil.DataFixtures;

/**
 * A normalisation touches only the source it is given for: Fashion-MNIST's default only fashion-mnist itself,
 * {@code --normalize} only --data and --test, {@code --refs-normalize} only --refs. Reference samples already
 * normalised (as {@code dataset --from ... --normalize} writes them) are used as they are, whatever --data is.
 */
class NormalisationScopeTest {
    private static final String ARCH = "in:1x28x28,conv3:2,relu,maxpool2,flatten,linear:10";

    @TempDir
    Path dir;

    private Path fashion;
    private Path model;

    @BeforeEach
    void files() throws IOException {
        fashion = dir.resolve("fashion");
        Files.createDirectories(fashion);
        DataFixtures.fakeFashionMnist(fashion, 20, 30);
        model = dir.resolve("m.npz");
        ModelIO.save(model, Architecture.of(ARCH).initialise(10, 3));
    }

    private CliRun scores(Path out, String... more) {
        String[] head = {"scores", "--model", model.toString(), "--arch", ARCH, "-c", "grad", "--out", out.toString()};
        String[] args = new String[head.length + more.length];
        System.arraycopy(head, 0, args, 0, head.length);
        System.arraycopy(more, 0, args, head.length, more.length);
        return CliRun.run(args);
    }

    @Test
    void normalisedRefsAreNotNormalisedAgainBecauseTheDataIsFashionMnist() throws Exception {
        DataFixtures.withFashionMnistAt(fashion, () -> {
            Path refs = dir.resolve("refs.npy");
            CliRun made = CliRun.run("dataset", "--from", "fashion-mnist:test", "--normalize", "0.2860,0.3530", "-n", "2",
                    "--pick", "first", "-o", refs.toString());
            assertThat(made.code()).as(made.err()).isZero();

            Path alone = dir.resolve("alone.npz");
            Path withData = dir.resolve("with-data.npz");
            Path withNormalize = dir.resolve("with-normalize.npz");
            Path drawn = dir.resolve("drawn.npz");
            CliRun a = scores(alone, "--refs", refs.toString());
            CliRun b = scores(withData, "--refs", refs.toString(), "--data", "fashion-mnist:test");
            CliRun c = scores(withNormalize, "--refs", refs.toString(), "--data", "fashion-mnist:test",
                    "--normalize", "0.2860,0.3530");
            CliRun d = scores(drawn, "--data", "fashion-mnist:test", "-n", "2", "--pick", "first");
            for (CliRun r : new CliRun[] {a, b, c, d}) {
                assertThat(r.code()).as(r.err()).isZero();
            }
            // the same 20 images, normalised once: the same scores to the byte
            byte[] want = Files.readAllBytes(alone);
            assertThat(Files.readAllBytes(withData)).isEqualTo(want);
            assertThat(Files.readAllBytes(withNormalize)).isEqualTo(want);
            assertThat(Files.readAllBytes(drawn)).isEqualTo(want);

            assertThat(a.out()).startsWith("Normalisation: --refs " + refs + " none" + System.lineSeparator());
            assertThat(b.out()).startsWith("Normalisation: --data fashion-mnist:test 0.2860,0.3530 (fashion-mnist's"
                    + " default); --refs " + refs + " none" + System.lineSeparator());
            assertThat(c.out()).startsWith("Normalisation: --data fashion-mnist:test 0.2860,0.3530 (--normalize); --refs "
                    + refs + " none" + System.lineSeparator());
            assertThat(d.out()).startsWith("Normalisation: --data fashion-mnist:test 0.2860,0.3530 (fashion-mnist's"
                    + " default)" + System.lineSeparator());

            // raw refs normalised by their own option give the same scores again
            Path raw = dir.resolve("raw.npy");
            assertThat(CliRun.run("dataset", "--from", "fashion-mnist:test", "-n", "2", "--pick", "first", "-o",
                    raw.toString()).code()).isZero();
            Path own = dir.resolve("own.npz");
            CliRun e = scores(own, "--refs", raw.toString(), "--refs-normalize", "0.2860,0.3530", "--data",
                    "fashion-mnist:test");
            assertThat(e.code()).as(e.err()).isZero();
            assertThat(Files.readAllBytes(own)).isEqualTo(want);
            assertThat(e.out()).contains("; --refs " + raw + " 0.2860,0.3530 (--refs-normalize)");
        });
    }

    @Test
    void aNormalisationThatWouldTouchNothingIsRefusedInOneLineWithNothingWritten() throws Exception {
        DataFixtures.withFashionMnistAt(fashion, () -> {
            Path refs = dir.resolve("refs.npy");
            assertThat(CliRun.run("dataset", "--from", "fashion-mnist:test", "-n", "1", "--pick", "first", "-o",
                    refs.toString()).code()).isZero();
            Path out = dir.resolve("s.npz");
            CliRun onlyRefs = scores(out, "--refs", refs.toString(), "--normalize", "0.2860,0.3530");
            assertThat(onlyRefs.code()).isEqualTo(2);
            assertThat(onlyRefs.err()).isEqualTo("lrp-pruning: --normalize applies to --data and --test only, and neither"
                    + " is given (--refs takes --refs-normalize)" + System.lineSeparator());
            CliRun noRefs = scores(out, "--data", "fashion-mnist:test", "-n", "1", "--pick", "first",
                    "--refs-normalize", "0.2860,0.3530");
            assertThat(noRefs.code()).isEqualTo(2);
            assertThat(noRefs.err()).isEqualTo("lrp-pruning: --refs-normalize applies to --refs only, and it is not given"
                    + System.lineSeparator());
            assertThat(Files.exists(out)).isFalse();
        });
    }

    @Test
    void helpSaysWhichSourcesEachNormalisationTouches() {
        for (String command : new String[] {"scores", "prune", "explain"}) {
            String help = CliRun.run(command, "--help").out().replaceAll("\\s+", " ");
            assertThat(help).as(command).contains("--normalize=MEAN,STD For --data and --test only")
                    .contains("--refs-normalize=MEAN,STD For --refs only")
                    .contains("(--normalize does not touch them; see --refs-normalize)");
        }
        assertThat(CliRun.run("curves", "--help").out().replaceAll("\\s+", " "))
                .contains("--normalize=MEAN,STD For --data and --test only");
    }
}
