package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.data.Dataset;
import org.lrppruning.model.ModelIO;
import org.lrppruning.testutil.Nets;
import org.lrppruning.testutil.Shared;

/**
 * {@code reproduce} end to end on small random networks (48 hidden neurons, 16 pruned), so the
 * whole study takes seconds: every file the report links exists, the figures are embedded, the
 * page renders in headless Chromium, a second call resumes, other settings are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReproduceTest {
    static final Pattern HREF = Pattern.compile("href=\"([^\"#]+)\"");
    static final Pattern IMG = Pattern.compile("<img [^>]*src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");

    Path tmp;
    Path study;
    Path models;
    CliRun first;

    static CliRun run(String... args) {
        return CliRun.run(args);
    }

    String[] args(String... extra) {
        List<String> a = new ArrayList<>(List.of("reproduce", "--quick", "--models", models.toString(), "--out",
                study.toString(), "--prune-count", "16", "--grid-steps", "20", "--no-progress", "--threads", "2"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @BeforeAll
    void runTheQuickStudyOnTinyModels(@TempDir Path dir) throws IOException {
        tmp = dir;
        models = tmp.resolve("models");
        for (Dataset d : Dataset.values()) {
            ModelIO.save(models.resolve(d.id() + ".npz"), Nets.paperShaped(d.ordinal(), 16, 16, 16, d.classes(), false));
        }
        study = tmp.resolve("study");
        first = run(args());
        assertThat(first.code()).as(first.err()).isZero();
    }

    private String html() throws IOException {
        return Files.readString(study.resolve("report.html"));
    }

    @Test
    void everyFileTheReportLinksExists() throws IOException {
        Matcher m = HREF.matcher(html());
        List<String> links = new ArrayList<>();
        while (m.find()) {
            links.add(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
        }
        assertThat(links).contains("log.txt", "summary.csv", "rank/log.txt", "rank/rank_and_set-moon.txt",
                "combined.svg", "toy-figure-train.png", "toy-figure-test.svg", "boxplots.svg", "moon-test.svg");
        for (String l : links) {
            assertThat(l).as("relative link").doesNotStartWith("/").doesNotContain("://");
            assertThat(study.resolve(l)).as(l).isRegularFile();
            assertThat(Files.size(study.resolve(l))).as(l).isPositive();
        }
        assertThat(first.out()).contains("[6/6] Report", "Report: " + study.resolve("report.html"));
    }

    @Test
    void thePageIsSelfContainedWithEveryFigureEmbeddedAsAPng() throws IOException {
        String html = html();
        Matcher m = IMG.matcher(html);
        int images = 0;
        while (m.find()) {
            byte[] png = Base64.getDecoder().decode(m.group(1));
            assertThat(png).hasSizeGreaterThan(1000);
            assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
            images++;
        }
        assertThat(images).isEqualTo(4); // accuracy panel, two qualitative figures, box plots
        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:|//)").doesNotContain("<link ");
        assertThat(html).contains("Summary", "Rank analysis", "case 1: the same criterion on different seeds",
                "lrp against the other criteria", "Wall times", "train accuracy");
    }

    @Test
    void aSecondCallResumesWithoutRerunningAndTheLogsStayTheSame() throws IOException {
        long lines = Files.readAllLines(study.resolve("log.txt")).size();
        long rankLines = Files.readAllLines(study.resolve("rank/log.txt")).size();
        assertThat(lines).isEqualTo(72 * 4);
        assertThat(rankLines).isEqualTo(48 * 3);
        CliRun again = run(args());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("0 runs in", "72 already in", "48 already in");
        assertThat(Files.readAllLines(study.resolve("log.txt"))).hasSize((int) lines);
        assertThat(Files.readAllLines(study.resolve("rank/log.txt"))).hasSize((int) rankLines);
    }

    @Test
    void aStudyFolderRefusesOtherSettings() {
        CliRun o = run(args("--noisytest", "0.1"));
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip().lines()).hasSize(1);
        assertThat(o.err()).contains("holds a study with other settings");
    }

    @Test
    void headlessChromiumRendersThePageWithEveryFigure() throws Exception {
        String dom = Chromium.dumpDom(study.resolve("report.html"), tmp.resolve("chromium-profile"));
        assertThat(dom).contains("<body data-figures=\"ok 4\">");
        Matcher m = IMG.matcher(dom);
        int n = 0;
        while (m.find()) {
            n++;
        }
        assertThat(n).isEqualTo(4);
    }

    @Test
    void badOptionsExitWithOneLine() {
        CliRun o = run("reproduce", "--models", models.toString(), "--out", tmp.resolve("x").toString(),
                "--datasets", "moons", "--no-progress");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err().strip().lines()).hasSize(1);
        CliRun steps = run("reproduce", "--models", models.toString(), "--out", tmp.resolve("y").toString(),
                "--grid-steps", "3", "--no-progress");
        assertThat(steps.code()).isEqualTo(2);
        assertThat(steps.err()).contains("--grid-steps must be >= 10");
    }

    /** Runs the installed headless Chromium; fails with how to install it when there is none. */
    static final class Chromium {
        private Chromium() {}

        static String binary() {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
                    Path p = Path.of(dir, name);
                    if (Files.isExecutable(p)) {
                        return p.toString();
                    }
                }
            }
            fail("headless Chromium not found (looked for chromium, chromium-browser, google-chrome on PATH): "
                    + "install it, e.g. on Debian: apt-get install -y chromium");
            return null;
        }

        static String dumpDom(Path page, Path profile) throws IOException, InterruptedException {
            Path out = Files.createTempFile(profile.getParent(), "dom", ".html");
            Process p = new ProcessBuilder(binary(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--user-data-dir=" + profile, "--dump-dom", page.toUri().toString())
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("chromium did not finish within 60 s");
            }
            assertThat(p.exitValue()).as("chromium exit code").isZero();
            return Files.readString(out);
        }
    }

    @Test
    @Tag("shared")
    void theReferenceModelsRunAReducedStudy() throws IOException {
        Path ref = Shared.file("reference/models/moon.npz").getParent();
        Path dir = tmp.resolve("reference-study");
        CliRun o = run("reproduce", "--models", ref.toString(), "--out", dir.toString(), "--datasets", "moon",
                "--seeds", "0-1", "--numsamples", "1,5", "--no-rank", "--grid-steps", "20", "--no-progress");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("moon: 3000 hidden neurons, train accuracy 100.00 %");
        List<String> csv = Files.readAllLines(dir.resolve("summary.csv"));
        // the weight criterion ignores the data: moon seed 0 and 1 prune the same neurons (see CliTest)
        assertThat(csv).contains("moon,train,weight,1,99.9,0.0,2");
        Matcher m = HREF.matcher(Files.readString(dir.resolve("report.html")));
        while (m.find()) {
            assertThat(dir.resolve(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8))).isRegularFile();
        }
    }
}
