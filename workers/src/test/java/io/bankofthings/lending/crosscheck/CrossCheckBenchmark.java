package io.bankofthings.lending.crosscheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.collateral.DeviceRegistry;
import io.bankofthings.lending.loan.BoundDevice;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.loan.LoanFixtures;
import io.bankofthings.lending.loan.LoanStatus;
import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryReading;
import io.bankofthings.lending.support.MutableClock;
import io.bankofthings.lending.support.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Cost the cross-check adds to one stored batch of 500 readings, on the real embedded PostgreSQL: a batch of devices
 * none of which is cross-checked (one lookup query), and one where 50 readings come from the trackers and gates of 25
 * cross-checked items. Not part of the normal test run; run it with
 * <pre>mvn -B -o -pl workers -am test -Dtest=CrossCheckBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * and copy the printed table into docs/benchmarks/crosscheck.md.
 */
@Tag("benchmark")
class CrossCheckBenchmark {

    private static final int BATCH = 500;
    private static final int BATCHES = 200;
    private static final int ITEMS = 25;

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final CrossCheckMarks marks = new CrossCheckMarks(TestDatabase.jdbc(), new JdbcTemplate(TestDatabase.dataSource()));
    private final CrossCheckService service = new CrossCheckService(new CollateralSources(TestDatabase.jdbc()), marks,
            CrossCheckSettings.defaults(), clock, new DataSourceTransactionManager(TestDatabase.dataSource()),
            new SimpleMeterRegistry());

    @Test
    void measuresTheCostPerStoredBatch() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        var devices = new DeviceRegistry(TestDatabase.jdbc());
        var trackers = new ArrayList<String>();
        var gates = new ArrayList<String>();
        for (int i = 0; i < ITEMS; i++) {
            String gps = "bench-gps-" + run + "-" + i;
            String gate = "bench-gate-" + run + "-" + i;
            devices.register(gps, DeviceType.GPS_TRACKER, "bench", "bench");
            devices.register(gate, DeviceType.RFID_GATE, "bench", 48.137, 11.575, "bench");
            LoanFixtures.storedCollateral("bench-" + run, LoanStatus.DISBURSED,
                    List.of(new BoundDevice(gps, DeviceType.GPS_TRACKER), new BoundDevice(gate, DeviceType.RFID_GATE)));
            trackers.add(gps);
            gates.add(gate);
        }
        measure("warm-up (discarded)", run, trackers, gates, false);
        String none = measure("500 readings, no device cross-checked", run, trackers, gates, false);
        String some = measure("500 readings, 50 of 25 cross-checked items (25 sightings)", run, trackers, gates, true);
        String roundTrip = roundTrips();
        System.out.println();
        System.out.println("| batch | batches | p50 ms | p99 ms | max ms |");
        System.out.println("|---|---|---|---|---|");
        System.out.println(none);
        System.out.println(some);
        System.out.println(roundTrip);
        System.out.println();
        assertThat(TestDatabase.jdbc().sql("select count(*) from crosscheck_mark where collateral_id in "
                        + "(select collateral_id from collateral_item_device where device_id in (:gates))")
                .param("gates", gates).query(Long.class).single()).isPositive();
    }

    /** The baseline of the same machine at the same time: one {@code select 1} round trip. */
    private static String roundTrips() {
        long[] nanos = new long[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            long start = System.nanoTime();
            TestDatabase.jdbc().sql("select 1").query(Integer.class).single();
            nanos[b] = System.nanoTime() - start;
        }
        return row("baseline: one `select 1` round trip", nanos);
    }

    private static String row(String scenario, long[] nanos) {
        Arrays.sort(nanos);
        return String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f |", scenario, nanos.length,
                nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6, nanos[nanos.length - 1] / 1e6);
    }

    private String measure(String scenario, String run, List<String> trackers, List<String> gates, boolean crossChecked) {
        long[] nanos = new long[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            Instant at = clock.instant().minusSeconds(3_000).plusSeconds(b * 10L);
            var batch = new ArrayList<TelemetryReading>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                boolean ours = crossChecked && i < 2 * ITEMS;
                if (ours && i % 2 == 1) {
                    batch.add(new TelemetryReading(gates.get(i / 2), at, 1_000_000L * b + i, null, null,
                            new TelemetryMetrics(null, null, null, null, null, null, false, Map.of("tagSeen", 1.0))));
                } else {
                    String device = ours ? trackers.get(i / 2) : "bench-other-" + run + "-" + i;
                    batch.add(new TelemetryReading(device, at.plusSeconds(ours ? 1 : 0), 1_000_000L * b + i, 48.137,
                            11.575, TelemetryMetrics.NONE));
                }
            }
            long start = System.nanoTime();
            service.readingsStored(batch);
            nanos[b] = System.nanoTime() - start;
        }
        return row(scenario, nanos);
    }
}
