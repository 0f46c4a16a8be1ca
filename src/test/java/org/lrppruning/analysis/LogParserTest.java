package org.lrppruning.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lrppruning.testutil.Shared;

class LogParserTest {

    @Test
    void parsesAnAccuracyLine() {
        LogRecord r = LogParser.parseLine("dataset:moon-criterion:lrp-n:10-s:3-scenario:train-stage:pre 99.95", 4);
        assertThat(r.dataset()).isEqualTo("moon");
        assertThat(r.criterion()).isEqualTo("lrp");
        assertThat(r.n()).isEqualTo(10);
        assertThat(r.npc()).isEqualTo(5.0);
        assertThat(r.seed()).isEqualTo(3);
        assertThat(r.scenario()).isEqualTo("train");
        assertThat(r.stage()).isEqualTo("pre");
        assertThat(r.accuracy()).isEqualTo(99.95);
        assertThat(r.kind()).isEqualTo(LogRecord.Kind.ACCURACY);
        assertThat(r.order()).isNull();
        assertThat(r.line()).isEqualTo(4);
    }

    @Test
    void npcDividesByFourForMult() {
        LogRecord r = LogParser.parseLine("dataset:mult-criterion:grad-n:4-s:0-scenario:test-stage:post 44.6", 1);
        assertThat(r.npc()).isEqualTo(1.0);
        assertThat(LogParser.parseLine("dataset:circle-criterion:grad-n:3-s:0-scenario:test-stage:post 50.0", 1).npc())
                .isEqualTo(1.5);
    }

