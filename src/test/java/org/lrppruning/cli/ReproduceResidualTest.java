package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.analysis.PaperClaim;
import org.lrppruning.curves.CurvePoint;
import org.lrppruning.curves.Curves;
import org.lrppruning.model.ModelStore;
import org.lrppruning.study.CnnStudy;
import org.lrppruning.testutil.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code reproduce --cnn --arch resnet8 --compare DIR} end to end on 8 × 8 images (--quick, 1 epoch): the residual
 * network's channel groups are the pruned units, the page shows it next to a tiny chain CNN's study (models, both
 * verdicts, the side-by-side table and figure) and renders in headless Chromium with every figure; a --compare
 * folder that is no CNN study is one line with nothing written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReproduceResidualTest {
    Path tmp;
    Path chain;
    Path study;
    Path train;
    Path test;
    String home;
    CliRun run;

    String[] args(String arch, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("reproduce", "--cnn", "--quick", "--data", train.toString(), "--test",
                test.toString(), "--arch", arch, "--epochs", "1", "--out", out.toString(), "--no-progress",
                "--threads", "2"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @BeforeAll
    void runAChainStudyThenTheResidualOneComparedWithIt(@TempDir Path dir) throws IOException {
        tmp = dir;
        home = System.getProperty(ModelStore.HOME_PROPERTY);
        System.setProperty(ModelStore.HOME_PROPERTY, tmp.resolve("home").toString());
        Random r = new Random(8);
        train = TinyCnnFiles.write(tmp, "train.npy", ReproduceCnnTest.images(r, 150));
        test = TinyCnnFiles.write(tmp, "test.npy", ReproduceCnnTest.images(r, 60));
        chain = tmp.resolve("chain");
        CliRun c = CliRun.run(args(TinyCnnFiles.ARCH, chain));
        assertThat(c.code()).as(c.err()).isZero();
        study = tmp.resolve("resnet8");
        run = CliRun.run(args("resnet8", study, "--compare", chain.toString()));
        assertThat(run.code()).as(run.err()).isZero();
    }

    @AfterAll
    void restoreTheCache() {
        if (home == null) {
            System.clearProperty(ModelStore.HOME_PROPERTY);
        } else {
            System.setProperty(ModelStore.HOME_PROPERTY, home);
        }
    }

    @Test
    void theChannelGroupsArePrunedAndThePageComparesBothStudies() throws IOException {
        List<CurvePoint> points = Curves.read(study.resolve(CnnStudy.CURVES_DIR));
        assertThat(points).isNotEmpty().allMatch(p -> p.units() == 224 && p.tested() == 60); // 16+16+32+32+64+64
        assertThat(points.stream().filter(p -> p.rate().equals("0.8"))).allMatch(p -> p.removed() == 179);
        assertThat(Files.readString(study.resolve(CnnStudy.MODEL_TEXT))).startsWith("architecture=resnet8\n");
        String html = Files.readString(study.resolve("report.html"));
        assertThat(html).contains("<section id=\"compare\">", "Compared with " + TinyCnnFiles.ARCH,
                "href=\"../chain/report.html\"", "224 channels in 6 channel groups");
        List<CurvePoint> other = Curves.read(chain.resolve(CnnStudy.CURVES_DIR));
        assertThat(html).contains(PaperClaim.of(points).sentence().replace("'", "&#39;"),
                PaperClaim.of(other).sentence().replace("'", "&#39;"));
        assertThat(html).containsPattern("<td>resnet8</td><td class=\"num\">[0-9,]+</td><td class=\"num\">[0-9,]+</td>"
                + "<td class=\"num\">224</td>").containsPattern("<td class=\"num\">7</td>");
        assertThat(study.resolve("compare.png")).isRegularFile();
    }

    @Test
    void headlessChromiumShowsEveryFigureIncludingTheComparison() throws IOException {
        WebDriver driver = HeadlessChromium.start(tmp.resolve("chromium-profile"), 1300, 1000);
        try {
            driver.get(study.resolve("report.html").toUri().toString());
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> !"pending".equals(
                    d.findElement(By.tagName("body")).getAttribute("data-figures")));
            assertThat(driver.findElements(By.cssSelector("figure"))).extracting(e -> e.getAttribute("id"))
                    .containsExactly("curves", "cost", "heatmaps", "compare");
            List<WebElement> imgs = driver.findElements(By.cssSelector("figure img"));
            assertThat(driver.findElement(By.tagName("body")).getAttribute("data-figures")).isEqualTo("ok " + imgs.size());
            JavascriptExecutor js = (JavascriptExecutor) driver;
            for (WebElement img : imgs) {
                assertThat(((Number) js.executeScript("return arguments[0].naturalWidth", img)).intValue()).isGreaterThan(100);
                assertThat(img.isDisplayed()).isTrue();
            }
            assertThat(driver.findElement(By.id("compare")).getText()).contains("resnet8", "one shot");
            assertThat(HeadlessChromium.consoleErrors(driver)).isEmpty();
        } finally {
            driver.quit();
        }
    }

    @Test
    void aCompareFolderThatIsNoCnnStudyIsOneLineWithNothingWritten() throws IOException {
        Path notes = Files.createDirectories(tmp.resolve("notes"));
        Path out = tmp.resolve("again");
        CliRun r = CliRun.run(args("resnet8", out, "--compare", notes.toString()));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("is not the folder of a CNN study");
        assertThat(out).doesNotExist();
        CliRun self = CliRun.run(args("resnet8", study, "--compare", study.toString()));
        assertThat(self.code()).isEqualTo(2);
        assertThat(self.err()).contains("is this study's own folder");
    }
}
