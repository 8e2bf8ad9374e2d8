package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The strong client's walk-through in a real browser (headless Chromium, as in {@link BrowserDemoTest}):
 * a person starts it, the browser lands on the portal's login with an authorize URL that holds only
 * {@code client_id} and {@code request_uri} (RFC 9126 §4), signs in, consents, and sees each message
 * with its client assertion and DPoP proof decoded, the {@code use_dpop_nonce} retry (RFC 9449 §8) and
 * a DPoP-bound token; then userinfo with DPoP, the refused Bearer use (§7.2) and a refresh.
 * Screenshots go to {@code examples/target/screenshots/strong-*.png}.
 */
class BrowserStrongClientTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @Test
    void aPersonWalksDpopParAndPrivateKeyJwtStepByStep(@TempDir Path profile) throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("This browser test needs Debian's Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install chromium chromium-driver (.ci/run installs them)");
        }
        Files.createDirectories(SCREENSHOTS);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1100,1000",
                "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));

        try (RunningDemo demo = JettyDemo.start(new DemoOptions(0, "/api", null), DemoConfig.builtIn())) {
            WebDriver driver = new ChromeDriver(service, options);
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                driver.get(demo.origin() + "/");
                driver.findElement(By.id("strong-client")).click();
                wait.until(ExpectedConditions.urlToBe(demo.origin() + "/strong-client/"));
                assertThat(driver.findElement(By.tagName("h1")).getText())
                        .isEqualTo("Strong demo client: DPoP + PAR + private_key_jwt");
                screenshot(driver, "strong-1-start.png");
                driver.findElement(By.xpath("//button[contains(., 'as demo-strong')]")).click();

                wait.until(ExpectedConditions.urlContains("/login?return="));
                // the way back after login is the authorize request with only client_id and request_uri
                String returnTo = java.net.URLDecoder.decode(driver.getCurrentUrl().replaceFirst("^.*return=", ""),
                        java.nio.charset.StandardCharsets.UTF_8);
                assertThat(returnTo).startsWith("/api/oauth/authorize?client_id=demo-strong&request_uri=urn")
                        .doesNotContain("scope=").doesNotContain("redirect_uri=").doesNotContain("state=");
                driver.findElement(By.id("username")).sendKeys(DemoPortal.DEMO_USERNAME);
                driver.findElement(By.id("password")).sendKeys(DemoPortal.DEMO_PASSWORD);
                driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
                WebElement allow = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.approve")));
                assertThat(driver.findElement(By.tagName("h1")).getText()).contains(StrongClient.NAME);
                screenshot(driver, "strong-2-consent.png");
                allow.click();

                WebElement type = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("strong-token-type")));
                assertThat(type.getText()).isEqualTo("DPoP");
                assertThat(driver.findElement(By.id("strong-access-token")).getText()).contains("… (masked,");
                assertThat(driver.findElement(By.id("strong-step-1-request")).getText())
                        .startsWith("POST " + demo.origin() + "/api/oauth/par");
                assertThat(driver.findElement(By.id("strong-step-1-jwt-1-claims")).getText())
                        .contains("\"sub\": \"demo-strong\"");
                assertThat(driver.findElement(By.id("strong-step-1-jwt-2-header")).getText())
                        .contains("\"typ\": \"dpop+jwt\"");
                assertThat(driver.findElement(By.id("strong-step-1-response")).getText()).startsWith("HTTP 201");
                assertThat(driver.findElement(By.id("strong-step-4")).getText())
                        .contains("the server asks for its nonce").contains("use_dpop_nonce");
                assertThat(driver.findElement(By.id("strong-step-5-jwt-2-claims")).getText()).contains("\"nonce\": ");
                assertThat(driver.findElement(By.id("strong-step-5-response")).getText())
                        .contains("\"token_type\": \"DPoP\"");
                fullPage(driver, "strong-3-tokens.png", By.id("strong-step-5"));

                driver.findElement(By.xpath("//button[normalize-space()='Call userinfo with DPoP']")).click();
                WebElement userinfo = wait.until(ExpectedConditions.visibilityOfElementLocated(
                        By.id("strong-step-6-response")));
                assertThat(userinfo.getText()).startsWith("HTTP 200").contains("\"sub\": \"demo\"");
                assertThat(driver.findElement(By.id("strong-step-6-jwt-1-claims")).getText()).contains("\"ath\": ");

                driver.findElement(By.xpath("//button[normalize-space()='Try the token as a Bearer token']")).click();
                WebElement bearer = wait.until(ExpectedConditions.visibilityOfElementLocated(
                        By.id("strong-step-7-response")));
                assertThat(bearer.getText()).startsWith("HTTP 401");

                driver.findElement(By.xpath("//button[normalize-space()='Refresh with a new proof']")).click();
                WebElement refreshed = wait.until(ExpectedConditions.visibilityOfElementLocated(
                        By.id("strong-step-8-response")));
                assertThat(refreshed.getText()).startsWith("HTTP 200").contains("\"token_type\": \"DPoP\"");
                assertThat(driver.findElements(By.cssSelector("section.step .tag"))).isEmpty(); // nothing failed
                fullPage(driver, "strong-4-userinfo-bearer-refresh.png", By.id("strong-step-8"));
            } finally {
                driver.quit();
                service.stop();
            }
        }
    }

    private static void fullPage(WebDriver driver, String name, By last) throws Exception {
        Dimension before = driver.manage().window().getSize();
        WebElement element = driver.findElement(last);
        int bottom = element.getLocation().getY() + element.getSize().getHeight() + 200;
        driver.manage().window().setSize(new Dimension(before.getWidth(), Math.max(before.getHeight(), bottom)));
        try {
            screenshot(driver, name);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    private static void screenshot(WebDriver driver, String name) throws Exception {
        File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
