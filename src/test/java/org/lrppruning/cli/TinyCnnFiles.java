package org.lrppruning.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.lrppruning.data.DataFiles;
import org.lrppruning.data.LabeledData;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.Network;
import org.lrppruning.testutil.Cnns;

/** A tiny CNN saved as npz (BatchNorm with random statistics) and labelled images for it, in a test's folder. */
record TinyCnnFiles(Network net, Path model, LabeledData samples, Path data) {
    /** conv3:3, bn, relu, maxpool2, conv3:4, relu, flatten, linear:5, ...: 7 filters, 5 hidden neurons, 3 classes. */
    static final String ARCH = "in:1x8x8,conv3:3,bn,relu,maxpool2,conv3:4,relu,flatten,linear:5,relu,dropout,linear:3";

    static TinyCnnFiles in(Path dir, int n) throws IOException {
        Network fresh = Architecture.of(ARCH).initialise(3, 5);
        Random r = new Random(6);
        BatchNorm bn = (BatchNorm) fresh.layer(1);
        Network net = fresh.with(1, Cnns.bn(bn.name(), 3, r));
        Path model = dir.resolve("tiny.npz");
        ModelIO.save(model, net);
        int[] labels = r.ints(n, 0, 3).toArray();
        LabeledData samples = new LabeledData(Cnns.uniform(r, n * 64, 0, 1), new int[] {1, 8, 8}, labels);
        Path data = dir.resolve("d.npy");
        DataFiles.write(data, samples);
        return new TinyCnnFiles(net, model, samples, data);
    }

    /** Data files of {@code d} under {@code name} in {@code dir}. */
    static Path write(Path dir, String name, LabeledData d) throws IOException {
        Path p = dir.resolve(name);
        DataFiles.write(p, d);
        return p;
    }
}
