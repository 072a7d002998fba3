package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.bankofthings.lending.ingestion.TelemetryMqttRoute;
import io.bankofthings.lending.loan.Applicant;
import io.bankofthings.lending.loan.ApplicantType;
import io.bankofthings.lending.loan.BoundDevice;
import io.bankofthings.lending.loan.CollateralKind;
import io.bankofthings.lending.loan.CollateralSite;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.loan.RepaymentType;
import io.bankofthings.lending.loan.LoanApplicationService;
import io.bankofthings.lending.loan.LoanStatus;
import io.bankofthings.lending.loan.NewLoanApplication;
import io.bankofthings.lending.monitoring.MonitoringSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The application with every role switched off, as the environment variables of a replica would: no pages or API
 * (404 problem), no Zeebe job workers (a started loan process stays where it is) and none of the worker-side
 * schedulers (monitoring rules, alert publishing, process start and resume retries), no Camel routes (the MQTT
 * consumer is not started), while the actuator still answers the probes.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ReplicaRolesIntegrationTests {

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsSupport.register(registry);
        registry.add("lending.roles.web", () -> "false");
        registry.add("lending.roles.workers", () -> "false");
        registry.add("lending.roles.ingestion", () -> "false");
        registry.add("management.endpoint.health.show-details", () -> "always");
    }

    @Autowired MockMvc mvc;
    @Autowired LoanApplicationService loans;
    @Autowired CamelContext camel;
    @Autowired ApplicationContext context;
    @Autowired ScheduledTaskHolder scheduler;

    @Test
    void withoutTheWebRoleOnlyTheActuatorAnswers() throws Exception {
        mvc.perform(get("/api/loan-applications").with(jwt().authorities(new SimpleGrantedAuthority("ROLE_borrower"))))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("This replica does not serve the web UI or the API (lending.roles.web=false)"));
        mvc.perform(get("/")).andExpect(status().isNotFound());
        mvc.perform(get("/v3/api-docs")).andExpect(status().isNotFound());

        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
        mvc.perform(get("/actuator/health/readiness"))
                .andExpect(jsonPath("$.components.mqtt.status").value("UP"))
                .andExpect(jsonPath("$.components.mqtt.details.role").value("off"));
    }

    @Test
    void withoutTheIngestionRoleTheMqttRouteDoesNotStart() {
        assertThat(camel.getRouteController().getRouteStatus(TelemetryMqttRoute.ROUTE_ID)).isNotEqualTo(ServiceStatus.Started);
    }

    @Test
    void withoutTheWorkersRoleNoWorkerSideSchedulerRuns() {
        assertThat(context.getBeansOfType(MonitoringSchedule.class)).isEmpty();
        // each task names its method, e.g. io.bankofthings.lending.readmodel.RecordStreamFeed.poll
        var scheduled = scheduler.getScheduledTasks().stream().map(task -> task.getTask().getRunnable().toString()).toList();
        // the read model feeds the pages of any replica: it is scheduled here, so the list is the real one
        assertThat(scheduled).anyMatch(name -> name.contains(".RecordStreamFeed."));
        assertThat(scheduled).noneMatch(name -> Stream.of("MonitoringSchedule", "LoanSchedules", "AlertService",
                "LoanProcessStarter", "LoanProcessResumer", "ProcessResumer", "ProcessResumeSchedule",
                "RepaymentService", "GrantProcessStarter", "GrantSchedules").anyMatch(type -> name.contains("." + type + ".")));
    }

    @Test
    void withoutTheWorkersRoleNoJobIsWorked() throws Exception {
        String suffix = java.util.UUID.randomUUID().toString().substring(0, 8);
        var applicant = new Applicant(ApplicantType.NATURAL_PERSON, "Bob Builder", java.time.LocalDate.of(1980, 5, 17),
                "T22000129", null, null, "DE");
        var submitted = loans.submit(new NewLoanApplication("roles-bob", "roles-bob", applicant, 1_000_000, "EUR", 24,
                "new press", RepaymentType.ANNUITY,
                List.of(new NewLoanApplication.NewCollateral(CollateralKind.EQUIPMENT, "Hydraulic press", "PRESS-" + suffix,
                        5_000_000, new CollateralSite("Werkstattweg 1, Munich", LoanTestData.LAT, LoanTestData.LON, 300),
                        List.of(new BoundDevice("press-" + suffix, DeviceType.EQUIPMENT_MONITOR))))));

        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (loans.require(submitted.loanId()).processInstanceKey() == null) {
            assertThat(Instant.now()).as("process of %s not started", submitted.loanId()).isBefore(deadline);
            Thread.sleep(100);
        }
        // with workers the loan is scored within a second (LoanJourneyIntegrationTests); here nobody takes the job
        Thread.sleep(3_000);
        assertThat(loans.require(submitted.loanId()).status()).isEqualTo(LoanStatus.SUBMITTED);
        assertThat(loans.require(submitted.loanId()).score()).isNull();
    }
}
