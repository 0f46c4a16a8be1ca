package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.analysis.PaperClaim;
import org.lrppruning.curves.CurvePoint;
import org.lrppruning.curves.Curves;
import org.lrppruning.data.LabeledData;
import org.lrppruning.io.FileLocks;
import org.lrppruning.model.ModelStore;
import org.lrppruning.study.CnnStudy;
import org.lrppruning.testutil.Cnns;
import org.lrppruning.testutil.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code reproduce --cnn --quick} end to end on a tiny CNN and 8 x 8 images (the hidden --data, --test, --arch,
 * --epochs), so it takes seconds: the model is trained and cached, every criterion's curves are logged, the page
 * links only files that exist, states the verdict computed from the logged points, renders in headless Chromium
 * with every figure and no console error; a second run resumes, a held folder, foreign files and a toy study are
 * refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReproduceCnnTest {
    Path tmp;
    Path study;
    Path train;
    Path test;
    String home;
    CliRun first;

    String[] args(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("reproduce", "--cnn", "--quick", "--data", train.toString(), "--test",
                test.toString(), "--arch", TinyCnnFiles.ARCH, "--epochs", "1", "--out", out.toString(), "--no-progress",
                "--threads", "2"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    static LabeledData images(Random r, int n) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
        }
        return new LabeledData(Cnns.uniform(r, n * 64, 0, 1), new int[] {1, 8, 8}, labels);
    }

    @BeforeAll
    void runTheQuickCnnStudyOnATinyNetwork(@TempDir Path dir) throws IOException {
        tmp = dir;
        home = System.getProperty(ModelStore.HOME_PROPERTY);
        System.setProperty(ModelStore.HOME_PROPERTY, tmp.resolve("home").toString());
        Random r = new Random(8);
        train = TinyCnnFiles.write(tmp, "train.npy", images(r, 150));
        test = TinyCnnFiles.write(tmp, "test.npy", images(r, 60));
        study = tmp.resolve("study");
        first = CliRun.run(args(study));
        assertThat(first.code()).as(first.err()).isZero();
    }

    @AfterAll
    void restoreTheCache() {
        if (home == null) {
            System.clearProperty(ModelStore.HOME_PROPERTY);
        } else {
            System.setProperty(ModelStore.HOME_PROPERTY, home);
        }
    }

    private List<CurvePoint> points() throws IOException {
        return Curves.read(study.resolve(CnnStudy.CURVES_DIR));
    }

    @Test
    void everyCriterionIsLoggedInBothModesAndThePageLinksOnlyFilesThatExist() throws IOException {
        List<CurvePoint> points = points();
        for (String c : CnnStudy.CRITERIA) {
            for (CurvePoint.Mode m : CurvePoint.Mode.values()) {
                assertThat(points).as(c + " " + m).anyMatch(p -> p.criterion().equals(c) && p.mode() == m && p.step() > 0);
            }
        }
        assertThat(points).allMatch(p -> p.tested() == 60 && p.units() == 7);
        assertThat(Files.readAllLines(study.resolve(CnnStudy.CSV))).hasSize(points.size() + 1);
        String html = Files.readString(study.resolve("report.html"));
        Matcher m = ReproduceTest.HREF.matcher(html);
        List<String> links = new ArrayList<>();
        while (m.find()) {
            links.add(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
        }
        assertThat(links).contains("curves.csv", "curves/log.txt", "curves.svg", "cost.png", "heatmaps.svg");
        for (String l : links) {
            assertThat(l).doesNotStartWith("/").doesNotContain("://");
            assertThat(study.resolve(l)).as(l).isRegularFile();
        }
        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:|//)").contains("Wall times", "training",
                "heatmaps", "min–max");
        assertThat(first.out()).contains("[5/5] Report", "Report: " + study.resolve("report.html"));
    }

    @Test
    void thePageStatesTheVerdictOfTheLoggedCurves() throws IOException {
        PaperClaim.Verdict v = PaperClaim.of(points());
        String html = Files.readString(study.resolve("report.html"));
        assertThat(html).contains("data-outcome=\"" + v.outcome() + "\"");
        assertThat(html).contains(v.sentence().replace("'", "&#39;"));
        assertThat(first.out()).contains(v.sentence());
    }

    @Test
    void headlessChromiumShowsEveryFigureWithoutConsoleErrors() throws IOException {
        WebDriver driver = HeadlessChromium.start(tmp.resolve("chromium-profile"), 1300, 1000);
        try {
            driver.get(study.resolve("report.html").toUri().toString());
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> !"pending".equals(
                    d.findElement(By.tagName("body")).getAttribute("data-figures")));
            List<WebElement> imgs = driver.findElements(By.cssSelector("figure img"));
            // rate curves, accuracy against size, heatmaps (the per-n panel needs more than one n)
            assertThat(driver.findElements(By.cssSelector("figure"))).extracting(e -> e.getAttribute("id"))
                    .containsExactly("curves", "cost", "heatmaps");
            assertThat(imgs).hasSize(3);
            assertThat(driver.findElement(By.tagName("body")).getAttribute("data-figures")).isEqualTo("ok " + imgs.size());
            JavascriptExecutor js = (JavascriptExecutor) driver;
            for (WebElement img : imgs) {
                Number w = (Number) js.executeScript("return arguments[0].naturalWidth", img);
                Number h = (Number) js.executeScript("return arguments[0].naturalHeight", img);
                assertThat(w.intValue()).as(img.getAttribute("alt")).isGreaterThan(100);
                assertThat(h.intValue()).as(img.getAttribute("alt")).isGreaterThan(100);
                assertThat(img.isDisplayed()).isTrue();
            }
            assertThat(driver.findElement(By.id("claim")).getText()).contains("Does the paper's claim hold?");
            assertThat(driver.findElement(By.id("figure-check")).isDisplayed()).isFalse();
            assertThat(HeadlessChromium.consoleErrors(driver)).isEmpty();
        } finally {
            driver.quit();
        }
    }

    @Test
    void aSecondRunResumesWithoutComputingACurveAgain() throws IOException {
        List<CurvePoint> before = points();
        CliRun again = CliRun.run(args(study));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("0 curves computed, 8 already logged");
        assertThat(again.err()).doesNotContain("training it once");
        assertThat(points()).isEqualTo(before);
    }

    @Test
    void aFolderInUseForeignFilesAndAToyStudyAreRefused() throws IOException {
        try (FileLocks.Held held = FileLocks.tryLock(study.resolve(ReproduceCommand.LOCK))) {
            assertThat(held).isNotNull();
            CliRun busy = CliRun.run(args(study));
            assertThat(busy.code()).isNotZero();
            assertThat(busy.err()).contains("in use by another reproduce");
        }
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        CliRun f = CliRun.run(args(foreign));
        assertThat(f.code()).isEqualTo(2);
        assertThat(f.err().strip().lines()).hasSize(1);
        assertThat(f.err()).contains("holds files this tool did not write");
        assertThat(Files.readString(foreign.resolve("notes.txt"))).isEqualTo("mine");
        assertThat(foreign.resolve("report.html")).doesNotExist();

        Path toy = Files.createDirectories(tmp.resolve("toy"));
        Files.writeString(toy.resolve(ReproduceCommand.SETUP), "noisytest=0.3\narch=paper\nprune-count=1000\n");
        CliRun t = CliRun.run(args(toy));
        assertThat(t.code()).isEqualTo(2);
        assertThat(t.err()).contains("holds a study of another kind");
    }

    @Test
    void toyOptionsWithCnnAndCnnOptionsWithoutItExitWithOneLine() {
        CliRun a = CliRun.run(args(tmp.resolve("x"), "--noisytest", "0.1"));
        assertThat(a.code()).isEqualTo(2);
        assertThat(a.err().strip().lines()).hasSize(1);
        assertThat(a.err()).contains("--noisytest does not apply with --cnn");
        CliRun b = CliRun.run("reproduce", "--data", "x.npy", "--out", tmp.resolve("y").toString());
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.err()).contains("--data does not apply without --cnn");
        assertThat(tmp.resolve("x")).doesNotExist();
        assertThat(tmp.resolve("y")).doesNotExist();
    }

    @Test
    void missingDataIsOneLineAndLeavesNoFolder() {
        Path out = tmp.resolve("nodata");
        List<String> a = new ArrayList<>(List.of(args(out)));
        a.set(a.indexOf(train.toString()), tmp.resolve("missing.npy").toString());
        CliRun r = CliRun.run(a.toArray(String[]::new));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("missing");
        assertThat(out).doesNotExist();
    }
}
