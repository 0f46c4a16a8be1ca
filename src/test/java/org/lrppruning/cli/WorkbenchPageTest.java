package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.data.DataOptions;
import org.lrppruning.data.DataSources;
import org.lrppruning.data.FashionMnist;
import org.lrppruning.data.LabeledData;
import org.lrppruning.experiment.Accuracy;
import org.lrppruning.model.ModelStore;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxReader;
import org.lrppruning.testutil.DataFixtures;
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
import picocli.CommandLine;

/**
 * The workbench page in headless Chromium over the default model: {@code workbench} without {@code --model} trains a
 * vgg-small once on Fashion-MNIST (here a small stand-in it learns in seconds: {@value #TRAIN} training and
 * {@value #TEST} test images), caches it in the test's model folder and serves it. The page draws the model, the
 * numbers, the strips and the heatmaps; changing the criterion and the slider changes them; a click on a test image
 * and a dropped PNG are explained; the curves fill in; the download is an ONNX that {@code info} reads, with the
 * accuracy the page showed; no browser error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkbenchPageTest {
    static final int TRAIN = 600;
    static final int TEST = 300;

    Path tmp;
    WebDriver driver;
    URI uri;
    Runnable stop;
    String home;
    String fashion;
    final StringWriter err = new StringWriter();

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        this.tmp = tmp;
        DataFixtures.learnableFashionMnist(Files.createDirectories(tmp.resolve("fashion")), TRAIN, TEST);
        home = System.setProperty(ModelStore.HOME_PROPERTY, tmp.resolve("home").toString());
        fashion = System.setProperty(FashionMnist.DIR_PROPERTY, tmp.resolve("fashion").toString());
        CompletableFuture<ServerArgs.Started> started = new CompletableFuture<>();
        Thread server = new Thread(() -> {
            CommandLine cl = Main.commandLine();
            ((WorkbenchCommand) cl.getSubcommands().get("workbench").getCommand()).onStart = started::complete;
            cl.setOut(new PrintWriter(new StringWriter()));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute("workbench", "--port", "0", "--no-progress");
            started.completeExceptionally(new AssertionError("workbench exited with " + code + ": " + err));
        }, "workbench-page-test");
        server.setDaemon(true);
        server.start();
        ServerArgs.Started s = started.get(300, TimeUnit.SECONDS);
        uri = s.uri();
        stop = s.stop();
        driver = HeadlessChromium.start(tmp.resolve("profile"), 1400, 1400);
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (stop != null) {
            stop.run();
        }
        restore(ModelStore.HOME_PROPERTY, home);
        restore(FashionMnist.DIR_PROPERTY, fashion);
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
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
        new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> count("evals") > evals && count("heatmaps") > maps
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
    void theDefaultModelsCriterionSliderImagesCurvesAndDownloadWork() throws Exception {
        assertThat(err.toString()).contains("No trained vgg-small model of fashion-mnist", "Trained in 3 epochs");
        driver.get(uri.toString());
        await(0, 0);
        Shown first = shown();
        assertThat(driver.findElement(By.id("removed")).getText()).isEqualTo("33 of 112 units"); // rate 0.3
        assertThat(first.kept()).matches("\\d+/16 kept,\\d+/32 kept,\\d+/64 kept");
        assertThat(driver.findElements(By.cssSelector("#diagram g.node"))).hasSize(15); // vgg-small's layers
        assertThat(driver.findElements(By.cssSelector("#diagram g.prunable"))).hasSize(3);
        assertThat(driver.findElements(By.cssSelector("#heatmaps .heat"))).hasSize(4);
        Path cached = tmp.resolve("home").resolve("models");
        assertThat(driver.findElement(By.id("cli")).getText()).startsWith("bin/lrp-pruning prune --model " + cached)
                .contains("--arch vgg-small --data fashion-mnist --test fashion-mnist:test",
                        "-c lrp -n 10 -s 0 --rate 0.3 --out pruned.onnx");

        int e = count("evals");
        int m = count("heatmaps");
        new Select(driver.findElement(By.id("criterion"))).selectByValue("taylor");
        await(e, m);
        Shown taylor = shown();
        assertThat(taylor.strips()).isNotEqualTo(first.strips());
        assertThat(taylor.before()).isEqualTo(first.before()); // the unpruned model explains alike
        assertThat(taylor.after()).isNotEqualTo(first.after());
        assertThat(driver.findElement(By.id("cli")).getText()).contains("-c taylor");

        e = count("evals");
        m = count("heatmaps");
        WebElement slider = driver.findElement(By.id("amount"));
        for (int i = 0; i < 10; i++) {
            slider.sendKeys(Keys.ARROW_RIGHT); // a drag: many moves, the last one wins
        }
        await(e, m);
        Shown slid = shown();
        assertThat(driver.findElement(By.id("amount-out")).getText()).isEqualTo("0.40");
        assertThat(driver.findElement(By.id("removed")).getText()).isEqualTo("44 of 112 units");
        assertThat(slid.numbers()).isNotEqualTo(taylor.numbers());
        assertThat(slid.strips()).isNotEqualTo(taylor.strips()); // more units marked removed
        assertThat(slid.after()).isNotEqualTo(taylor.after());
        assertThat(slid.kept()).isNotEqualTo(taylor.kept());

        // hovering a unit names its score and rank
        new Actions(driver).moveToElement(driver.findElement(By.id("strip-1")), 1, 0).perform();
        assertThat(driver.findElement(By.id("tooltip")).getText())
                .matches(".+, unit \\d+: score .+, rank \\d+ of 112 \\(1 = lowest, pruned first\\); (removed|kept)");

        // another test image, then a dropped file of the model's input size
        driver.findElement(By.id("thumb-7")).click();
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> titles().startsWith("test image 7 "));
        Path png = tmp.resolve("mine.png");
        ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png", png.toFile());
        driver.findElement(By.id("file")).sendKeys(png.toString());
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> titles().contains("|your image (class "));

        // the curves fill in, the current setting marked
        new WebDriverWait(driver, Duration.ofSeconds(240)).until(d -> d.findElement(By.id("curve-state")).getText()
                .startsWith("(80 of 80 points, done"));
        assertThat(driver.findElements(By.cssSelector("#curves polyline.curve"))).hasSize(4);
        assertThat(driver.findElements(By.id("current"))).hasSize(1);

        // the download: an ONNX that info reads, with the accuracy the page showed (the test set is the subset)
        String href = driver.findElement(By.id("download")).getAttribute("href");
        Path f = tmp.resolve("download.onnx");
        HttpResponse<byte[]> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri.resolve(
                URI.create(href).getRawPath() + "?" + URI.create(href).getRawQuery())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        Files.write(f, got.body());
        CliRun info = CliRun.run("info", "--model", f.toString());
        assertThat(info.code()).as(info.err()).isZero();
        assertThat(info.out()).contains("features.0");
        Network back = OnnxReader.read(f).network();
        LabeledData test = DataSources.load("fashion-mnist:test", DataOptions.forData("fashion-mnist:test", null));
        String shownAccuracy = driver.findElement(By.id("acc-after")).getText();
        assertThat(shownAccuracy).isEqualTo(String.format(Locale.ROOT, "%.2f %%",
                100.0 * Accuracy.correct(back, test, 1, null) / test.size()));
        String before = driver.findElement(By.id("acc-before")).getText();
        assertThat(Double.parseDouble(before.replace(" %", ""))).as(before).isGreaterThan(80); // it learned the squares
        assertThat(driver.findElement(By.id("params-after")).getText().replace(",", ""))
                .isEqualTo(Long.toString(back.parameterCount()));

        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(x -> x.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(errors).as(errors.stream().map(LogEntry::getMessage).collect(Collectors.joining("\n"))).isEmpty();
    }
}
