package io.bankofthings.lending.crosscheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The cross-check on the real embedded PostgreSQL: stored batches of a collateral item's GPS tracker and RFID gate are
 * marked once however often they arrive, and the sweep judges sightings the tracker never followed up.
 */
class CrossCheckIntegrationTests {

    /** The gate stands at the fixtures' site, a Munich workshop. */
    private static final double GATE_LAT = LoanFixtures.SITE.latitude();
    private static final double GATE_LON = LoanFixtures.SITE.longitude();
    /** About 2 km north of the gate. */
    private static final double FAR_LAT = GATE_LAT + 0.018;

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CrossCheckMarks marks = new CrossCheckMarks(TestDatabase.jdbc(), new JdbcTemplate(TestDatabase.dataSource()));
    private final CrossCheckService service = new CrossCheckService(new CollateralSources(TestDatabase.jdbc()), marks,
            CrossCheckSettings.defaults(), clock, new DataSourceTransactionManager(TestDatabase.dataSource()), meters);
    private final DeviceRegistry devices = new DeviceRegistry(TestDatabase.jdbc());

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String gps = "gps-" + suffix;
    private final String gate = "gate-" + suffix;

    /** A vehicle in a live application, watched by the tracker and the gate (registered at the site, or not). */
    private String collateral(LoanStatus status, boolean gateRegisteredWithPosition) {
        devices.register(gps, DeviceType.GPS_TRACKER, "tracker", "test");
        devices.register(gate, DeviceType.RFID_GATE, "depot gate", gateRegisteredWithPosition ? GATE_LAT : null,
                gateRegisteredWithPosition ? GATE_LON : null, "test");
        return LoanFixtures.storedCollateral("b-" + suffix, status, List.of(new BoundDevice(gps, DeviceType.GPS_TRACKER),
                new BoundDevice(gate, DeviceType.RFID_GATE)));
    }

    private TelemetryReading position(long seq, Instant at, double lat, @Nullable Double accuracy) {
        return new TelemetryReading(gps, at, seq, lat, GATE_LON, new TelemetryMetrics(null, null, null, null, null, null,
                false, accuracy == null ? Map.of() : Map.of(CrossCheckService.ACCURACY, accuracy)));
    }

    private TelemetryReading sighting(long seq, Instant at) {
        return new TelemetryReading(gate, at, seq, null, null, new TelemetryMetrics(null, null, null, null, null, null,
                false, Map.of(CrossCheckService.TAG_SEEN, 1.0)));
    }

    private List<CrossCheckMark> marksOf(String collateralId) {
        return marks.ofCollateral(collateralId, clock.instant().minus(Duration.ofDays(1)), clock.instant().plusSeconds(3600),
                100);
    }

    @Test
    void agreeingSourcesMarkTheSightingAgreeAndCountNoDisagreement() {
        String collateralId = collateral(LoanStatus.DISBURSED, true);
        Instant t = clock.instant().minusSeconds(60);

        service.readingsStored(List.of(position(1, t.minusSeconds(20), GATE_LAT + 0.001, 15.0)));
        service.readingsStored(List.of(sighting(1, t)));
        assertThat(marksOf(collateralId)).as("waits for the tracker's next reading").isEmpty();
        service.readingsStored(List.of(position(2, t.plusSeconds(10), GATE_LAT, null)));

        assertThat(marksOf(collateralId)).singleElement().satisfies(mark -> {
            assertThat(mark.outcome()).isEqualTo(CrossCheckOutcome.AGREE);
            assertThat(mark.subject()).isEqualTo("SIGHTING");
            assertThat(mark.deviceId()).isEqualTo(gate);
            assertThat(mark.otherDeviceId()).isEqualTo(gps);
            assertThat(mark.otherSequence()).isEqualTo(2L);
            assertThat(mark.distanceMeters()).isCloseTo(0, within(1.0));
            assertThat(mark.timeGapSeconds()).isEqualTo(10.0);
        });
        assertThat(service.disagreementCount()).isZero();
    }

    @Test
    void aGateSightingWhileTheTrackerIsTwoKilometresAwayMarksBothReadingsOnceEvenWhenTheBatchIsRedelivered() {
        String collateralId = collateral(LoanStatus.DISBURSED, true);
        Instant t = clock.instant().minusSeconds(60);
        var batch = List.of(position(1, t.minusSeconds(10), FAR_LAT, 20.0), sighting(5, t),
                position(2, t.plusSeconds(30), FAR_LAT, 20.0));
        double before = meters.get("lending.ingestion.crosscheck.disagreements").counter().count();

        service.readingsStored(batch);
        service.readingsStored(batch);
        service.sweep();

        var found = marksOf(collateralId);
        assertThat(found).hasSize(2).allSatisfy(mark -> {
            assertThat(mark.outcome()).isEqualTo(CrossCheckOutcome.DISAGREE);
            assertThat(mark.distanceMeters()).isCloseTo(2_001, within(5.0));
            assertThat(mark.toleranceMeters()).isEqualTo(270);
        });
        assertThat(found).filteredOn(m -> m.subject().equals("SIGHTING")).singleElement().satisfies(mark -> {
            assertThat(mark.deviceId()).isEqualTo(gate);
            assertThat(mark.sequence()).isEqualTo(5);
            assertThat(mark.otherSequence()).isEqualTo(1L);
            assertThat(mark.timeGapSeconds()).isEqualTo(-10.0);
        });
        assertThat(found).filteredOn(m -> m.subject().equals("POSITION")).singleElement().satisfies(mark -> {
            assertThat(mark.deviceId()).isEqualTo(gps);
            assertThat(mark.sequence()).isEqualTo(1);
            assertThat(mark.otherSequence()).isEqualTo(5L);
            assertThat(mark.timeGapSeconds()).isEqualTo(10.0);
        });
        assertThat(marks.ofDevice(gps, t.minusSeconds(3600), t.plusSeconds(3600), 10)).hasSize(1);
        assertThat(meters.get("lending.ingestion.crosscheck.disagreements").counter().count() - before).isEqualTo(1.0);
    }

