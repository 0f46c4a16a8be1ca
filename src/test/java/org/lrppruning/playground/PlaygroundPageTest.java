package org.lrppruning.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
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
 * The page in headless Chromium (Debian's chromium and chromium-driver, through Selenium) against a
 * server on a free port over small networks: it draws a first run, and changing the slider, the
 * criterion and the data set, or clicking a plot, changes the pictures and the numbers; its link
 * restores the state; the browser logs no error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlaygroundPageTest {
    TestPlayground p;
    WebDriver driver;

    /** Selenium's own logger would print (e.g. that it has no CDP bindings for this Chromium); tests stay quiet. */
    static final Logger SELENIUM = Logger.getLogger("org.openqa.selenium");

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        SELENIUM.setLevel(Level.SEVERE);
        p = TestPlayground.start(tmp);
        driver = chromium(tmp.resolve("profile"), 1400, 1200);
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (p != null) {
            p.close();
        }
    }

    /** Headless Chromium driven by chromedriver; fails with how to install them when they are missing. */
    static WebDriver chromium(Path profile, int width, int height) {
        return HeadlessChromium.start(profile, width, height);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    int runs() {
        Object r = js("return Number(document.body.dataset.runs || 0)");
        return ((Number) r).intValue();
    }

    /** Waits until the page has drawn more than {@code before} runs and has nothing more in flight. */
    void awaitRunsAfter(int before) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> runs() > before
                && "0".equals(js("return document.body.dataset.busy")));
        assertThat(driver.findElement(By.id("error")).isDisplayed())
                .as("error banner: " + driver.findElement(By.id("error")).getText()).isFalse();
    }

    /** What the page shows: digests of both pictures and of the strips, and the numbers as text. */
    record Shown(String pre, String post, String numbers, String strips) {
    }

    Shown shown() {
        String pre = digest((String) js("return document.getElementById('plot-pre').toDataURL()"));
        String post = digest((String) js("return document.getElementById('plot-post').toDataURL()"));
        String numbers = driver.findElement(By.id("accuracy")).getText() + "\n" + driver.findElement(By.id("kept")).getText();
        String strips = digest((String) js(
                "return [...document.querySelectorAll('#strips canvas')].map(c => c.toDataURL()).join()"));
        return new Shown(pre, post, numbers, strips);
    }

    static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void changingSliderCriterionDataSetAndAddingAPointRedrawsWithoutBrowserErrors() {
        driver.get(p.uri("/#dataset=moon&criterion=lrp&samples=5&seed=1&sigma=0.3&prune=0").toString());
        awaitRunsAfter(0);
        Shown first = shown();
        assertThat(driver.findElement(By.id("kept")).getText()).contains("of " + TestPlayground.WIDTH);
        assertThat(driver.findElement(By.id("cli")).getText()).startsWith("bin/lrp-pruning -d moon -c lrp -n 5 -s 1 -nt 0.3 --prune-count 0 ");
        assertThat(first.post()).isEqualTo(first.pre()); // nothing pruned yet
        assertThat(driver.findElement(By.id("acc-train-pre")).getText()).endsWith("%");

        // the slider to its end: all but one neuron pruned
        int n = runs();
        driver.findElement(By.id("prune")).sendKeys(Keys.END);
        awaitRunsAfter(n);
        Shown slid = shown();
        assertThat(driver.findElement(By.id("prune-out")).getText()).isEqualTo((3 * TestPlayground.WIDTH - 1) + " of "
                + 3 * TestPlayground.WIDTH);
        assertThat(slid.pre()).isEqualTo(first.pre());
        assertThat(slid.post()).isNotEqualTo(first.post());
        assertThat(slid.numbers()).isNotEqualTo(first.numbers());
        assertThat(slid.strips()).isNotEqualTo(first.strips()); // more neurons marked pruned

        n = runs();
        new Select(driver.findElement(By.id("criterion"))).selectByValue("grad");
        awaitRunsAfter(n);
        Shown grad = shown();
        assertThat(grad.strips()).isNotEqualTo(slid.strips());
        assertThat(driver.findElement(By.id("cli")).getText()).contains("-c grad");

        n = runs();
        driver.findElement(By.id("prune")).sendKeys(Keys.HOME);
        for (int i = 0; i < 20; i++) {
            driver.findElement(By.id("prune")).sendKeys(Keys.ARROW_RIGHT); // a drag: many requests, the last one wins
        }
        awaitRunsAfter(n);
        assertThat(driver.findElement(By.id("prune-out")).getText()).startsWith("20 of");
        assertThat(driver.findElement(By.id("cli")).getText()).contains("--prune-count 20 ");

        n = runs();
        new Select(driver.findElement(By.id("dataset"))).selectByValue("mult");
        awaitRunsAfter(n);
        Shown mult = shown();
        assertThat(mult.pre()).isNotEqualTo(grad.pre());
        assertThat(mult.post()).isNotEqualTo(grad.post());
        assertThat(mult.numbers()).isNotEqualTo(grad.numbers());
        assertThat(driver.findElements(By.cssSelector("#classes button"))).hasSize(4);
        assertThat(driver.findElement(By.id("cli")).getText()).contains("-d mult -c grad");

        // click on the plot: a reference point of class 2 joins, the scores move
        n = runs();
        driver.findElements(By.cssSelector("#classes button")).get(2).click();
        WebElement plot = driver.findElement(By.id("plot-post"));
        new Actions(driver).moveToElement(plot, 40, -30).click().perform();
        awaitRunsAfter(n);
        Shown clicked = shown();
        assertThat(driver.findElement(By.id("added")).getText()).isEqualTo("1 added");
        assertThat(clicked.strips()).isNotEqualTo(mult.strips());
        assertThat(clicked.pre()).isNotEqualTo(mult.pre()); // the added point is drawn
        assertThat(driver.findElement(By.id("cli-note")).getText()).contains("without the 1 added points");
        String link = driver.findElement(By.id("link")).getAttribute("href");
        assertThat(link).contains("dataset=mult", "criterion=grad", "prune=20", "points=");

        // the link restores the state in a fresh page
        driver.get("about:blank");
        driver.get(link);
        awaitRunsAfter(0);
        assertThat(new Select(driver.findElement(By.id("criterion"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("grad");
        assertThat(driver.findElement(By.id("added")).getText()).isEqualTo("1 added");
        assertThat(shown().strips()).isEqualTo(clicked.strips());

        // hovering a neuron of a strip names its score and rank
        WebElement strip = driver.findElement(By.id("strip-1"));
        new Actions(driver).moveToElement(strip, 5, 0).perform();
        assertThat(driver.findElement(By.id("tooltip")).getText()).matches("layer 2, neuron \\d+: score .+, rank \\d+ of "
                + 3 * TestPlayground.WIDTH + " \\(1 = lowest, pruned first\\); (pruned|kept)");

        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(errors).as(errors.stream().map(LogEntry::getMessage).collect(Collectors.joining("\n"))).isEmpty();
    }
}
