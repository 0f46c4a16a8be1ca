package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.data.LabeledData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The data options as a command with a 3-class model would use them. */
class DataArgsTest {
    @TempDir
    Path dir;

    /** Prints the labels of --data, of the reference samples and of --test. */
    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        @Mixin
        DataArgs data;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            StringBuilder sb = new StringBuilder();
            if (data.hasData()) {
                sb.append("data ").append(java.util.Arrays.toString(data.data(3).labels())).append('\n');
            }
            LabeledData refs = data.refs(3);
            sb.append("refs ").append(java.util.Arrays.toString(refs.labels())).append(' ')
                    .append(java.util.Arrays.toString(refs.x())).append('\n');
            if (data.hasTest()) {
                sb.append("test ").append(data.test(3).size()).append('\n');
            }
            spec.commandLine().getOut().print(sb);
            return 0;
        }
    }

    private CliRun probe(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "probe";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.run(c -> c.addSubcommand(new CommandLine(new Probe())), all);
    }

    private Path csv(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void referenceSamplesComeFromRefsOrAreDrawnFromData() throws IOException {
        Path data = csv("d.csv", "f,label\n0,0\n1,1\n2,2\n3,0\n4,1\n5,2\n");
        CliRun first = probe("--data", data.toString(), "-n", "1", "--pick", "first", "--normalize", "1,2");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("refs [0, 1, 2] [-0.5, 0.0, 0.5]");
        CliRun seeded = probe("--data", data.toString(), "-n", "2", "-s", "0");
        // np.random.RandomState(0).permutation(6) = [5, 2, 1, 3, 0, 4]
        assertThat(seeded.out()).contains("refs [0, 0, 1, 1, 2, 2] [3.0, 0.0, 1.0, 4.0, 5.0, 2.0]");
        Path refs = csv("r.csv", "9,2\n8,1\n");
        assertThat(probe("--refs", refs.toString(), "--test", data.toString()).out())
                .isEqualTo("refs [2, 1] [9.0, 8.0]\ntest 6\n");
    }

    @Test
    void missingOrConflictingChoicesAreOneLine() throws IOException {
        Path data = csv("d.csv", "0,0\n1,1\n2,2\n");
        Path wide = csv("w.csv", "0,0\n1,3\n");
        assertThat(probe("--data", data.toString()).err()).isEqualTo(
                "lrp-pruning: give --refs DATA, or --data DATA -n N -s SEED for reference samples" + System.lineSeparator());
        assertThat(probe("--data", data.toString(), "-n", "1").err()).contains("give -s SEED (or --pick first)");
        assertThat(probe("-n", "1", "-s", "1").err()).contains("draws from --data: give --data DATA");
        assertThat(probe("--refs", data.toString(), "-n", "1").err()).contains("not both");
        CliRun labels = probe("--refs", wide.toString());
        assertThat(labels.code()).isEqualTo(2);
        assertThat(labels.err()).isEqualTo("lrp-pruning: " + wide
                + ": label 3 of sample 1 is outside the model's 3 classes (0..2)" + System.lineSeparator());
    }
}