    @Test
    void parsesRankSelectionAndRankScores() {
        LogRecord o = LogParser.parseLine("dataset:moon-criterion:lrp-n:10-s:3-scenario:rankselection-stage:pre [2,0,3,1]", 1);
        assertThat(o.kind()).isEqualTo(LogRecord.Kind.ORDER);
        assertThat(o.order()).containsExactly(2, 0, 3, 1);
        assertThat(o.accuracy()).isNaN();
        LogRecord spaced = LogParser.parseLine("dataset:moon-criterion:lrp-n:10-s:3-scenario:rankselection-stage:pre [1, 0]", 1);
        assertThat(spaced.order()).containsExactly(1, 0);
        LogRecord s = LogParser.parseLine(
                "dataset:moon-criterion:lrp-n:10-s:3-scenario:rankscores-stage:pre [0.1,-0.0,1e-05,2.5E3,nan,NaN,-inf,0]", 1);
        assertThat(s.kind()).isEqualTo(LogRecord.Kind.SCORES);
        assertThat(s.scores()).hasSize(8);
        assertThat(s.scores()[0]).isEqualTo(0.1);
        assertThat(Double.doubleToRawLongBits(s.scores()[1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(s.scores()[2]).isEqualTo(1e-5);
        assertThat(s.scores()[3]).isEqualTo(2500.0);
        assertThat(s.scores()[4]).isNaN();
        assertThat(s.scores()[5]).isNaN();
        assertThat(s.scores()[6]).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(s.scores()[7]).isZero();
    }

    @Test
    void rejectsMalformedLines() {
        String ok = "dataset:moon-criterion:lrp-n:10-s:3-scenario:train-stage:pre";
        for (String bad : List.of(
                ok,                                                          // no value
                ok + " abc",                                                 // not a number
                ok + " 1d",                                                  // Java-only float syntax
                ok + " nan",                                                 // accuracy must be finite
                "dataset:moon-criterion:lrp-n:10-s:3-scenario:train 99.0",   // missing field
                "dataset:moon-crit:lrp-n:10-s:3-scenario:train-stage:pre 99.0",
                "dataset:moon-criterion:lrp-n:x-s:3-scenario:train-stage:pre 99.0",
                "dataset:moon-criterion:lrp-n:-1-s:3-scenario:train-stage:pre 99.0",
                "dataset:-criterion:lrp-n:10-s:3-scenario:train-stage:pre 99.0",
                "dataset:moon-criterion:lrp-n:10-s:3-scenario:rankselection-stage:pre [0,1,1]",  // not a permutation
                "dataset:moon-criterion:lrp-n:10-s:3-scenario:rankselection-stage:pre [0,3,1]",
                "dataset:moon-criterion:lrp-n:10-s:3-scenario:rankselection-stage:pre [0,1,]",
                "dataset:moon-criterion:lrp-n:10-s:3-scenario:rankselection-stage:pre [0,-1]",
                "dataset:moon-criterion:lrp-n:10-s:3-scenario:rankselection-stage:pre 0,1",
                "dataset:moon-criterion:lrp-n:10-s:3-scenario:rankselection-stage:pre [0,1",
                "dataset:moon-criterion:lrp-n:10-s:3-scenario:rankscores-stage:pre [0.1,x]")) {
            assertThatThrownBy(() -> LogParser.parseLine(bad, 1)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void skipsMalformedLinesAndReportsTheirNumbers() throws IOException {
        String log = String.join("\n",
                "dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:pre 100.0",
                "garbage",
                "",
                "dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:post 97.5",
                "dataset:moon-criterion:lrp-n:2-s:0-scenario:test-stage:post",
                "dataset:moon-criterion:lrp-n:2-s:1-scenario:test-stage:post 50.0\r") + "\n";
        List<LogRecord> out = new ArrayList<>();
        LogParser.Report rep = LogParser.stream(new StringReader(log), out::add);
        assertThat(out).extracting(LogRecord::line).containsExactly(1L, 4L, 6L);
        assertThat(rep.records()).isEqualTo(3);
        assertThat(rep.malformed()).extracting(LogParser.Malformed::line).containsExactly(2L, 5L);
        assertThat(rep.warnings()).containsExactly("skipped 2 malformed lines: 2, 5");
        assertThat(new LogParser.Report(1, List.of(new LogParser.Malformed(7, "x"))).warnings())
                .containsExactly("skipped 1 malformed line: 7");
        List<LogParser.Malformed> many = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            many.add(new LogParser.Malformed(i, "x"));
        }
        assertThat(new LogParser.Report(0, many).warnings().get(0)).startsWith("skipped 25 malformed lines: 1, 2,")
                .endsWith("19, 20 and 5 more");
    }

    @Test
    @Tag("shared")
    void readsThePublishedLogCompletely() throws IOException {
        Path log = Shared.file("seed/published/log-noisytest-0.3.txt");
        LogParser.Result res = LogParser.readAll(log);
        assertThat(res.report().malformed()).isEmpty();
        assertThat(res.report().records()).isEqualTo(19200);
        assertThat(res.records()).hasSize(19200);
        assertThat(res.records()).allMatch(r -> r.kind() == LogRecord.Kind.ACCURACY);
        assertThat(res.records().stream().map(LogRecord::dataset).distinct().sorted().toList())
                .containsExactly("circle", "moon", "mult");
        assertThat(res.records().stream().map(LogRecord::npc).distinct().sorted().toList())
                .containsExactly(1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0);
    }

    /** The mean of one group, recomputed from the raw text with plain string operations. */
    @Test
    @Tag("shared")
    void publishedLogMeanMatchesAnIndependentRecomputation() throws IOException {
        Path log = Shared.file("seed/published/log-noisytest-0.3.txt");
        double sum = 0;
        int count = 0;
        try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("dataset:mult-criterion:lrp-n:40-") && line.contains("-scenario:test-stage:post ")) {
                    sum += Double.parseDouble(line.substring(line.indexOf(' ') + 1));
                    count++;
                }
            }
        }
        assertThat(count).isEqualTo(50);
        AccuracyStats stats = AccuracyStats.of(LogParser.readAll(log).records());
        AccuracyStats.Group g = stats.group("mult", "test", "lrp", 10.0);
        assertThat(g.runs()).isEqualTo(50);
        assertThat(g.mean()).isCloseTo(sum / count, org.assertj.core.data.Offset.offset(1e-9));
    }
}
