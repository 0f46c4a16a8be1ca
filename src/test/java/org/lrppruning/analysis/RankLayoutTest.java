package org.lrppruning.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lrppruning.testutil.Shared;

/** Our rank_and_set file against the layout of the reference's published one. */
class RankLayoutTest {

    record PTable(List<String> header, List<List<String>> rows, List<String> lines) {}

    record PSection(String title, List<PTable> tables) {}

    /** Parses a rank_and_set file: sections of bar/title/bar, two empty lines, tables each followed by one empty line. */
    static List<PSection> parse(List<String> lines) {
        List<PSection> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String bar = lines.get(i);
            assertThat(bar).as("line %d", i + 1).matches("#+");
            String title = lines.get(i + 1);
            assertThat(title).startsWith("# ").hasSize(bar.length());
            assertThat(lines.get(i + 2)).isEqualTo(bar);
            assertThat(lines.get(i + 3)).isEmpty();
            assertThat(lines.get(i + 4)).isEmpty();
            i += 5;
            List<PTable> tables = new ArrayList<>();
            while (i < lines.size() && lines.get(i).startsWith("+")) {
                String rule = lines.get(i);
                List<String> tl = new ArrayList<>(List.of(rule, lines.get(i + 1), lines.get(i + 2)));
                assertThat(lines.get(i + 2)).isEqualTo(rule);
                List<String> header = cells(lines.get(i + 1));
                List<List<String>> rows = new ArrayList<>();
                i += 3;
                while (!lines.get(i).equals(rule)) {
                    rows.add(cells(lines.get(i)));
                    tl.add(lines.get(i));
                    i++;
                }
                tl.add(rule);
                i++;
                assertThat(lines.get(i)).isEmpty();
                i++;
                tables.add(new PTable(header, rows, tl));
            }
            out.add(new PSection(title, tables));
        }
        return out;
    }

    static List<String> cells(String row) {
        assertThat(row).startsWith("| ").endsWith(" |");
        String[] parts = row.substring(1, row.length() - 1).split("\\|", -1);
        return Arrays.stream(parts).map(String::strip).toList();
    }

    static List<String> published() throws IOException {
        String text = Files.readString(Shared.file("seed/published/rank_and_set-moon.txt"), StandardCharsets.UTF_8);
        assertThat(text).endsWith("+\n\n");
        return Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1));
    }

    /** Every one of the published file's 320 tables, re-rendered from its cells, comes out byte for byte. */
    @Test
    @Tag("shared")
    void textTableReproducesEveryPublishedTable() throws IOException {
        List<PSection> sections = parse(published());
        int tables = 0;
        for (PSection s : sections) {
            for (PTable t : s.tables()) {
                assertThat(new TextTable(t.header(), t.rows()).render()).isEqualTo(String.join("\n", t.lines()));
                tables++;
            }
        }
        assertThat(tables).isEqualTo(32 * 10);
    }

    /** A synthetic log on the same grid gives the same sections, titles, tables, headers and row labels. */
    @Test
    @Tag("shared")
    void ourReportHasThePublishedStructure() throws IOException {
        StringWriter w = new StringWriter();
        // criteria deliberately not in the reference's order: the report must reorder them
        SyntheticRankLog.write(w, List.of("moon"), List.of("weight", "grad", "taylor", "lrp"), SyntheticRankLog.NPC, 2, 1000, false);
        List<LogRecord> records = RankAnalysisTest.parse(w.toString());
        String ours = RankAnalysis.analyse("moon", records, 2).text();
        assertThat(ours).endsWith("+\n\n");
        List<PSection> mine = parse(Arrays.asList(ours.substring(0, ours.length() - 1).split("\n", -1)));
        List<PSection> ref = parse(published());
        assertThat(mine).hasSameSizeAs(ref);
        for (int s = 0; s < ref.size(); s++) {
            assertThat(mine.get(s).title()).isEqualTo(ref.get(s).title());
            assertThat(mine.get(s).tables()).hasSameSizeAs(ref.get(s).tables());
            for (int t = 0; t < ref.get(s).tables().size(); t++) {
                PTable a = mine.get(s).tables().get(t);
                PTable b = ref.get(s).tables().get(t);
                assertThat(a.header()).isEqualTo(b.header());
                assertThat(a.rows()).extracting(r -> r.get(0)).isEqualTo(b.rows().stream().map(r -> r.get(0)).toList());
                // blank cells in the same places (case 1 fills the diagonal only)
                for (int r = 0; r < b.rows().size(); r++) {
                    for (int c = 1; c < b.header().size(); c++) {
                        assertThat(a.rows().get(r).get(c).isEmpty()).isEqualTo(b.rows().get(r).get(c).isEmpty());
                        if (!a.rows().get(r).get(c).isEmpty()) {
                            assertThat(a.rows().get(r).get(c)).matches("-?\\d\\.\\d{3}\\+-\\d\\.\\d{3}");
                        }
                    }
                }
            }
        }
    }
}
