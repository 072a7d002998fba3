package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.collateral.DeviceRegistry;
import io.bankofthings.lending.ledger.Ledger;
import io.bankofthings.lending.loan.Applicant;
import io.bankofthings.lending.loan.ApplicantType;
import io.bankofthings.lending.loan.BoundDevice;
import io.bankofthings.lending.loan.CollateralKind;
import io.bankofthings.lending.loan.CollateralSite;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.loan.LoanApplicationService;
import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.loan.LoanLifecycleService;
import io.bankofthings.lending.loan.LoanStatus;
import io.bankofthings.lending.loan.NewLoanApplication;
import io.bankofthings.lending.loan.RepaymentType;
import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryParquetWriter;
import io.bankofthings.lending.storage.TelemetryReading;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Auto-approved loan applications through the running platform on its embedded defaults (in-process Zeebe, embedded
 * PostgreSQL, S3Proxy + Parquet telemetry): each client submits an application, waits for the offer, accepts it at once
 * and waits for the disbursement. Records applications decided (offered) and disbursed per second and p50/p99 latency
 * from submission to the offer and to the disbursement. Not part of the normal test run (the class name matches no
 * surefire include pattern); run it with
 * <pre>mvn -B -o -pl app -am test -Dfrontend.skip=true -Dtest=LoanThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * and copy the printed table into docs/benchmarks/loans.md.
 */
@Tag("benchmark")
@SpringBootTest
class LoanThroughputBenchmark {

    private static final int WARM_UP = 20;
    private static final int APPLICATIONS = 200;
    private static final Duration POLL = Duration.ofMillis(10);

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsSupport.register(registry);
        registry.add("lending.collateral.seed-demo-devices", () -> "false");
    }

    @Autowired LoanApplicationService loans;
    @Autowired LoanLifecycleService lifecycle;
    @Autowired LoanApplications applications;
    @Autowired DeviceRegistry devices;
    @Autowired TelemetryParquetWriter telemetry;
    @Autowired Ledger ledger;

    /** Latencies from submission, and the instants ({@link System#nanoTime()}) of the offer and the disbursement. */
    record Sample(long decidedNanos, long disbursedNanos, long decidedAt, long disbursedAt) {}

    record Result(String scenario, int clients, int applications, double decidedPerSecond, double disbursedPerSecond,
            double p50Decided, double p99Decided, double p50Disbursed, double p99Disbursed) {

        String row() {
            return String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.0f | %.0f | %.0f | %.0f |", scenario, clients,
                    applications, decidedPerSecond, disbursedPerSecond, p50Decided, p99Decided, p50Disbursed, p99Disbursed);
        }
    }

    @Test
    void measuresAutoApprovedApplications() throws Exception {
        var results = new ArrayList<Result>();
        run("warm-up (discarded)", 4, WARM_UP);
        results.add(run("one client", 1, APPLICATIONS / 4));
        results.add(run("8 clients", 8, APPLICATIONS));
        results.add(run("32 clients", 32, APPLICATIONS));
        System.out.println();
        System.out.println("| scenario | clients | applications | decided/s | disbursed/s | p50 decided ms | p99 decided ms | p50 disbursed ms | p99 disbursed ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        results.forEach(r -> System.out.println(r.row()));
        System.out.println();
        assertThat(ledger.trialBalance().values()).allMatch(net -> net == 0L);
    }

    /** Registers a press monitor per application and writes its last two hours of telemetry in one batch. */
    private List<String> devicesFor(int count) {
        var ids = new ArrayList<String>();
        var readings = new ArrayList<TelemetryReading>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < count; i++) {
            String id = "bench-" + UUID.randomUUID();
            devices.register(id, DeviceType.EQUIPMENT_MONITOR, null, "benchmark");
            for (int h = 2; h >= 1; h--) {
                Instant at = now.minus(Duration.ofHours(h));
                readings.add(new TelemetryReading(id, at, at.getEpochSecond(), LoanTestData.LAT, LoanTestData.LON,
                        new TelemetryMetrics(true, null, null, null, null, null, false, Map.of())));
            }
            ids.add(id);
        }
        telemetry.write(readings);
        return ids;
    }

    private Result run(String scenario, int clients, int count) throws Exception {
        var ids = devicesFor(count);
        var tasks = new ArrayList<Callable<Sample>>();
        for (String deviceId : ids) {
            tasks.add(() -> journey(deviceId));
        }
        long start = System.nanoTime();
        var samples = new ArrayList<Sample>();
        try (var pool = Executors.newFixedThreadPool(clients, Thread.ofVirtual().factory())) {
            for (var future : pool.invokeAll(tasks)) {
                samples.add(future.get());
            }
        }
        double decidedSeconds = (samples.stream().mapToLong(Sample::decidedAt).max().orElseThrow() - start) / 1e9;
        double disbursedSeconds = (samples.stream().mapToLong(Sample::disbursedAt).max().orElseThrow() - start) / 1e9;
        long[] decided = samples.stream().mapToLong(Sample::decidedNanos).sorted().toArray();
        long[] disbursed = samples.stream().mapToLong(Sample::disbursedNanos).sorted().toArray();
        return new Result(scenario, clients, count, count / decidedSeconds, count / disbursedSeconds,
                percentile(decided, 50), percentile(decided, 99), percentile(disbursed, 50), percentile(disbursed, 99));
    }

    private Sample journey(String deviceId) throws InterruptedException {
        long submitted = System.nanoTime();
        var application = loans.submit(new NewLoanApplication("bench-borrower", "bench",
                new Applicant(ApplicantType.NATURAL_PERSON, "Bench Mark", LocalDate.of(1980, 1, 1), "BENCH0001", null, null, "DE"),
                1_000_000, "EUR", 12, "benchmark", RepaymentType.ANNUITY,
                List.of(new NewLoanApplication.NewCollateral(CollateralKind.EQUIPMENT, "press", "SN-" + deviceId, 5_000_000,
                        new CollateralSite("Werkstattweg 1, Munich", LoanTestData.LAT, LoanTestData.LON, 300),
                        List.of(new BoundDevice(deviceId, DeviceType.EQUIPMENT_MONITOR))))));
        String loanId = application.loanId();
        awaitStatus(loanId, LoanStatus.OFFERED);
        long decided = System.nanoTime();
        lifecycle.answerOffer(loanId, true);
        awaitStatus(loanId, LoanStatus.DISBURSED);
        long disbursed = System.nanoTime();
        return new Sample(decided - submitted, disbursed - submitted, decided, disbursed);
    }

    private void awaitStatus(String loanId, LoanStatus wanted) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(120);
        while (true) {
            var status = applications.find(loanId).orElseThrow().status();
            if (status == wanted) {
                return;
            }
            if (status.isFinal() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Loan " + loanId + " is " + status + ", expected " + wanted);
            }
            Thread.sleep(POLL);
        }
    }

    private static double percentile(long[] sortedNanos, int p) {
        int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))] / 1e6;
    }

}
