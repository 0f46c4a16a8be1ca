package org.lrppruning.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.testutil.Shared;

/** The analysis of accuracy logs: hand-checked statistics, the files next to the log, malformed lines. */
class AccuracyAnalysisTest {
    @TempDir
    Path dir;

    record Run(AccuracyAnalysis.Result result, String out, String err) {}

    static Path writeLog(Path dir) throws IOException {
        Path log = dir.resolve("log.txt");
        Files.writeString(log, AccuracyAnalysisTestLog.LOG);
        return log;
    }

    private Run analyse(Path log, List<FigureFormat> formats) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AccuracyAnalysis.Result r = AccuracyAnalysis.run(log, formats, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(r, out.toString(), err.toString());
    }

    @Test
    void aHandWrittenLogGivesHandCheckedMeansAndStdsInSummaryCsvAndTheStatisticsLines() throws IOException {
        Run run = analyse(writeLog(dir), List.of(FigureFormat.SVG));
        List<String> csv = Files.readAllLines(dir.resolve("summary.csv"));
        assertThat(csv.get(0)).isEqualTo("dataset,scenario,criterion,npc,mean,std,runs");
        assertThat(csv).contains(
                "moon,train,lrp,1,96.0,2.0,2",
                "moon,train,weight,1,99.0,0.0,2",
                "moon,train,lrp,5,100.0,0.0,2",
                "moon,train,unpruned,1,100.0,0.0,4",
                "moon,test,unpruned,1,91.0,1.0,4",
                "moon,test,lrp,1,86.0,2.0,2",
                "moon,test,weight,5,91.0,1.0,2");
        assertThat(csv).hasSize(1 + 2 * 2 * 3); // header + scenarios × npc × (unpruned, lrp, weight)
        assertThat(run.out()).contains("dataset=moon, stage=post, crit=lrp, n=1.0 : train acc = 96.00",
                "dataset=moon, stage=pre, no pruning, n=1.0 : test acc = 91.00");
    }

    @Test
    void theStatisticsComeUnderAHeaderSayingTheirNIsPerClassWhileTheLogsIsTheTotal() throws IOException {
        Path log = dir.resolve("log.txt");
        Files.writeString(log, "dataset:moon-criterion:lrp-n:10-s:1-scenario:train-stage:pre 100.0\n"
                + "dataset:moon-criterion:lrp-n:10-s:1-scenario:train-stage:post 99.0\n");
        Run run = analyse(log, List.of(FigureFormat.SVG));
        assertThat(run.out().lines().findFirst()).hasValue(AccuracyAnalysis.STATISTICS_HEADER);
        assertThat(AccuracyAnalysis.STATISTICS_HEADER).contains("per class", "n:10 on moon is n=5.0");
        assertThat(run.out()).contains("dataset=moon, stage=pre, no pruning, n=5.0 : train acc = 100.00",
                "dataset=moon, stage=post, crit=lrp, n=5.0 : train acc = 99.00");
    }

    @Test
    void malformedLinesAreSkippedWithOneWarningGivingTheirLineNumbers() throws IOException {
        Run run = analyse(writeLog(dir), List.of(FigureFormat.SVG));
        assertThat(run.result().report().records()).isEqualTo(32);
        assertThat(run.err().strip()).endsWith("skipped 2 malformed lines: 3, 13");
        assertThat(run.err().lines().count()).isEqualTo(1);
    }

    @Test
    void theFiguresAndTheCsvGoNextToTheLog() throws IOException {
        Run run = analyse(writeLog(dir), List.of(FigureFormat.SVG, FigureFormat.PNG));
        for (String name : List.of("moon-train", "moon-test", "combined", "boxplot-moon", "boxplots")) {
            assertThat(Files.readString(dir.resolve(name + ".svg"))).as(name).contains("<svg").contains("</svg>");
            byte[] png = Files.readAllBytes(dir.resolve(name + ".png"));
            assertThat(png).as(name).hasSizeGreaterThan(1000);
            assertThat(png[1]).isEqualTo((byte) 'P');
        }
        assertThat(run.result().charts()).hasSize(10);
        assertThat(run.result().combined()).containsExactly(dir.resolve("combined.svg").toAbsolutePath(),
                dir.resolve("combined.png").toAbsolutePath());
        assertThat(run.out()).contains("Wrote 10 figures and summary.csv to");
    }

    @Test
    @Tag("shared")
    void thePublishedReferenceLogIsReadWithoutAMalformedLine() throws IOException {
        Path log = dir.resolve("log.txt");
        Files.copy(Shared.file("seed/published/log-noisytest-0.3.txt"), log);
        Run run = analyse(log, List.of(FigureFormat.SVG));
        assertThat(run.result().report().malformed()).isEmpty();
        assertThat(run.err()).isEmpty();
        assertThat(run.result().report().records()).isEqualTo(19200);
        List<String> csv = Files.readAllLines(dir.resolve("summary.csv"));
        // 3 datasets × 2 scenarios × 8 npc × (unpruned + 4 criteria)
        assertThat(csv).hasSize(1 + 3 * 2 * 8 * 5);
        assertThat(csv.stream().filter(l -> l.contains(",unpruned,")).allMatch(l -> l.endsWith(",200"))).isTrue();
        assertThat(csv.stream().skip(1).filter(l -> !l.contains(",unpruned,")).allMatch(l -> l.endsWith(",50"))).isTrue();
        for (String d : List.of("circle", "moon", "mult")) {
            assertThat(dir.resolve(d + "-train.svg")).isRegularFile();
            assertThat(dir.resolve(d + "-test.svg")).isRegularFile();
            assertThat(dir.resolve("boxplot-" + d + ".svg")).isRegularFile();
        }
    }

    @Test
    void aMissingLogOrOneWithoutAccuracyLinesIsABadArgument() throws IOException {
        assertThatThrownBy(() -> analyse(dir.resolve("nope.txt"), List.of(FigureFormat.SVG)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no log file");
        Path log = dir.resolve("rank.txt");
        Files.writeString(log, "dataset:moon-criterion:lrp-n:2-s:0-scenario:rankselection-stage:pre [1,0,2]\n");
        assertThatThrownBy(() -> analyse(log, List.of(FigureFormat.SVG)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no train or test accuracy lines");
        assertThat(dir.resolve("summary.csv")).doesNotExist();
    }

    @Test
    void theReportTableMarksTheBestCriterionOfEachRow() throws IOException {
        Run run = analyse(writeLog(dir), List.of(FigureFormat.SVG));
        String html = StudyReport.html(new StudyReport.Data("t <&>", dir.toAbsolutePath(), Map.of("k", "v"), List.of(),
                List.of(), List.of(), run.result().stats(), List.of(), List.of(), Map.of(), List.of(), List.of()));
        assertThat(html).contains("<title>t &lt;&amp;&gt;</title>");
        String train = html.substring(html.indexOf("data-scenario=\"train\""), html.indexOf("data-scenario=\"test\""));
        // npc 1: weight (99) beats lrp (96); npc 5: lrp (100) beats weight (99)
        assertThat(train).contains("<td class=\"num best\">99.00 ± 0.00 ★</td><td class=\"num\">96.00 ± 2.00</td>");
        assertThat(train).contains("<td class=\"num\">99.00 ± 0.00</td><td class=\"num best\">100.00 ± 0.00 ★</td>");
        assertThat(html).doesNotContain("http://").doesNotContain("https://");
    }
}
