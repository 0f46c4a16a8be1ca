package org.lrppruning.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.cli.Main;
import org.lrppruning.data.LabeledData;
import org.lrppruning.experiment.Accuracy;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxReader;
import org.lrppruning.testutil.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in headless Chromium over a tiny CNN: it draws the model, the numbers, the strips and the heatmaps;
 * changing the criterion and the slider changes them; a click on a test image and a dropped PNG are explained; the
 * curves fill in; the download is an ONNX that {@code info} reads, with the accuracy the page showed; no browser error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkbenchPageTest {
    TestBench t;
    WebDriver driver;
    Path tmp;

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        this.tmp = tmp;
        t = TestBench.start();
        driver = HeadlessChromium.start(tmp.resolve("profile"), 1400, 1400);
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (t != null) {
            t.close();
        }
    }

    Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    int count(String what) {
        return ((Number) js("return Number(document.body.dataset." + what + ")")).intValue();
    }

    /** Waits until the page has drawn more than {@code evals} evaluations and {@code maps} heatmap sets, and is idle. */
    void await(int evals, int maps) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> count("evals") > evals && count("heatmaps") > maps
                && "0".equals(js("return document.body.dataset.busy")));
        assertThat(driver.findElement(By.id("error")).isDisplayed())
                .as("error banner: " + driver.findElement(By.id("error")).getText()).isFalse();
    }

    /** What the page shows: the numbers, digests of the strips and of the heatmaps, the diagram's kept counts. */
    record Shown(String numbers, String strips, String before, String after, String kept) {
    }

    Shown shown() {
        return new Shown(driver.findElement(By.id("numbers")).getText(),
                digest("return [...document.querySelectorAll('#strips canvas')].map(c => c.toDataURL()).join()"),
                digest("return [...document.querySelectorAll('#heatmaps canvas.before')].map(c => c.toDataURL()).join()"),
                digest("return [...document.querySelectorAll('#heatmaps canvas.after')].map(c => c.toDataURL()).join()"),
                (String) js("return [...document.querySelectorAll('#diagram text.kept')].map(e => e.textContent).join()"));
    }

    /** The titles of the heatmap rows, '|'-separated (read in one script: the rows are redrawn under way). */
    String titles() {
        return (String) js("return [...document.querySelectorAll('#heatmaps .heat span:first-child')]"
                + ".map(e => e.textContent).join('|')");
    }

    String digest(String script) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(((String) js(script)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void criterionSliderImagesCurvesAndDownloadWork() throws Exception {
        driver.get(t.uri("/").toString());
        await(0, 0);
        Shown first = shown();
        assertThat(driver.findElement(By.id("removed")).getText()).isEqualTo("2 of 7 units"); // rate 0.3
        assertThat(first.kept()).matches("\\d/3 kept,\\d/4 kept");
        assertThat(driver.findElements(By.cssSelector("#diagram g.node"))).hasSize(t.bench.network().layers().size());
        assertThat(driver.findElements(By.cssSelector("#diagram g.prunable"))).hasSize(2);
        assertThat(driver.findElements(By.cssSelector("#heatmaps .heat"))).hasSize(4);
        assertThat(driver.findElement(By.id("cli")).getText()).startsWith("bin/lrp-pruning prune --model tiny.npz")
                .contains("-c lrp -n 10 -s 0 --rate 0.3 --out pruned.onnx");

        int e = count("evals");
        int m = count("heatmaps");
        new Select(driver.findElement(By.id("criterion"))).selectByValue("weight");
        await(e, m);
        Shown weight = shown();
        assertThat(weight.strips()).isNotEqualTo(first.strips());
        assertThat(weight.before()).isEqualTo(first.before()); // the unpruned model explains alike
        assertThat(driver.findElement(By.id("cli")).getText()).contains("-c weight");

        e = count("evals");
        m = count("heatmaps");
        WebElement slider = driver.findElement(By.id("amount"));
        for (int i = 0; i < 25; i++) {
            slider.sendKeys(Keys.ARROW_RIGHT); // a drag: many moves, the last one wins
        }
        await(e, m);
        Shown slid = shown();
        assertThat(driver.findElement(By.id("amount-out")).getText()).isEqualTo("0.55");
        assertThat(driver.findElement(By.id("removed")).getText()).isEqualTo("3 of 7 units");
        assertThat(slid.numbers()).isNotEqualTo(weight.numbers());
        assertThat(slid.strips()).isNotEqualTo(weight.strips()); // one more unit marked removed
        assertThat(slid.after()).isNotEqualTo(weight.after());
        assertThat(slid.kept()).isNotEqualTo(weight.kept());

        // hovering a unit names its score and rank
        new Actions(driver).moveToElement(driver.findElement(By.id("strip-1")), 1, 0).perform();
        assertThat(driver.findElement(By.id("tooltip")).getText())
                .matches(".+, unit \\d: score .+, rank \\d of 7 \\(1 = lowest, pruned first\\); (removed|kept)");

        // another test image, then a dropped file
        m = count("heatmaps");
        driver.findElement(By.id("thumb-7")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> titles().startsWith("test image 7 "));
        Path png = tmp.resolve("mine.png");
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png", png.toFile());
        driver.findElement(By.id("file")).sendKeys(png.toString());
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> titles().contains("|your image (class "));

        // the curves fill in, the current setting marked
        new WebDriverWait(driver, Duration.ofSeconds(90)).until(d -> d.findElement(By.id("curve-state")).getText()
                .startsWith("(80 of 80 points, done"));
        assertThat(driver.findElements(By.cssSelector("#curves polyline.curve"))).hasSize(4);
        assertThat(driver.findElements(By.id("current"))).hasSize(1);

        // the download: an ONNX that info reads, with the accuracy the page showed
        String href = driver.findElement(By.id("download")).getAttribute("href");
        Path f = tmp.resolve("download.onnx");
        Files.write(f, t.bytes(java.net.URI.create(href).getRawPath() + "?" + java.net.URI.create(href).getRawQuery()));
        StringWriter out = new StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("info", "--model", f.toString())).as(out.toString()).isZero();
        Network back = OnnxReader.read(f).network();
        LabeledData test = t.bench.inputs().test();
        String shownAccuracy = driver.findElement(By.id("acc-after")).getText();
        assertThat(shownAccuracy).isEqualTo(String.format(Locale.ROOT, "%.2f %%",
                100.0 * Accuracy.correct(back, test, 1, null) / test.size()));
        assertThat(driver.findElement(By.id("params-after")).getText().replace(",", ""))
                .isEqualTo(Long.toString(back.parameterCount()));

        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(x -> x.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(errors).as(errors.stream().map(LogEntry::getMessage).collect(Collectors.joining("\n"))).isEmpty();
    }
}
