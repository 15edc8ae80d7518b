package io.berth.deploy.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
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
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in Debian's headless Chromium, driven by Selenium through Debian's chromedriver, against the
 * three-node cluster of the multi-host guide ({@link ClusterPlatform}): the page shows the three nodes, a
 * container started with the docker CLI appears within 2 s without a reload (with the node it runs on), its page
 * shows its logs and a memory sparkline fetched across the bridge, and stopping it changes its state on the page.
 * A screenshot of each step goes to {@code target/dashboard-shots/}.
 */
@E2e(E2e.Layout.CLUSTER)
class DashboardIT {
    private static final Duration LIVE_LIMIT = Duration.ofSeconds(2);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};
    private static ClusterPlatform platform;
    private static DockerCli docker;
    private static MadeContainers made;
    private static WebDriver browser;
    private static Path profile;
    private static final String NAME = "dash-" + UUID.randomUUID().toString().substring(0, 8);

    /** On a failure, the page as it was then: {@code target/dashboard-shots/failed.png}. */
    @RegisterExtension
    static final TestWatcher SHOT_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            try {
                screenshot("failed");
            } catch (IOException | RuntimeException | AssertionError e) {
                System.err.println("dashboard: no screenshot of the failure: " + e);
            }
        }
    };

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
        if (profile != null) {
            LauncherProcess.deleteRoot(profile, "the browser profile");
        }
    }

    @Test
    void threeNodesThenALiveContainerThenItsStop() throws Exception {
        browser.get(platform.apiUrl() + "/berth/ui/");
        WebDriverWait wait = waitUpTo(Duration.ofSeconds(30));
        wait.until(b -> !b.findElements(By.cssSelector("#live.on")).isEmpty());
        // another class may have just brought a killed node back: give it the time a rejoin takes
        waitUpTo(Duration.ofSeconds(90)).withMessage("the three nodes, ready").until(b -> {
            List<String> ready = b.findElements(By.cssSelector("#nodes .node[data-state='ready']")).stream()
                    .map(n -> n.getAttribute("data-node")).sorted().toList();
            return ready.equals(List.of("node-1", "node-2", "node-3"));
        });
        for (int n = 1; n <= ClusterPlatform.NODES; n++) {
            WebElement node = browser.findElement(By.cssSelector("#nodes .node[data-node='"
                    + ClusterPlatform.nodeId(n) + "']"));
            assertTrue(node.getText().contains("memory"), node.getText());
        }
        screenshot("1-three-nodes");

        DockerCli.Result run = docker.run("run", "-d", "--name", NAME, "busybox", "sh", "-c",
                "echo hello-from-" + NAME + "; sleep 300");
        made.add(NAME);
        assertTrue(run.ok(), run.toString());
        long ran = System.nanoTime();
        By row = By.cssSelector("#containers tr[data-name='" + NAME + "']");
        waitUpTo(LIVE_LIMIT).withMessage(NAME + " shown as running within " + LIVE_LIMIT.toMillis()
                + " ms of docker run, without a reload").until(b -> b.findElements(row).stream()
                .anyMatch(r -> "running".equals(r.getAttribute("data-state"))));
        long appearedMs = (System.nanoTime() - ran) / 1_000_000;
        System.out.println("dashboard: " + NAME + " appeared as running " + appearedMs + " ms after docker run returned");
        String node = made.inspect(NAME, "{{.Node.Name}}");
        waitUpTo(Duration.ofSeconds(5)).withMessage("the row names " + node + ", where " + NAME + " runs")
                .until(b -> b.findElements(row).stream()
                        .anyMatch(r -> node.equals(r.findElements(By.tagName("td")).get(1).getText())));
        waitUpTo(Duration.ofSeconds(5)).withMessage("no started event in the feed").until(b -> b.findElements(
                By.cssSelector("#feed li[data-type='berth.container.started']")).stream()
                .anyMatch(li -> li.getText().contains(NAME)));
        screenshot("2-running");

        browser.findElement(By.cssSelector("#containers tr[data-name='" + NAME + "'] a")).click();
        wait.until(b -> b.findElement(By.id("c-logs")).getText().contains("hello-from-" + NAME));
        // three samples make a line one can see; each is a real reading from the node's cgroup, across the bridge
        waitUpTo(Duration.ofSeconds(30)).withMessage("three memory samples, not zero").until(b -> b.findElement(By.cssSelector(
                "#mem-spark polyline")).getAttribute("points").split(" ").length >= 3
                && !b.findElement(By.id("mem-now")).getText().matches("0 [KM]iB|"));
        screenshot("3-container-page");

        browser.navigate().to(platform.apiUrl() + "/berth/ui/#/");
        wait.until(b -> !b.findElements(row).isEmpty());
        assertTrue(docker.run("stop", "-t", "1", NAME).ok());
        waitUpTo(Duration.ofSeconds(5)).withMessage(NAME + " shown as exited after docker stop")
                .until(b -> b.findElements(row).stream().anyMatch(r -> "exited".equals(r.getAttribute("data-state"))));
        screenshot("4-stopped");
    }

    /** A wait that reads elements again when the page re-rendered the one it held (live updates redraw rows). */
    private static WebDriverWait waitUpTo(Duration limit) {
        WebDriverWait wait = new WebDriverWait(browser, limit);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Saves the page as {@code target/dashboard-shots/<step>.png} and checks a PNG was written. */
    private static void screenshot(String step) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path dir = Files.createDirectories(Path.of(System.getProperty("berth.target", "target"), "dashboard-shots"));
        Path target = dir.resolve(step + ".png");
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        byte[] head = Arrays.copyOf(Files.readAllBytes(target), PNG.length);
        assertArrayEquals(PNG, head, target + " is a PNG");
        System.out.println("dashboard screenshot: " + target.toAbsolutePath() + " (" + Files.size(target) + " bytes)");
    }
}
