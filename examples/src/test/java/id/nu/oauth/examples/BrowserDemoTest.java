package id.nu.oauth.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
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
 * A person's walk through the demo in a real browser (headless Chromium, driven by Selenium):
 * open the demo client, choose the documented flow, sign in as the demo user, allow access on the
 * adapter's consent page, and arrive at the demo client's result page with an access token and the
 * verified id_token's claims; call userinfo; then the confidential client, with its JWT access
 * token decoded and an introspection; the consent page in English, Bahasa Indonesia and Arabic
 * (right to left) and the authorize error page in English and Bahasa Indonesia.
 * Screenshots of each page go to {@code examples/target/screenshots/}.
 *
 * <p>Chromium and chromedriver are Debian's packages ({@code apt-get install chromium
 * chromium-driver}; {@code .ci/run} installs them). Selenium is pointed at them explicitly, so
 * Selenium Manager never downloads anything. Without them this test fails, on purpose.
 */
class BrowserDemoTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @Test
    void aPersonSignsInAllowsAccessAndSeesTheAccessToken(@TempDir Path profile) throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("This browser test needs Debian's Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install chromium chromium-driver (.ci/run installs them)");
        }
        Files.createDirectories(SCREENSHOTS);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
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
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
                driver.get(demo.origin() + "/demo-client/");
                assertThat(driver.getTitle()).contains("Demo client");
                screenshot(driver, "1-demo-client.png");
                driver.findElement(By.xpath("//button[contains(., 'as demo-legacy')]")).click();

                wait.until(ExpectedConditions.urlContains("/login?return="));
                assertThat(driver.findElement(By.cssSelector("label[for=username]")).getText()).isEqualTo("Username");
                driver.findElement(By.id("username")).sendKeys(DemoPortal.DEMO_USERNAME);
                driver.findElement(By.id("password")).sendKeys(DemoPortal.DEMO_PASSWORD);
                screenshot(driver, "2-login.png");
                driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();

                WebElement allow = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.approve")));
                assertThat(driver.findElement(By.tagName("h1")).getText())
                        .contains("Demo client (documented NU.ID flow)");
                assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
                screenshot(driver, "3-consent.png");
                // the same page in the languages ui_locales asks for (OpenID Connect Core 1.0 §3.1.2.1)
                String consentUrl = driver.getCurrentUrl();
                driver.get(consentUrl + "&ui_locales=id");
                assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("id");
                assertThat(driver.findElement(By.cssSelector("button.approve")).getText()).isEqualTo("Izinkan");
                screenshot(driver, "3-consent-id.png");
                driver.get(consentUrl + "&ui_locales=ar");
                assertThat(driver.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("rtl");
                assertThat(driver.findElement(By.cssSelector("button.approve")).getText()).isEqualTo("سماح");
                screenshot(driver, "3-consent-ar.png");
                driver.get(consentUrl);
                allow = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.approve")));
                allow.click();

                WebElement token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("access-token")));
                assertThat(driver.getCurrentUrl()).startsWith(demo.origin() + "/demo-client/");
                assertThat(token.getText()).isNotBlank();
                assertThat(driver.findElement(By.tagName("main")).getText())
                        .contains("Exchange the code for tokens").contains("\"token_type\": \"Bearer\"");
                assertThat(driver.findElement(By.tagName("header")).getText()).contains("Signed in as Demo User");
                // the id_token, verified and decoded (OpenID Connect Core §3.1.3.7)
                assertThat(driver.findElement(By.id("id-token-verdict")).getText()).startsWith("✔ Verified");
                assertThat(driver.findElement(By.id("id-token-claims")).getText())
                        .contains("\"sub\": \"demo\"").contains("\"aud\": \"demo-legacy\"")
                        .contains("\"iss\": \"" + demo.origin() + "/api\"");
                screenshot(driver, "4-demo-client-result.png");

                // userinfo: the claims openid profile email release, and not the phone or address (§5.4)
                driver.findElement(By.xpath("//button[normalize-space()='Call userinfo']")).click();
                WebElement userinfo = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("userinfo")));
                assertThat(userinfo.getText()).contains("\"email\": \"demo.user@example.or.id\"")
                        .contains("\"given_name\": \"Demo\"").doesNotContain("phone_number").doesNotContain("address");
                fullPage(driver, "5-demo-client-id-token-and-userinfo.png", By.id("userinfo-card"));

                // the confidential client: a nonce in the id_token, a JWT access token (RFC 9068), introspection
                driver.findElement(By.xpath("//button[normalize-space()='Start over']")).click();
                wait.until(ExpectedConditions.elementToBeClickable(
                        By.xpath("//button[contains(., 'as demo-confidential')]"))).click();
                wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.approve"))).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("access-token-jwt-claims")));
                assertThat(driver.findElement(By.id("id-token-claims")).getText()).contains("\"nonce\": ");
                assertThat(driver.findElement(By.id("access-token-jwt-verdict")).getText()).startsWith("✔ Checked");
                driver.findElement(By.xpath("//button[normalize-space()='Call userinfo']")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("userinfo")));
                driver.findElement(By.xpath("//button[normalize-space()='Introspect']")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("section.step"), "\"active\": true"));
                fullPage(driver, "6-demo-client-jwt-access-token.png", By.id("access-token-jwt-card"));

                driver.get(demo.origin() + "/");
                assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("NU.ID authorization server demo");
                assertThat(driver.findElement(By.id("discovery")).getAttribute("href"))
                        .isEqualTo(demo.origin() + "/api/.well-known/openid-configuration");
                screenshot(driver, "7-home.png");

                // the authorize error page (RFC 6749 §4.1.2.1: an unknown client gets a page, not a
                // redirect) in the browser's English and in the Indonesian that ui_locales asks for
                String unknownClient = demo.origin() + "/api/oauth/authorize?response_type=code&client_id=nobody"
                        + "&redirect_uri=https%3A%2F%2Fapp.example%2Fcb";
                driver.get(unknownClient);
                assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("The request cannot be processed");
                assertThat(driver.findElement(By.tagName("main")).getText())
                        .contains("is not registered with this portal").contains("invalid_client: ");
                screenshot(driver, "8-error-en.png");
                driver.get(unknownClient + "&ui_locales=id");
                assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Permintaan tidak dapat diproses");
                assertThat(driver.findElement(By.tagName("main")).getText()).contains("tidak terdaftar di portal ini");
                screenshot(driver, "9-error-id.png");
            } finally {
                driver.quit();
                service.stop();
            }
        }
    }

    /**
     * OpenID Connect logout in the browser: the demo client's "Sign out of NU.ID" goes to the
     * portal's end-session endpoint with its id_token as the hint (RP-Initiated Logout 1.0 §2), comes
     * back to its registered post-logout URI with its state (§3), the portal's session is over, and
     * the client's back channel received a logout token that Nimbus verified (Back-Channel Logout 1.0
     * §2.6). Then, without a hint, the portal asks first (§2) and only the confirmation signs out.
     */
    @Test
    void aPersonSignsOutOfTheClientAndThePortalAndTheBackChannelIsTold(@TempDir Path profile) throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("This browser test needs Debian's Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER);
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
                driver.get(demo.origin() + "/demo-client/");
                driver.findElement(By.xpath("//button[contains(., 'as demo-confidential')]")).click();
                wait.until(ExpectedConditions.urlContains("/login?return="));
                driver.findElement(By.id("username")).sendKeys(DemoPortal.DEMO_USERNAME);
                driver.findElement(By.id("password")).sendKeys(DemoPortal.DEMO_PASSWORD);
                driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
                wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.approve"))).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("id-token-claims")));
                assertThat(driver.findElement(By.id("id-token-claims")).getText()).contains("\"sid\": ");
                assertThat(driver.findElement(By.id("backchannel-none")).getText()).isEqualTo("None yet.");

                driver.findElement(By.xpath("//button[normalize-space()='Sign out of NU.ID']")).click();
                WebElement signedOut = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-out")));
                assertThat(signedOut.getText()).isEqualTo("Signed out");
                assertThat(driver.getCurrentUrl()).startsWith(demo.origin() + "/demo-client/signed-out?state=");
                assertThat(driver.findElement(By.tagName("header")).getText()).contains("Sign in")
                        .doesNotContain("Signed in as");
                screenshot(driver, "10-signed-out.png");

                // the back channel: the logout token arrives off the user's request; reload until it is there
                WebElement verdict = null;
                for (int i = 0; i < 30 && verdict == null; i++) {
                    driver.get(demo.origin() + "/demo-client/");
                    List<WebElement> found = driver.findElements(By.id("backchannel-1-verdict"));
                    if (found.isEmpty()) {
                        Thread.sleep(500);
                    } else {
                        verdict = found.get(0);
                    }
                }
                assertThat(verdict).as("a back-channel logout token reached the demo client").isNotNull();
                assertThat(verdict.getText()).startsWith("✔ demo-confidential").contains("LogoutTokenValidator");
                assertThat(driver.findElement(By.id("backchannel-1-claims")).getText())
                        .contains("http://schemas.openid.net/event/backchannel-logout").contains("\"sid\": ")
                        .doesNotContain("nonce");
                fullPage(driver, "11-backchannel-logout.png", By.id("backchannel"));

                // without a hint the portal asks (RP-Initiated Logout 1.0 §2) and signs out only when confirmed
                driver.get(demo.origin() + "/login");
                driver.findElement(By.id("username")).sendKeys(DemoPortal.DEMO_USERNAME);
                driver.findElement(By.id("password")).sendKeys(DemoPortal.DEMO_PASSWORD);
                driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("header"), "Signed in as"));
                driver.get(demo.origin() + "/api/oauth/logout?ui_locales=en");
                assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Sign out?");
                screenshot(driver, "12-logout-confirmation.png");
                driver.findElement(By.cssSelector("button.approve")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "You are signed out"));
                driver.get(demo.origin() + "/");
                assertThat(driver.findElement(By.tagName("header")).getText()).doesNotContain("Signed in as");
            } finally {
                driver.quit();
                service.stop();
            }
        }
    }

    /** A screenshot of a window tall enough to show the page down to the bottom of {@code last}. */
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
