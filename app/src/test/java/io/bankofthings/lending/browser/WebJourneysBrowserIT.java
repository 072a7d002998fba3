package io.bankofthings.lending.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.bankofthings.lending.loan.Applicant;
import io.bankofthings.lending.loan.ApplicantType;
import io.bankofthings.lending.loan.BoundDevice;
import io.bankofthings.lending.loan.CollateralKind;
import io.bankofthings.lending.loan.CollateralSite;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.loan.RepaymentType;
import java.time.LocalDate;
import io.bankofthings.lending.loan.LoanApplicationService;
import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.loan.LoanStatus;
import io.bankofthings.lending.loan.NewLoanApplication;
import io.bankofthings.lending.web.audit.AuditEvent;
import io.bankofthings.lending.web.audit.AuditLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Each role's main journey in a real browser (headless Chromium) against the whole application and the real
 * Keycloak started by {@code ./lending test}: the user signs in on Keycloak's login page, then works through the pages.
 *
 * <p>The application listens on {@code LENDING_BROWSER_TEST_PORT} (default 8080) because the realm's lending-web
 * client only accepts redirects to that port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class WebJourneysBrowserIT {

    static final String KEYCLOAK = System.getenv().getOrDefault("LENDING_KEYCLOAK_URL", "http://127.0.0.1:18080");
    static final int PORT = Integer.parseInt(System.getenv().getOrDefault("LENDING_BROWSER_TEST_PORT", "8080"));
    static final String BASE = "http://127.0.0.1:" + PORT;

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        io.bankofthings.lending.EmbeddedDefaultsAccess.register(registry);
        registry.add("server.port", () -> PORT);
        registry.add("lending.keycloak.url", () -> KEYCLOAK);
    }

    @BeforeAll
    static void keycloakIsUp() throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(KEYCLOAK + "/realms/lending")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).as("realm lending at %s (start it with infra/keycloak.sh start)", KEYCLOAK).isEqualTo(200);
    }

    @Autowired LoanApplicationService loans;
    @Autowired LoanApplications applications;
    @Autowired AuditLog audit;

    @Test
    void borrowerAppliesAndFollowsTheStatus() {
        try (var bob = BrowserSession.signedIn(BASE, "bob")) {
            Page page = bob.page;
            page.click("text=Apply for a loan");
            page.selectOption("#applicantType", "NATURAL_PERSON");
            page.fill("#applicantName", "Bob Builder");
            page.fill("#birthDate", "1980-05-17");
            page.fill("#nationalId", "T22000129");
            page.fill("#country", "DE");
            page.fill("#amount", "12000.00");
            page.fill("#currency", "EUR");
            page.fill("#termMonths", "24");
            page.fill("#purpose", "Cold room for the shop");
            page.selectOption("#collateralKind", "EQUIPMENT");
            page.fill("#collateralDescription", "Walk-in freezer");
            page.fill("#assetIdentifier", "FRZ-" + java.util.UUID.randomUUID().toString().substring(0, 8));
            page.fill("#collateralValue", "40000.00");
            page.fill("#siteAddress", "Marktplatz 3, Munich");
            page.fill("#siteLatitude", "48.137");
            page.fill("#siteLongitude", "11.575");
            page.fill("#siteRadius", "300");
            // freezer-12 is a demo device (lending.collateral.seed-demo-devices) reporting from that site
            page.fill("#deviceId", "freezer-12");
            page.selectOption("#deviceType", "EQUIPMENT_MONITOR");
            bob.screenshot("1-application-form");
            page.click("#apply button[type=submit]");
            page.waitForURL(Pattern.compile(".*/loans/L-.*"));
            String loanId = page.url().substring(page.url().lastIndexOf('/') + 1);

            Instant deadline = Instant.now().plusSeconds(90);
            while (!page.textContent("#status").equals("OFFERED") && Instant.now().isBefore(deadline)) {
                page.waitForTimeout(500);
                page.reload();
            }
            assertThat(page.textContent("#status")).isEqualTo("OFFERED");
            bob.screenshot("2-offer");
            page.click("#accept-offer");
            deadline = Instant.now().plusSeconds(90);
            while (!page.textContent("#status").equals("DISBURSED") && Instant.now().isBefore(deadline)) {
                page.waitForTimeout(500);
                page.reload();
            }
            assertThat(page.textContent("#status")).isEqualTo("DISBURSED");
            assertThat(page.textContent("#timeline")).contains("SUBMITTED").contains("APPROVED").contains("OFFERED")
                    .contains("LIEN_REGISTERED").contains("DISBURSED");
            assertThat(page.textContent("#schedule")).contains("Repayment schedule");
            bob.screenshot("2-application-disbursed");

            // a repayment from the page: an error in place first, then the booking and the new balance
            String outstanding = page.textContent("#outstanding");
            page.fill("#repayment-amount", "0");
            page.click("#repay");
            assertThat(page.textContent("#repayment-amount-error")).contains("must be positive");
            page.fill("#repayment-amount", "100.00");
            page.click("#repay");
            assertThat(page.textContent("#notice")).startsWith("Repayment booked: 100.00 EUR");
            assertThat(page.textContent("#outstanding")).isNotEqualTo(outstanding);
            bob.screenshot("2-repayment-booked");

            page.click("text=My applications");
            assertThat(page.textContent("#applications")).contains(loanId);
        }
    }

    @Test
    void analystRenamesATaskDeploysANewVersionAndAnInvalidUploadIsRefused() throws Exception {
        try (var anna = BrowserSession.signedIn(BASE, "anna")) {
            Page page = anna.page;
            page.click("#nav-modeler");
            page.click("text=chattel-mortgage-loan.bpmn");
            page.waitForSelector("#modeler-page[data-ready=true]");
            assertThat(page.textContent("#message")).isEqualTo("Opened chattel-mortgage-loan.bpmn.");
            anna.screenshot("1-modeler-opened");

            // rename the review task in the properties panel
            page.click("g.djs-element[data-element-id=UnderwriterReviewTask]");
            page.click("[data-group-id=group-general] .bio-properties-panel-group-header");
            page.waitForSelector("#bio-properties-panel-name");
            page.fill("#bio-properties-panel-name", "Review referred loan");
            page.waitForSelector("#dirty:not([hidden])");
            page.fill("#comment", "clearer name for the underwriter task");

            page.click("#check");
            page.waitForFunction("document.getElementById('message').textContent.startsWith('No errors')");
            page.click("#deploy");
            page.waitForFunction("document.getElementById('message').textContent.startsWith('Deployed')");
            String deployed = page.textContent("#message");
            assertThat(deployed).matches("Deployed chattel-mortgage-loan as engine version \\d+\\.");
            int engineVersion = Integer.parseInt(deployed.replaceAll("\\D+", ""));
            assertThat(engineVersion).isGreaterThanOrEqualTo(2);
            assertThat(page.textContent("#deployments tbody tr:first-child")).startsWith(String.valueOf(engineVersion)).contains("anna");
            assertThat(page.textContent("#versions tbody tr:first-child")).contains("anna").contains("clearer name");
            assertThat(page.isHidden("#dirty")).isTrue();
            anna.screenshot("2-modeler-deployed");

            // an invalid file: the score task lost its job type
            Path invalid = Files.createTempDirectory("upload").resolve("chattel-mortgage-loan.bpmn");
            String xml = new String(getClass().getResourceAsStream("/models/chattel-mortgage-loan.bpmn").readAllBytes(),
                    StandardCharsets.UTF_8);
            Files.writeString(invalid, xml.replace("<zeebe:taskDefinition type=\"score-applicant\" retries=\"3\" />", ""));
            anna.expectConsoleError("status of 422");
            page.setInputFiles("#upload", invalid);
            page.waitForFunction("document.getElementById('message').textContent.startsWith('Upload refused')");
            assertThat(page.textContent("#message")).startsWith("Upload refused (422): Model chattel-mortgage-loan.bpmn has 1 error");
            assertThat(page.textContent("#findings")).contains("ScoreApplicantTask");
            assertThat(page.isVisible("g.djs-element.has-finding[data-element-id=ScoreApplicantTask]")).isTrue();
            anna.screenshot("3-modeler-invalid-upload");

            // the refused upload changed nothing: the deployed version is still the latest saved one
            page.reload();
            page.waitForSelector("#modeler-page[data-ready=true]");
            assertThat(page.textContent("#deployments tbody tr:first-child")).startsWith(String.valueOf(engineVersion));
            assertThat(audit.about("MODEL", "chattel-mortgage-loan.bpmn"))
                    .extracting(AuditEvent::actor, AuditEvent::action, AuditEvent::outcome)
                    .contains(org.assertj.core.groups.Tuple.tuple("anna", "MODEL_DEPLOY", AuditEvent.DONE),
                            org.assertj.core.groups.Tuple.tuple("anna", "MODEL_SAVE", AuditEvent.REFUSED));
        }
    }

    @Test
    void underwriterRejectsAReferredApplication() {
        // harvester-9 is a demo GPS tracker at the Berlin farm: a large, long loan scores 600 and is referred
        var referred = loans.submit(new NewLoanApplication("carol-subject", "carol",
                new Applicant(ApplicantType.NATURAL_PERSON, "Carol Farmer", LocalDate.of(1975, 8, 1), "C77001234", null, null, "DE"),
                30_000_000, "EUR", 72, "harvester", RepaymentType.ANNUITY,
                List.of(new NewLoanApplication.NewCollateral(CollateralKind.VEHICLE, "Combine harvester",
                        "VIN-" + java.util.UUID.randomUUID().toString().substring(0, 8), 90_000_000,
                        new CollateralSite("Feldweg 9, Berlin", 52.52, 13.405, 500),
                        List.of(new BoundDevice("harvester-9", DeviceType.GPS_TRACKER))))));
        String loanId = referred.loanId();
        assertThat(awaitStatus(loanId, Set.of(LoanStatus.REFERRED))).isEqualTo(LoanStatus.REFERRED);

        try (var uma = BrowserSession.signedIn(BASE, "uma")) {
            Page page = uma.page;
            page.click("#nav-underwriting");
            page.click("text=" + loanId);
            assertThat(page.textContent("#factors")).contains("entityCredit");
            assertThat(page.textContent("#collateral")).contains("Combine harvester");
            uma.screenshot("1-decision-form");

            page.check("#reject");
            page.fill("#reason", "Telemetry shows the harvester idle for months");
            page.click("#submit-decision");
            page.waitForSelector("#notice");
            assertThat(page.textContent("#notice")).contains(loanId).contains("REJECT");
            uma.screenshot("2-decision-sent");
        }
        assertThat(awaitStatus(loanId, Set.of(LoanStatus.REJECTED, LoanStatus.OFFERED))).isEqualTo(LoanStatus.REJECTED);
        assertThat(applications.find(loanId).orElseThrow().decidedBy()).isEqualTo("uma");
    }

    @Test
    void ownerRegistersAThingAndGivesItAGrant() {
        String serial = "bob" + java.util.UUID.randomUUID().toString().substring(0, 8);
        try (var bob = BrowserSession.signedIn(BASE, "bob")) {
            Page page = bob.page;
            page.click("#nav-things");
            page.selectOption("#ownerType", "PERSON");
            page.selectOption("#kind", "VEHICLE");
            page.fill("#serial", serial);
            page.fill("#displayName", "Bob's van");
            page.click("#register button[type=submit]");
            page.waitForSelector("#credential");
            assertThat(page.textContent("#credential")).matches("tsk_[A-Za-z0-9_-]{43}");
            bob.screenshot("1-thing-registered");

            page.click("#to-thing");
            page.fill("#counterparties", "ionity-berlin");
            page.fill("#maxPerTransaction", "not a number");
            page.click("#grant button[type=submit]");
            assertThat(page.textContent("[data-field=maxPerTransaction]")).isNotBlank();
            bob.screenshot("2-grant-invalid");

            page.fill("#maxPerTransaction", "40.00");
            page.fill("#dailyLimit", "80.00");
            page.click("#grant button[type=submit]");
            page.waitForSelector("#notice");
            // 80.00 a day is up to 2,480.00 a month: the risk table asks the owner to confirm
            Instant asked = Instant.now().plusSeconds(90);
            while (page.querySelector("#confirm") == null && Instant.now().isBefore(asked)) {
                page.waitForTimeout(500);
                page.reload();
            }
            bob.screenshot("3-grant-to-confirm");
            page.click("#confirm");
            page.waitForSelector("#notice");
            Instant deadline = Instant.now().plusSeconds(90);
            while (!page.textContent(".grant-state").equals("AUTHORIZED") && Instant.now().isBefore(deadline)) {
                page.waitForTimeout(500);
                page.reload();
            }
            assertThat(page.textContent(".grant-state")).isEqualTo("AUTHORIZED");
            assertThat(page.textContent("[data-period=DAY] .left")).isEqualTo("80.00 EUR");
            bob.screenshot("4-grant-authorized");

            page.click("#revoke");
            page.waitForSelector("#notice");
            assertThat(page.textContent(".grant-state")).isEqualTo("REVOKED");
            bob.screenshot("5-grant-revoked");
        }
    }

    @Autowired io.camunda.client.CamundaClient client;
    @Autowired io.bankofthings.lending.readmodel.ProcessInstances instances;

    @Test
    void operatorFindsAnIncidentOnTheDiagramAndRetriesIt() throws Exception {
        String processId = "ops-browser-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String jobType = processId + "-work";
        client.newDeployResourceCommand().addProcessModel(io.camunda.zeebe.model.bpmn.Bpmn.createExecutableProcess(processId)
                        .startEvent("Start").serviceTask("Work", t -> t.zeebeJobType(jobType).zeebeJobRetries("1"))
                        .endEvent("End").done(), processId + ".bpmn")
                .send().join();
        String loanId = "L-" + java.util.UUID.randomUUID();
        long key = client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
                .variables(java.util.Map.of("loanId", loanId)).send().join().getProcessInstanceKey();
        Instant deadline = Instant.now().plusSeconds(30);
        List<io.camunda.client.api.response.ActivatedJob> jobs = List.of();
        while (jobs.isEmpty() && Instant.now().isBefore(deadline)) {
            jobs = client.newActivateJobsCommand().jobType(jobType).maxJobsToActivate(1).send().join().getJobs();
        }
        assertThat(jobs).hasSize(1);
        client.newFailCommand(jobs.getFirst().getKey()).retries(0).errorMessage("core banking timeout").send().join();
        while (instances.incidents(key).stream().noneMatch(i -> i.active()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }

        try (var otto = BrowserSession.signedIn(BASE, "otto")) {
            Page page = otto.page;
            page.click("#nav-operations");
            page.fill("input[name=businessKey]", loanId);
            page.click("#filters button[type=submit]");
            page.click("text=" + key);
            page.waitForSelector("#diagram[data-ready=true]");
            assertThat(page.isVisible("g.djs-element.incident[data-element-id=Work]")).isTrue();
            assertThat(page.isVisible("g.djs-element.completed[data-element-id=Start]")).isTrue();
            assertThat(page.textContent("#incidents")).contains("core banking timeout");
            otto.screenshot("1-instance-with-incident");

            page.fill(".retry input[name=reason]", "core banking is back");
            page.click(".retry button[type=submit]");
            page.waitForSelector("#notice");
            assertThat(page.textContent("#notice")).contains("resolved");
            assertThat(page.textContent("#operator-actions")).contains("otto").contains("RETRY_INCIDENT");
            otto.screenshot("2-incident-retried");
        }
        var retried = client.newActivateJobsCommand().jobType(jobType).maxJobsToActivate(1).send().join().getJobs();
        assertThat(retried).hasSize(1);
        client.newCompleteCommand(retried.getFirst().getKey()).send().join();
    }

    private LoanStatus awaitStatus(String loanId, Set<LoanStatus> wanted) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        LoanStatus status;
        do {
            status = applications.find(loanId).orElseThrow().status();
            if (wanted.contains(status)) {
                return status;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (Instant.now().isBefore(deadline));
        return status;
    }
}
