package org.lrppruning.testutil;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/** Headless Chromium driven by chromedriver (Debian's chromium and chromium-driver, through Selenium) for page tests. */
public final class HeadlessChromium {
    /** Selenium's own logger would print (e.g. that it has no CDP bindings for this Chromium); tests stay quiet. */
    static final Logger SELENIUM = Logger.getLogger("org.openqa.selenium");

    private HeadlessChromium() {}

    /** A browser with its console log recorded; fails with how to install it when it is missing. */
    public static WebDriver start(Path profile, int width, int height) {
        SELENIUM.setLevel(Level.SEVERE);
        String browser = onPath("chromium", "chromium-browser", "google-chrome");
        String driverBinary = onPath("chromedriver");
        if (browser == null || driverBinary == null) {
            fail("headless Chromium with chromedriver not found on PATH: install them, e.g. on Debian: "
                    + "apt-get install -y chromium chromium-driver");
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary(browser);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profile, "--lang=en");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driverBinary)).usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    /** The browser console's errors (level SEVERE) since the last call, one line each. */
    public static List<String> consoleErrors(WebDriver driver) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage)
                .collect(Collectors.toList());
    }

    /** The first of {@code names} that is an executable on PATH, or null. */
    public static String onPath(String... names) {
        for (String name : names) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
                Path f = Path.of(dir, name);
                if (Files.isExecutable(f)) {
                    return f.toString();
                }
            }
        }
        return null;
    }
}
