package org.lrppruning.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ChartsTest {

    @TempDir
    Path dir;

    private static final Classifier LEFT_RIGHT = (xy, n) -> {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = xy[2 * i] < 0 ? 0 : 1;
        }
        return out;
    };

    private static final float[] SQUARE = {-1, -1, 1, -1, -1, 1, 1, 1};

    private static ChartFigure decisionChart(String title) {
        DecisionGrid grid = DecisionGrid.fromTrainingData(SQUARE);
        return DecisionRegionChart.builder(grid, grid.classify(LEFT_RIGHT))
            .samples(new float[] {-0.5f, 0.5f, 0.5f, -0.5f}, new int[] {0, 1})
            .title(title)
            .build();
    }

    private static AccuracyChart.Series series(String name, double level) {
        double[] npc = {1, 2, 5, 10, 20, 50, 100, 200};
        double[] mean = new double[npc.length];
        double[] std = new double[npc.length];
        for (int i = 0; i < npc.length; i++) {
            mean[i] = level - 10 / npc[i];
            std[i] = 2;
        }
        return new AccuracyChart.Series(name, npc, mean, std);
    }

    private static ChartFigure accuracyChart() {
        return AccuracyChart.builder().title(AccuracyChart.title("moon", "train"))
            .unpruned(series("unpruned", 99.5))
            .criterion(series("grad", 90)).criterion(series("lrp", 99))
            .criterion(series("taylor", 93)).criterion(series("weight", 97))
            .build();
    }

    private static ChartFigure boxChart() {
        Map<String, Map<Integer, double[]>> values = new LinkedHashMap<>();
        for (String c : new String[] {"grad", "taylor", "lrp"}) {
            Map<Integer, double[]> perNpc = new LinkedHashMap<>();
            for (int n : BoxPlotChart.DEFAULT_NPC) {
                perNpc.put(n, new double[] {60 + n / 5.0, 70, 80, 90, 95});
            }
            values.put(c, perNpc);
        }
        values.get("lrp").remove(100); // a missing cell leaves a gap, not an error
        return BoxPlotChart.builder(values).title("moon").build();
    }

    private static Document parse(Path svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(svg.toFile());
    }

    private void assertSvgWithText(ChartFigure figure, String text) throws Exception {
        Path svg = dir.resolve("chart.svg");
        ChartFiles.save(figure, svg);
        Document doc = parse(svg);
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(doc.getDocumentElement().getAttribute("width")).isEqualTo(
            Math.round(figure.widthPoints()) + "pt");
        assertThat(doc.getDocumentElement().getAttribute("viewBox")).startsWith("0 0 ");
        assertThat(doc.getDocumentElement().getTextContent()).contains(text);
    }

    private BufferedImage png(Figure figure, double dpi) throws IOException {
        Path png = dir.resolve("chart.png");
        ChartFiles.savePng(figure, png, dpi);
        return ImageIO.read(png.toFile());
    }

    @Test
    void decisionRegionChartWritesSvgAndPng() throws Exception {
        String title = DecisionRegionChart.title("post", "train", "lrp", 97.125);
        assertThat(title).isEqualTo("post-pruning train accuracy with lrp = 97.12%");
        ChartFigure figure = decisionChart(title);
        assertSvgWithText(figure, title);
        BufferedImage img = png(figure, 100);
        assertThat(img.getWidth()).isEqualTo(350);
        assertThat(img.getHeight()).isEqualTo(350);
    }

    @Test
    void decisionRegionSvgStaysSmall() {
        // one embedded image instead of tens of thousands of cells
        String svg = ChartFiles.svg(decisionChart("t"));
        assertThat(svg.length()).isLessThan(60_000);
        assertThat(svg).contains("data:image/png;base64");
    }

    @Test
    void decisionRegionsHaveTheClassColourInside() throws Exception {
        DecisionGrid grid = DecisionGrid.fromTrainingData(SQUARE);
        ChartFigure figure = DecisionRegionChart.builder(grid, grid.classify(LEFT_RIGHT))
            .classes(2).axes(false).build();
        BufferedImage img = png(figure, 100);
        // Dark2 with two classes: #1b9e77 and #666666, each at alpha 0.5 over white
        assertColour(new Color(img.getRGB(img.getWidth() / 4, img.getHeight() / 2)), new Color(141, 206, 187));
        assertColour(new Color(img.getRGB(3 * img.getWidth() / 4, img.getHeight() / 2)), new Color(178, 178, 178));
    }

    private static void assertColour(Color actual, Color expected) {
        assertThat(Math.abs(actual.getRed() - expected.getRed())).as("red of " + actual).isLessThanOrEqualTo(2);
        assertThat(Math.abs(actual.getGreen() - expected.getGreen())).as("green of " + actual).isLessThanOrEqualTo(2);
        assertThat(Math.abs(actual.getBlue() - expected.getBlue())).as("blue of " + actual).isLessThanOrEqualTo(2);
    }

    @Test
    void titleRoundsLikePython() {
        assertThat(DecisionRegionChart.title("post", "test", "lrp", 1.005)).isEqualTo("post-pruning test accuracy with lrp = 1.00%");
        assertThat(DecisionRegionChart.title("pre", "train", "grad", 0.125)).endsWith("= 0.12%");
        assertThat(DecisionRegionChart.title("pre", "train", "grad", 99.95)).endsWith("= 99.95%");
        assertThat(DecisionRegionChart.title("pre", "train", "grad", 100.0)).endsWith("= 100.00%");
    }

    @Test
    void decisionRegionChartRejectsBadInput() {
        DecisionGrid grid = DecisionGrid.fromTrainingData(SQUARE);
        int[] labels = grid.classify(LEFT_RIGHT);
        assertThatThrownBy(() -> DecisionRegionChart.builder(grid, new int[3]))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DecisionRegionChart.builder(grid, labels).colormap("jet"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Dark2");
        assertThatThrownBy(() -> DecisionRegionChart.builder(grid, labels)
            .samples(new float[] {0, 0}, new int[] {5}).classes(2).build())
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void accuracyChartWritesSvgAndPng() throws Exception {
        ChartFigure figure = accuracyChart();
        assertSvgWithText(figure, "moon, on train data");
        assertThat(ChartFiles.svg(figure)).contains("no pruning", "lrp", "200");
        BufferedImage img = png(figure, 200);
        assertThat(img.getWidth()).isEqualTo(700);
        assertThat(img.getHeight()).isEqualTo(700);
    }

    @Test
    void accuracySeriesValidatesItsArrays() {
        assertThatThrownBy(() -> new AccuracyChart.Series("x", new double[] {1, 2}, new double[] {1}, new double[] {0}))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccuracyChart.Series("x", new double[] {2, 1}, new double[2], new double[2]))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(AccuracyChart.criterionColor("lrp")).isEqualTo(Color.RED);
        assertThat(AccuracyChart.criterionColor("weight")).isEqualTo(Color.BLACK);
    }

    @Test
    void boxPlotWritesSvgAndPng() throws Exception {
        ChartFigure figure = boxChart();
        assertSvgWithText(figure, "moon");
        assertThat(ChartFiles.svg(figure)).contains("taylor", "100");
        BufferedImage img = png(figure, 100);
        assertThat(img.getWidth()).isEqualTo(350);
    }

    @Test
    void panelFigureComposesCellsWithLabels() throws Exception {
        PanelFigure panel = PanelFigure.builder(2, 2)
            .cell(0, 0, decisionChart(null)).cell(0, 1, decisionChart(null))
            .cell(1, 0, accuracyChart()).cell(1, 1, boxChart())
            .cellSize(2, 2)
            .columnLabels("left column", "right column")
            .rowLabels("top row", "bottom row")
            .columnGroup("both columns", 0, 1)
            .rowGroup("both rows", 0, 1)
            .build();
        assertThat(panel.widthInches()).isGreaterThan(4).isLessThan(5.5);
        Path svg = dir.resolve("panel.svg");
        ChartFiles.save(panel, svg);
        String text = parse(svg).getDocumentElement().getTextContent();
        assertThat(text).contains("left column", "right column", "top row", "bottom row", "both columns",
            "both rows", "moon, on train data");
        BufferedImage img = png(panel, 100);
        assertThat(img.getWidth()).isEqualTo((int) Math.round(panel.widthInches() * 100));
        assertThatThrownBy(() -> PanelFigure.builder(1, 2).columnLabels("only one"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PanelFigure.builder(1, 1).build()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void savingReplacesWholeFilesAndLeavesNoTemporaries() throws Exception {
        Path svg = dir.resolve("sub/figure.svg");
        ChartFiles.save(decisionChart("first"), svg);
        ChartFiles.save(decisionChart("second"), svg);
        assertThat(Files.readString(svg)).contains("second").doesNotContain("first");
        try (Stream<Path> files = Files.list(svg.getParent())) {
            assertThat(files).containsExactly(svg);
        }
        assertThatThrownBy(() -> ChartFiles.save(decisionChart("x"), dir.resolve("figure.pdf")))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noWindowWhenHeadless() {
        assertThat(ChartWindows.show(decisionChart("x"), "x")).isFalse();
    }
}
