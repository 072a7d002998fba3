package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.bankofthings.lending.loan.Applicant;
import io.bankofthings.lending.loan.ApplicantType;
import io.bankofthings.lending.loan.BoundDevice;
import io.bankofthings.lending.loan.CollateralKind;
import io.bankofthings.lending.loan.CollateralSite;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.loan.RepaymentType;
import io.bankofthings.lending.loan.StoredApplications;
import java.time.LocalDate;
import org.springframework.transaction.support.TransactionTemplate;
import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.loan.LoanStatus;
import io.bankofthings.lending.loan.NewLoanApplication;
import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryParquetWriter;
import io.bankofthings.lending.storage.TelemetryReading;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The underwriter's decision form shows the collateral device's telemetry read back from Parquet on S3: a chart of its
 * operating hours and a plot of its positions, and says so when a device has not reported.
 */
@SpringBootTest
@AutoConfigureMockMvc
class UnderwriterTelemetryPageIntegrationTests {

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsSupport.register(registry);
    }

    @Autowired MockMvc mvc;
    @Autowired TelemetryParquetWriter writer;
    @Autowired LoanApplications applications;
    @Autowired TransactionTemplate tx;

    @Test
    void theDecisionFormChartsTheDevicesTelemetry() throws Exception {
        String reporting = "harvester-" + UUID.randomUUID().toString().substring(0, 8);
        String silent = "tracker-" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        List<TelemetryReading> readings = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            readings.add(new TelemetryReading(reporting, start.plus(Duration.ofHours(8L * i)), i + 1, 52.52 + i * 0.001,
                    13.40, new TelemetryMetrics(true, 1000.0 + 5 * i, 12.0, null, null, null, null, Map.of())));
        }
        writer.write(readings);

        // the process refuses a silent device at registration; a device can still fall silent after it, so the
        // application is stored as REFERRED directly to show how the form presents one
        var site = new CollateralSite("Feldweg 9, Berlin", 52.522, 13.40, 1_000);
        var applicant = new Applicant(ApplicantType.NATURAL_PERSON, "Carla Farmer", LocalDate.of(1975, 8, 1), "C88001234",
                null, null, "DE");
        String loanId = StoredApplications.stored(applications, tx, new NewLoanApplication("carla-subject", "carla",
                applicant, 30_000_000, "EUR", 48, "harvester", RepaymentType.ANNUITY, List.of(
                        new NewLoanApplication.NewCollateral(CollateralKind.VEHICLE, "Combine harvester", "VIN-" + reporting,
                                90_000_000, site, List.of(new BoundDevice(reporting, DeviceType.GPS_TRACKER))),
                        new NewLoanApplication.NewCollateral(CollateralKind.VEHICLE, "Trailer", "VIN-" + silent, 10_000_000,
                                site, List.of(new BoundDevice(silent, DeviceType.GPS_TRACKER))))),
                LoanStatus.REFERRED);

        var uma = oidcLogin()
                .idToken(t -> t.subject("uma-subject").claim("preferred_username", "uma"))
                .authorities(new OidcUserAuthority(OidcIdToken.withTokenValue("t").subject("uma-subject")
                                .claim("preferred_username", "uma").build()),
                        new SimpleGrantedAuthority("ROLE_underwriter"));
        String page = mvc.perform(get("/underwriting/{id}", loanId).with(uma))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        String section = page.substring(page.indexOf("data-device=\"" + reporting + "\""));
        assertThat(section).contains("6 readings").contains("operating hours: 1,000.0 to 1,025.0");
        var series = Pattern.compile("class=\"series\" points=\"([^\"]+)\"").matcher(section);
        assertThat(series.find()).isTrue();
        assertThat(series.group(1).split(" ")).hasSize(6);
        assertThat(section).containsPattern("class=\"last\" r=\"5\" cx=\"[0-9.]+\" cy=\"[0-9.]+\"");
        assertThat(section).contains("lat 52.52000 to 52.52500");

        String silentSection = page.substring(page.indexOf("data-device=\"" + silent + "\""));
        assertThat(silentSection).contains("0 readings: the device has not reported in this window");
    }
}
