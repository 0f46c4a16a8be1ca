package org.lrppruning.workbench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.lrppruning.testutil.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Takes the README's screenshot of a running workbench in headless Chromium once its curves are done, with the
 * tooltip of one unit shown: {@code WorkbenchScreenshot URL OUT.png}.
 */
public final class WorkbenchScreenshot {
    private WorkbenchScreenshot() {}

    public static void main(String[] args) throws Exception {
        Path profile = Files.createTempDirectory("workbench-shot");
        WebDriver driver = HeadlessChromium.start(profile, 1400, 1750);
        try {
            driver.get(args[0]);
            JavascriptExecutor js = (JavascriptExecutor) driver;
            new WebDriverWait(driver, Duration.ofMinutes(15)).until(d ->
                    ((Number) js.executeScript("return Number(document.body.dataset.heatmaps)")).intValue() > 0
                    && d.findElement(By.id("curve-state")).getText().contains("done"));
            new Actions(driver).moveToElement(driver.findElement(By.id("strip-1")), 40, 0).perform();
            Files.write(Path.of(args[1]), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.quit();
        }
    }
}
