package org.lrppruning.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Not a test: writes one example of every figure to target/plot-demo/ (or the folder given as the
 * first argument), from synthetic data and a nearest-neighbour stand-in for the network, so the look
 * can be checked by eye against the reference's published figures.
 */
public final class PlotDemo {

    private PlotDemo() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "target/plot-demo");
        Random rnd = new Random(0);
        String[] datasets = {"circle", "moon", "mult"};
        int[] classes = {2, 2, 4};
        String[] criteria = {"weight", "taylor", "grad", "lrp"};

        Figure[][] toy = new Figure[3][6];
        for (int d = 0; d < 3; d++) {
            Toy train = toy(datasets[d], 1000, rnd);
            Toy reference = toy(datasets[d], 5 * classes[d], rnd);
            DecisionGrid grid = DecisionGrid.fromTrainingData(train.xy);
            int[] unpruned = grid.classify(nearestNeighbour(train, 0, rnd));
            if (d == 1) {
                ChartFiles.save(DecisionRegionChart.builder(grid, unpruned)
                    .samples(reference.xy, reference.labels)
                    .classes(classes[d])
                    .title(DecisionRegionChart.title("post", "test", "lrp", 97.5))
                    .build(), out.resolve("decision-moon.svg"));
                ChartFiles.save(DecisionRegionChart.builder(grid, unpruned)
                    .samples(train.xy, train.labels)
                    .classes(classes[d])
                    .title(DecisionRegionChart.title("pre", "train", "taylor", 99.95))
                    .build(), out.resolve("decision-moon.png"));
            }
            toy[d][0] = tile(grid, unpruned, train, classes[d]);
            toy[d][1] = tile(grid, unpruned, reference, classes[d]);
            for (int c = 0; c < 4; c++) {
                // pruning stand-in: a noisier nearest-neighbour model per criterion
                int[] pruned = grid.classify(nearestNeighbour(train, c == 3 ? 0 : 0.15 * (c + 1), rnd));
                toy[d][2 + c] = tile(grid, pruned, train, classes[d]);
            }
        }
        PanelFigure.Builder toyPanel = PanelFigure.builder(3, 6)
            .cellSize(1.6, 1.6)
            .gap(0.12)
            .extraGapAfterColumn(1, 0.25)
            .columnLabels("training set", "reference samples", "weight", "taylor", "grad", "lrp")
            .rowLabels("circle dataset", "moon dataset", "multi dataset")
            .columnGroup("unpruned", 0, 1)
            .columnGroup("after pruning w.r.t. criterion", 2, 5);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 6; c++) {
                toyPanel.cell(r, c, toy[r][c]);
            }
        }
        PanelFigure toyFigure = toyPanel.build();
        ChartFiles.save(toyFigure, out.resolve("toy-figure.svg"));
        ChartFiles.save(toyFigure, out.resolve("toy-figure.png"));

        double[] npc = {1, 2, 5, 10, 20, 50, 100, 200};
        PanelFigure.Builder accPanel = PanelFigure.builder(2, 3)
            .cellSize(3.5, 3.0)
            .gap(0.15)
            .columnLabels("circle dataset", "moon dataset", "multi dataset")
            .rowLabels("on training set", "on test set")
            .rowGroup("performance after pruning in %", 0, 1);
        for (int d = 0; d < 3; d++) {
            for (int s = 0; s < 2; s++) {
                AccuracyChart.Builder b = AccuracyChart.builder()
                    .unpruned(curve("unpruned", npc, 99.5, 0, 0.3, rnd));
                for (String crit : new String[] {"grad", "lrp", "taylor", "weight"}) {
                    double level = switch (crit) {
                        case "lrp" -> 99.0;
                        case "weight" -> 97.0;
                        case "taylor" -> 92.0;
                        default -> 88.0;
                    };
                    b.criterion(curve(crit, npc, level, 20, crit.equals("lrp") ? 0.5 : 5, rnd));
                }
                String scenario = s == 0 ? "train" : "test";
                if (d == 1 && s == 0) {
                    ChartFiles.save(b.title(AccuracyChart.title(datasets[d], scenario)).build(),
                        out.resolve("accuracy-moon-train.svg"));
                    ChartFiles.save(b.build(), out.resolve("accuracy-moon-train.png"));
                }
                accPanel.cell(s, d, b.title(null).yLabel(null)
                    .xLabel(s == 1 && d == 0 ? AccuracyChart.X_LABEL : null)
                    .legend(s == 0 && d == 0).build());
            }
        }
        PanelFigure accFigure = accPanel.build();
        ChartFiles.save(accFigure, out.resolve("accuracy-panel.svg"));
        ChartFiles.save(accFigure, out.resolve("accuracy-panel.png"));

        Map<String, Map<Integer, double[]>> boxes = new LinkedHashMap<>();
        for (String crit : new String[] {"grad", "taylor", "lrp"}) {
            Map<Integer, double[]> perNpc = new LinkedHashMap<>();
            for (int n : BoxPlotChart.DEFAULT_NPC) {
                double[] v = new double[50];
                double centre = crit.equals("lrp") ? 99 : 80 + 3 * Math.log(n);
                for (int i = 0; i < v.length; i++) {
                    v[i] = Math.min(100, centre + rnd.nextGaussian() * (crit.equals("lrp") ? 0.7 : 8));
                }
                perNpc.put(n, v);
            }
            boxes.put(crit, perNpc);
        }
        ChartFigure box = BoxPlotChart.builder(boxes).title("moon").build();
        ChartFiles.save(box, out.resolve("boxplot-moon.svg"));
        ChartFiles.save(box, out.resolve("boxplot-moon.png"));
    }

    private static Figure tile(DecisionGrid grid, int[] labels, Toy samples, int k) {
        return DecisionRegionChart.builder(grid, labels).samples(samples.xy, samples.labels).classes(k)
            .colormap("Accent").axes(false).markerSize(3.5).build();
    }

    private static AccuracyChart.Series curve(String name, double[] npc, double level, double drop,
            double spread, Random rnd) {
        double[] mean = new double[npc.length];
        double[] std = new double[npc.length];
        for (int i = 0; i < npc.length; i++) {
            mean[i] = Math.min(100, level - drop / npc[i] + rnd.nextGaussian() * 0.3);
            std[i] = spread * (1 + 2 / npc[i]);
        }
        return new AccuracyChart.Series(name, npc, mean, std);
    }

    private record Toy(float[] xy, int[] labels) {}

    private static Toy toy(String name, int n, Random rnd) {
        float[] xy = new float[2 * n];
        int[] labels = new int[n];
        int k = name.equals("mult") ? 4 : 2;
        for (int i = 0; i < n; i++) {
            int c = i * k / n;
            double x;
            double y;
            switch (name) {
                case "moon" -> {
                    double t = Math.PI * rnd.nextDouble();
                    x = c == 0 ? Math.cos(t) : 1 - Math.cos(t);
                    y = c == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
                }
                case "circle" -> {
                    double t = 2 * Math.PI * rnd.nextDouble();
                    double r = c == 0 ? 1 : 0.3;
                    x = r * Math.cos(t);
                    y = r * Math.sin(t);
                }
                default -> {
                    double r = rnd.nextDouble();
                    double t = c * 4 + 4 * r + rnd.nextGaussian() * 0.2;
                    x = r * Math.sin(t);
                    y = r * Math.cos(t);
                }
            }
            double noise = name.equals("mult") ? 0 : 0.1;
            xy[2 * i] = (float) (x + noise * rnd.nextGaussian());
            xy[2 * i + 1] = (float) (y + noise * rnd.nextGaussian());
            labels[i] = c;
        }
        return new Toy(xy, labels);
    }

    /** 1-nearest-neighbour on the training set, with a fraction of its points' labels scrambled. */
    private static Classifier nearestNeighbour(Toy train, double scramble, Random rnd) {
        int n = train.labels.length;
        int k = 0;
        for (int label : train.labels) {
            k = Math.max(k, label + 1);
        }
        int[] labels = train.labels.clone();
        for (int i = 0; i < n; i++) {
            if (rnd.nextDouble() < scramble * 0.05) {
                labels[i] = rnd.nextInt(k);
            }
        }
        return (xy, points) -> {
            int[] out = new int[points];
            for (int p = 0; p < points; p++) {
                double best = Double.POSITIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    double dx = xy[2 * p] - train.xy[2 * i];
                    double dy = xy[2 * p + 1] - train.xy[2 * i + 1];
                    double d = dx * dx + dy * dy;
                    if (d < best) {
                        best = d;
                        out[p] = labels[i];
                    }
                }
            }
            return out;
        };
    }
}
