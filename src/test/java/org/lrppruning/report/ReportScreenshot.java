package org.lrppruning.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.lrppruning.testutil.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Takes the README's screenshot of a study's report page in headless Chromium, the whole page at a width of
 * {@code WIDTH} pixels (default 1280): {@code ReportScreenshot DIR/report.html OUT.png [WIDTH]}.
 */
public final class ReportScreenshot {
    private ReportScreenshot() {}

    public static void main(String[] args) throws Exception {
        int width = args.length > 2 ? Integer.parseInt(args[2]) : 1280;
        Path profile = Files.createTempDirectory("report-shot");
        WebDriver driver = HeadlessChromium.start(profile, width, 1000);
        try {
            driver.get(Path.of(args[0]).toAbsolutePath().toUri().toString());
            new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> !"pending".equals(
                    d.findElement(By.tagName("body")).getAttribute("data-figures")));
            long height = ((Number) ((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.scrollHeight")).longValue();
            driver.manage().window().setSize(new Dimension(width, (int) Math.min(height + 20, 16000)));
            Files.write(Path.of(args[1]), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.quit();
        }
    }
}
