package org.lrppruning.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.lrppruning.analysis.PaperClaim;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.criteria.UnitScores;
import org.lrppruning.data.LabeledData;
import org.lrppruning.lrp.Composites;
import org.lrppruning.lrp.Explainer;
import org.lrppruning.model.Network;
import org.lrppruning.plot.Figure;
import org.lrppruning.plot.ImageCell;
import org.lrppruning.plot.PanelFigure;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;

/**
 * LRP heatmaps of a few test images before and after pruning (Yeom et al. 2021, Fig. 1): the input relevance
 * (true-class logit start, float32) of the unpruned model and of the models pruned one shot at one rate by each
 * criterion, scored on one reference set; every layer keeps a unit, as in the curves.
 */
public final class CnnHeatmaps {
    private CnnHeatmaps() {}

    /** One column of the figure: its title and, per image, the input relevance. */
    public record Column(String title, List<double[]> relevance) {}

    /** The images (as the data holds them), their labels and the columns. */
    public record Result(List<double[]> images, int[] labels, int[] indices, int width, int height, String composite,
                         String rate, List<Column> columns) {}

    /**
     * Explains {@code test[indices]} with {@code composite} on {@code net} and on {@code net} pruned at
     * {@code rate} (floor(rate × units) units by the global ranking) by each of {@code criteria} on {@code refs}.
     */
    public static Result compute(Network net, LabeledData test, int[] indices, LabeledData refs, List<String> criteria,
                                 String rate, String composite, Composites.Box box, int threads) {
        int[] shape = test.sampleShape();
        if (shape.length != 3 || shape[0] != 1) {
            throw new IllegalArgumentException("heatmaps need single-channel images, the data has samples of shape "
                    + LabeledData.shapeString(shape));
        }
        LabeledData shown = test.select(indices);
        List<double[]> images = split(widen(shown.x()), shown.size());
        List<Column> cols = new ArrayList<>();
        cols.add(new Column("unpruned", explain(net, shown, composite, box, threads)));
        int units = net.unitTotal();
        int k = new BigDecimal(rate).multiply(BigDecimal.valueOf(units)).setScale(0, RoundingMode.FLOOR).intValueExact();
        for (String c : criteria) {
            UnitScores s = Criteria.of(c, new Criteria.Options(null, box)).score(net, refs, threads);
            // the rule of the curves: the lowest-ranked units, every layer keeping one
            PruningPlan plan = PruningPlan.lowestKeeping(s.ranking(), net.unitCounts(), k, 1);
            cols.add(new Column(c + ", " + PaperClaim.percent(Double.parseDouble(rate)) + " pruned",
                    explain(Pruner.prune(net, plan), shown, composite, box, threads)));
        }
        return new Result(images, shown.labels(), indices.clone(), shape[2], shape[1], composite, rate, cols);
    }

    /** The first test image of each class 0, 1, ... up to {@code count} images (file order). */
    public static int[] firstOfClasses(LabeledData test, int count) {
        List<Integer> out = new ArrayList<>();
        int classes = test.classCount();
        for (int c = 0; c < classes && out.size() < count; c++) {
            for (int i = 0; i < test.size(); i++) {
                if (test.labels()[i] == c) {
                    out.add(i);
                    break;
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Rows = images, columns = the image, then each heatmap column. */
    public static Figure figure(Result r, double cellInches) {
        int rows = r.images().size();
        int cols = 1 + r.columns().size();
        PanelFigure.Builder b = PanelFigure.builder(rows, cols).gap(0.06).cellSize(cellInches, cellInches)
                .fontSizes(8f, 9f);
        String[] colLabels = new String[cols];
        colLabels[0] = "image";
        for (int j = 0; j < r.columns().size(); j++) {
            colLabels[j + 1] = r.columns().get(j).title();
        }
        String[] rowLabels = new String[rows];
        for (int i = 0; i < rows; i++) {
            rowLabels[i] = "#" + r.indices()[i] + " (class " + r.labels()[i] + ")";
            b.cell(i, 0, new ImageCell(r.images().get(i), r.width(), r.height(), ImageCell.Kind.GREY, cellInches));
            for (int j = 0; j < r.columns().size(); j++) {
                b.cell(i, j + 1, new ImageCell(r.columns().get(j).relevance().get(i), r.width(), r.height(),
                        ImageCell.Kind.RELEVANCE, cellInches));
            }
        }
        return b.columnLabels(colLabels).rowLabels(rowLabels).build();
    }

    private static List<double[]> explain(Network net, LabeledData d, String composite, Composites.Box box,
                                          int threads) {
        Explainer e = new Explainer(net, Composites.of(composite, box), Explainer.Start.LOGIT,
                Explainer.Precision.FLOAT32);
        return split(e.explain(d.x(), d.labels(), d.size(), threads, null).input(), d.size());
    }

    private static double[] widen(float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }

    private static List<double[]> split(double[] all, int n) {
        int per = all.length / n;
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] one = new double[per];
            System.arraycopy(all, i * per, one, 0, per);
            out.add(one);
        }
        return out;
    }
}
