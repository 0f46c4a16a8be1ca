package org.lrppruning.playground;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Takes the README's screenshot of a running playground in headless Chromium, one slider step after
 * the state the URL names (after '#'), with the tooltip of one neuron shown:
 * {@code PlaygroundScreenshot URL OUT.png}.
 */
public final class PlaygroundScreenshot {
    private PlaygroundScreenshot() {}

    static void awaitRuns(WebDriver driver, int runs) {
        new WebDriverWait(driver, Duration.ofMinutes(10)).until(d -> {
            JavascriptExecutor js = (JavascriptExecutor) d;
            return ((Number) js.executeScript("return Number(document.body.dataset.runs || 0)")).intValue() >= runs
                    && "0".equals(js.executeScript("return document.body.dataset.busy"));
        });
    }

    public static void main(String[] args) throws Exception {
        PlaygroundPageTest.SELENIUM.setLevel(Level.SEVERE);
        Path profile = Files.createTempDirectory("playground-shot");
        WebDriver driver = PlaygroundPageTest.chromium(profile, 1400, 1180);
        try {
            driver.get(args[0]);
            awaitRuns(driver, 1);
            // one step of the slider: the timing shown is then a warm server's, not the first request's
            driver.findElement(By.id("prune")).sendKeys(Keys.ARROW_RIGHT);
            awaitRuns(driver, 2);
            new Actions(driver).moveToElement(driver.findElement(By.id("strip-1")), -200, 0).perform();
            Files.write(Path.of(args[1]), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.quit();
        }
    }
}
