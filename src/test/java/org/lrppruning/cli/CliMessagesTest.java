package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.data.Dataset;
import org.lrppruning.io.Npy;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.ModelStore;
import org.lrppruning.testutil.Nets;

/** Messages say exactly what happened: the files written, and what is wrong before anything runs. */
class CliMessagesTest {
    @TempDir
    Path dir;
    private String previousHome;

    @BeforeEach
    void emptyModelCache() {
        previousHome = System.getProperty(ModelStore.HOME_PROPERTY);
        System.setProperty(ModelStore.HOME_PROPERTY, dir.resolve("home").toString());
    }

    @AfterEach
    void restoreHome() {
        if (previousHome == null) {
            System.clearProperty(ModelStore.HOME_PROPERTY);
        } else {
            System.setProperty(ModelStore.HOME_PROPERTY, previousHome);
        }
    }

    @Test
    void theDatasetCommandNamesTheTwoNpyFilesItWrites() throws IOException {
        Path npy = dir.resolve("x.npy");
        CliRun r = CliRun.run("dataset", "-d", "moon", "-n", "3", "-o", npy.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Path xs = dir.resolve("x-X.npy");
        Path ys = dir.resolve("x-y.npy");
        assertThat(r.out().strip()).isEqualTo("Wrote 6 points of moon to " + xs + " and " + ys);
        assertThat(Npy.read(xs).asFloats()).hasSize(12);
        assertThat(Npy.read(ys).asInts()).hasSize(6);
        assertThat(npy).doesNotExist();
    }

    /** A small two-class model in the paper's layer layout, saved as .npz. */
    private Path twoClassModel() throws IOException {
        Path f = dir.resolve("circle.npz");
        ModelIO.save(f, Nets.paperShaped(3, 8, 8, 8, 2, false));
        return f;
    }

    @Test
    void aModelForAnotherDatasetFailsBeforeTheRunStarts() throws IOException {
        Path log = dir.resolve("out/log.txt");
        CliRun r = CliRun.run("-d", "mult", "--model", twoClassModel().toString(), "-l", log.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).isEqualTo("lrp-pruning: the model has 2 outputs but mult has 4 classes");
        assertThat(log).doesNotExist();
    }

    @Test
    void aSweepWithAModelForAnotherDatasetFailsBeforeAnyRun() throws IOException {
        Path models = twoClassModel().getParent();
        Files.copy(models.resolve("circle.npz"), models.resolve("mult.npz"));
        Path log = dir.resolve("sweep/log.txt");
        CliRun r = CliRun.run("sweep", "--datasets", "mult", "--seeds", "0", "--numsamples", "1", "--models",
                models.toString(), "-l", log.toString(), "--no-progress");
        assertThat(r.code()).isNotZero();
        assertThat(r.err().strip()).isEqualTo("lrp-pruning: the model has 2 outputs but mult has 4 classes");
        assertThat(log).doesNotExist();
    }

    @Test
    void aBrokenCachedModelIsNamedByItsFullPathWithTheRemedyAndKept() throws IOException {
        for (Architecture arch : List.of(Architecture.PAPER, Architecture.PAPER_RELU)) {
            Path cached = ModelStore.defaultStore().file(Dataset.MOON, arch);
            Files.createDirectories(cached.getParent());
            Files.writeString(cached, "not a zip");
            Path log = dir.resolve("log.txt");
            CliRun r = CliRun.run("-d", "moon", "--arch", arch.id(), "-l", log.toString());
            assertThat(r.code()).isNotZero();
            assertThat(r.out()).isEmpty();
            String remedy = "bin/lrp-pruning train -d moon" + (arch == Architecture.PAPER ? "'" : " --arch " + arch + "'");
            assertThat(r.err()).hasLineCount(1).contains(cached.toAbsolutePath().toString(), "not an .npz file",
                    remedy, "or delete the file");
            assertThat(cached).hasContent("not a zip");
            assertThat(log).doesNotExist();
        }
    }
}
