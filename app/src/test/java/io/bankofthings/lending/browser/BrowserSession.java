package io.bankofthings.lending.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.ConsoleMessage;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One signed-in user in the installed headless Chromium ({@code /usr/bin/chromium}; Playwright downloads no browser).
 * Collects every console error and uncaught page error; {@link #close()} fails the test when one was not expected.
 * Screenshots go to {@code app/target/screenshots/}.
 */
final class BrowserSession implements AutoCloseable {

    static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("LENDING_CHROMIUM", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Paths.get(System.getProperty("lending.screenshots", "target/screenshots"));
    /** Flags without which Chromium stalls on a closed network. */
    static final List<String> CHROMIUM_FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage");

    private static Playwright playwright;
    private static Browser browser;

    private final BrowserContext context;
    private final List<String> errors = new ArrayList<>();
    private final List<Pattern> expected = new ArrayList<>();
    final Page page;
    final String baseUrl;
    private final String name;

    private BrowserSession(String baseUrl, String name) {
        this.baseUrl = baseUrl;
        this.name = name;
        this.context = browser().newContext(new Browser.NewContextOptions().setViewportSize(1440, 1000).setLocale("en-GB"));
        this.page = context.newPage();
        page.setDefaultTimeout(20_000);
        page.onConsoleMessage(this::console);
        page.onPageError(error -> errors.add("page error: " + error));
    }

    static synchronized Browser browser() {
        if (browser == null) {
            assertThat(CHROMIUM).as("Chromium (apt-get install -y chromium)").isExecutable();
            playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(CHROMIUM_FLAGS));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                browser.close();
                playwright.close();
            }));
        }
        return browser;
    }

    /** Opens the application, follows the redirect to the real Keycloak login page and signs in. */
    static BrowserSession signedIn(String baseUrl, String username) {
        var session = new BrowserSession(baseUrl, username);
        var page = session.page;
        page.navigate(baseUrl + "/");
        page.waitForSelector("#kc-form-login");
        assertThat(page.url()).as("the login page is Keycloak's").contains("/realms/lending/protocol/openid-connect/auth");
        page.fill("#username", username);
        page.fill("#password", username + "-pw");
        page.click("#kc-login");
        try {
            page.waitForURL(url -> url.startsWith(baseUrl));
        } catch (RuntimeException e) {
            session.screenshot("login-failed");
            throw new AssertionError("Signing in as " + username + " did not come back to " + baseUrl + "; the browser is at "
                    + page.url() + " showing: " + page.textContent("body").strip(), e);
        }
        assertThat(page.textContent("#username")).isEqualTo(username);
        return session;
    }

    /** Allows console errors matching the pattern from now on, e.g. the 4xx of a request the test expects to fail. */
    void expectConsoleError(String regex) {
        expected.add(Pattern.compile(regex));
    }

    Path screenshot(String step) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Path file = SCREENSHOTS.resolve(name + "-" + step + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    private void console(ConsoleMessage message) {
        if (message.type().equals("error") && expected.stream().noneMatch(p -> p.matcher(message.text()).find())) {
            errors.add("console error at " + message.location() + ": " + message.text());
        }
    }

    @Override
    public void close() {
        context.close();
        assertThat(errors).as("browser console errors of %s", name).isEmpty();
    }
}
