package io.berth.deploy.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in Debian's headless Chromium, driven by Selenium through Debian's chromedriver: the page shows the
 * platform's node, a container started with the docker CLI appears within 2 s without a reload, its page shows its
 * logs, and stopping it changes its state on the page. Screenshots of each step go to {@code target/dashboard-*.png}.
 */
@E2e
class DashboardIT {
    private static Platform platform;
    private static DockerCli docker;
    private static WebDriver browser;
    private static Path profile;
    private static final String NAME = "dash-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void open() throws IOException {
        profile = Files.createTempDirectory("berth-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void close() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (docker != null) {
            docker.run("rm", "-f", NAME);
        }
        if (profile != null) {
            LauncherProcess.deleteRoot(profile, "the browser profile");
        }
    }

    @Test
    void nodesThenALiveContainerThenItsStop() throws Exception {
        browser.get(platform.apiUrl() + "/berth/ui/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(b -> !b.findElements(By.cssSelector("#live.on")).isEmpty());
        WebElement node = wait.until(b -> b.findElements(By.cssSelector("#nodes .node[data-node='"
                + platform.nodeId() + "']")).stream().findFirst().orElse(null));
        assertEquals("ready", node.getAttribute("data-state"));
        assertTrue(node.getText().contains("memory"), node.getText());
        screenshot("1-nodes");

        DockerCli.Result run = docker.run("run", "-d", "--name", NAME, "busybox", "sh", "-c",
                "echo hello-from-" + NAME + "; sleep 300");
        assertTrue(run.ok(), run.toString());
        long ran = System.nanoTime();
        By row = By.cssSelector("#containers tr[data-name='" + NAME + "']");
        new WebDriverWait(browser, Duration.ofSeconds(2)).until(b -> b.findElements(row).stream()
                .anyMatch(r -> "running".equals(r.getAttribute("data-state"))));
        long appearedMs = (System.nanoTime() - ran) / 1_000_000;
        System.out.println("dashboard: " + NAME + " appeared as running " + appearedMs + " ms after docker run returned");
        List<WebElement> feed = browser.findElements(By.cssSelector("#feed li[data-type='berth.container.started']"));
        assertTrue(feed.stream().anyMatch(li -> li.getText().contains(NAME)), "no started event in the feed");
        screenshot("2-running");

        browser.findElement(By.cssSelector("#containers tr[data-name='" + NAME + "'] a")).click();
        wait.until(b -> b.findElement(By.id("c-logs")).getText().contains("hello-from-" + NAME));
        wait.until(b -> !b.findElement(By.cssSelector("#mem-spark polyline")).getAttribute("points").isEmpty());
        screenshot("3-container-page");

        browser.navigate().to(platform.apiUrl() + "/berth/ui/#/");
        wait.until(b -> !b.findElements(row).isEmpty());
        assertTrue(docker.run("stop", "-t", "1", NAME).ok());
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(b -> b.findElements(row).stream()
                .anyMatch(r -> "exited".equals(r.getAttribute("data-state"))));
        screenshot("4-stopped");
    }

    private static void screenshot(String step) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of(System.getProperty("berth.target", "target"), "dashboard-" + step + ".png");
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("dashboard screenshot: " + target.toAbsolutePath());
    }
}