    @Test
    void aGateWithoutARegisteredPositionStandsAtTheCentreOfTheSite() {
        String collateralId = collateral(LoanStatus.OFFERED, false);
        Instant t = clock.instant().minusSeconds(60);

        service.readingsStored(List.of(sighting(1, t), position(1, t.plusSeconds(5), FAR_LAT, null)));

        assertThat(marksOf(collateralId)).filteredOn(m -> m.subject().equals("SIGHTING")).singleElement()
                .satisfies(mark -> assertThat(mark.outcome()).isEqualTo(CrossCheckOutcome.DISAGREE));
    }

    @Test
    void theSweepMarksASightingTheOnlineTrackerNeverCorroborated() {
        String collateralId = collateral(LoanStatus.DISBURSED, true);
        Instant t = clock.instant().minusSeconds(60);
        service.readingsStored(List.of(position(1, t.minus(Duration.ofMinutes(20)), GATE_LAT, null), sighting(1, t)));

        service.sweep();
        assertThat(marksOf(collateralId)).as("the window has not settled").isEmpty();
        clock.advance(Duration.ofMinutes(6));
        service.sweep();
        service.sweep();

        assertThat(marksOf(collateralId)).singleElement().satisfies(mark -> {
            assertThat(mark.outcome()).isEqualTo(CrossCheckOutcome.NO_CORROBORATION);
            assertThat(mark.otherSequence()).isEqualTo(1L);
            assertThat(mark.distanceMeters()).isNull();
            assertThat(mark.timeGapSeconds()).isEqualTo(-1200.0);
        });
    }

    @Test
    void theSweepMarksTheTrackerOfflineWhenItReportedNothingAroundTheSighting() {
        String collateralId = collateral(LoanStatus.DISBURSED, true);
        Instant t = clock.instant().minusSeconds(60);
        service.readingsStored(List.of(sighting(1, t)));
        clock.advance(Duration.ofMinutes(6));

        service.sweep();

        assertThat(marksOf(collateralId)).singleElement().satisfies(mark -> {
            assertThat(mark.outcome()).isEqualTo(CrossCheckOutcome.TRACKER_OFFLINE);
            assertThat(mark.otherSequence()).isNull();
        });
    }

    @Test
    void readingsOfAGateWithoutATagSightingOrOfEndedApplicationsAreNotCrossChecked() {
        String live = collateral(LoanStatus.DISBURSED, true);
        Instant t = clock.instant().minusSeconds(60);
        var heartbeat = new TelemetryReading(gate, t, 1, null, null, new TelemetryMetrics(null, null, null, null, null,
                120L, false, Map.of()));

        service.readingsStored(List.of(heartbeat, position(1, t.plusSeconds(5), FAR_LAT, null)));
        assertThat(marksOf(live)).isEmpty();

        var ended = new CrossCheckIntegrationTests();
        String rejected = ended.collateral(LoanStatus.REJECTED, true);
        ended.service.readingsStored(List.of(ended.sighting(1, t), ended.position(1, t.plusSeconds(5), FAR_LAT, null)));
        assertThat(ended.marksOf(rejected)).isEmpty();
        assertThat(TestDatabase.jdbc().sql("select count(*) from crosscheck_source_reading where device_id in (:ids)")
                .param("ids", List.of(ended.gps, ended.gate)).query(Long.class).single()).isZero();
    }

    @Test
    void devicesBoundAfterTheDeviceListWasReadAreCrossCheckedAfterItsRefresh() {
        service.readingsStored(List.of(new TelemetryReading("unrelated-" + suffix, clock.instant(), 1, null, null,
                TelemetryMetrics.NONE)));
        String collateralId = collateral(LoanStatus.SUBMITTED, true);
        Instant t = clock.instant().minusSeconds(60);

        service.readingsStored(List.of(sighting(1, t), position(1, t.plusSeconds(5), FAR_LAT, null)));
        assertThat(marksOf(collateralId)).as("the device list is 0 s old").isEmpty();

        clock.advance(Duration.ofSeconds(10));
        service.readingsStored(List.of(sighting(2, t.plusSeconds(30)), position(2, t.plusSeconds(35), FAR_LAT, null)));
        assertThat(marksOf(collateralId)).filteredOn(m -> m.subject().equals("SIGHTING")).singleElement()
                .satisfies(mark -> {
                    assertThat(mark.sequence()).isEqualTo(2);
                    assertThat(mark.outcome()).isEqualTo(CrossCheckOutcome.DISAGREE);
                });
    }
}
