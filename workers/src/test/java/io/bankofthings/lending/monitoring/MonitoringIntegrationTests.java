package io.bankofthings.lending.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.loan.LoanFixtures;
import io.bankofthings.lending.loan.LoanStatus;
import io.bankofthings.lending.processes.MonitoringProcess;
import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryReading;
import io.bankofthings.lending.support.TestZeebe;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Enrolment, alert evaluation, deduplication and the response actions on the real embedded PostgreSQL, publishing
 * to the real in-memory Zeebe engine.
 */
class MonitoringIntegrationTests {

    // the fixtures' collateral site (radius 300 m)
    private static final double LAT = LoanFixtures.SITE.latitude();
    private static final double LON = LoanFixtures.SITE.longitude();

    private final MonitoringWorld world = new MonitoringWorld(MonitoringWorld.siteAt(LAT, LON, 300));

    private String disbursedLoan(String borrower) {
        String loanId = LoanFixtures.stored(borrower, 500_000, LoanStatus.LIEN_REGISTERED);
        world.loans.disburse(loanId);
        world.monitoring.startFor(loanId);
        return loanId;
    }

    private TelemetryReading reading(String loanId, long seq, double lat, double lon) {
        return new TelemetryReading("dev-" + loanId, world.clock.instant(), seq, lat, lon, TelemetryMetrics.NONE);
    }

    private static long instancesStartedFor(String alertId) {
        TestZeebe.shared().idle();
        return StreamSupport.stream(TestZeebe.shared().engine().getRecordStreamSource().getRecords().spliterator(), false)
                .filter(r -> r.getValueType() == io.camunda.zeebe.protocol.record.ValueType.PROCESS_INSTANCE)
                .filter(r -> r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED)
                .map(r -> (Record<?>) r)
                .map(r -> (ProcessInstanceRecordValue) r.getValue())
                .filter(v -> v.getBpmnElementType() == BpmnElementType.PROCESS)
                .filter(v -> v.getBpmnProcessId().equals(MonitoringProcess.PROCESS_ID))
                .map(ProcessInstanceRecordValue::getProcessInstanceKey)
                .distinct()
                .filter(key -> alertIdOf(key).equals(alertId))
                .count();
    }

    private static String alertIdOf(long processInstanceKey) {
        return StreamSupport.stream(TestZeebe.shared().engine().getRecordStreamSource().getRecords().spliterator(), false)
                .filter(r -> r.getValueType() == io.camunda.zeebe.protocol.record.ValueType.VARIABLE)
                .map(r -> (io.camunda.zeebe.protocol.record.value.VariableRecordValue) r.getValue())
                .filter(v -> v.getProcessInstanceKey() == processInstanceKey && v.getName().equals("alertId"))
                .map(v -> v.getValue().replace("\"", ""))
                .findFirst()
                .orElse("");
    }

    @Test
    void enrolsADisbursedLoanOnceWithItsCollateralAndItsSite() {
        String loanId = disbursedLoan("b-enrol");

        assertThat(world.monitoring.startFor(loanId)).isFalse();
        assertThat(world.watched.ofLoan(loanId)).singleElement().satisfies(item -> {
            assertThat(item.geofence()).isEqualTo(new Geofence.Circle(LAT, LON, 300));
            assertThat(item.offlineThreshold()).isEqualTo(Duration.ofHours(6));
            assertThat(item.valueAtEnrolmentMinor()).isEqualTo(1_500_000);
            assertThat(item.depreciationPerHourMinor()).isEqualTo(150);
        });
        assertThat(world.jdbc.sql("select count(*) from monitoring_audit where loan_id = :id and action = 'MONITORING_STARTED'")
                .param("id", loanId).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void explicitTermsOverrideTheDefaults() {
        String loanId = LoanFixtures.stored("b-terms", 500_000, LoanStatus.APPROVED);
        String collateralId = world.applications.find(loanId).orElseThrow().collateral().getFirst().collateralId();
        var yard = new Geofence.Polygon(List.of(new double[] {1, 1}, new double[] {1, 2}, new double[] {2, 2}));

        world.monitoring.startFor(loanId, Map.of(collateralId, new CollateralTerms(yard, 40L, Duration.ofHours(1), 0.5)));

        assertThat(world.watched.ofLoan(loanId)).singleElement().satisfies(item -> {
            assertThat(item.geofence()).isInstanceOf(Geofence.Polygon.class);
            assertThat(item.pledgedQuantity()).isEqualTo(40L);
            assertThat(item.offlineThreshold()).isEqualTo(Duration.ofHours(1));
            assertThat(item.minOperatingRate()).isEqualTo(0.5);
        });
    }

    @Test
    void aMachineLeavingItsSiteRaisesOneAlertThatStartsOneInstanceEvenWhenTheReadingArrivesTwice() {
        String loanId = disbursedLoan("b-leave");
        var away = reading(loanId, 1, LAT + 0.01, LON);

        world.evaluator.readingsStored(List.of(reading(loanId, 0, LAT, LON), away));
        world.evaluator.readingsStored(List.of(away)); // redelivered batch
        var raised = world.alerts.ofLoan(loanId);

        assertThat(raised).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.GEOFENCE);
            assertThat(alert.severity()).isEqualTo(Severity.BREACH);
            assertThat(alert.publishedAt()).isNotNull();
            assertThat(alert.evidence()).containsKeys("distanceMeters", "radiusMeters", "readingSequence");
        });
        String alertId = raised.getFirst().alertId();
        assertThat(alertId).isEqualTo(new AlertCandidate(AlertType.GEOFENCE, Severity.BREACH, loanId,
                raised.getFirst().collateralId(), "dev-" + loanId, away.timestamp(), away.timestamp().toString(), Map.of()).alertId());

        // the message itself published again (e.g. by the retry after a lost acknowledgement) correlates once
        world.messages.alertRaised(raised.getFirst(), "DISBURSED");
        assertThat(instancesStartedFor(alertId)).isEqualTo(1);
        assertThat(world.jdbc.sql("select count(*) from monitoring_audit where alert_id = :id and action = 'ALERT_RAISED'")
                .param("id", alertId).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void comingBackOnSiteResolvesTheBreachOnceAndEndsTheWarning() {
        String loanId = disbursedLoan("b-back");

        world.evaluator.readingsStored(List.of(reading(loanId, 1, LAT + 0.0026, LON))); // ~290 m of 300: warning
        world.clock.advance(Duration.ofSeconds(1));
        world.evaluator.readingsStored(List.of(reading(loanId, 2, LAT + 0.01, LON)));
        world.clock.advance(Duration.ofSeconds(1));
        world.evaluator.readingsStored(List.of(reading(loanId, 3, LAT, LON), reading(loanId, 4, LAT, LON)));

        var alerts = world.alerts.ofLoan(loanId);
        assertThat(alerts).extracting(Alert::severity).containsExactlyInAnyOrder(Severity.WARNING, Severity.BREACH);
        var warning = alerts.stream().filter(a -> a.severity() == Severity.WARNING).findFirst().orElseThrow();
        assertThat(warning.resolvedAt()).isNotNull();
        var breach = alerts.stream().filter(a -> a.severity() == Severity.BREACH).findFirst().orElseThrow();
        assertThat(world.jdbc.sql("select count(*) from monitoring_audit where alert_id = :id and action = 'CONDITION_RESOLVED'")
                .param("id", breach.alertId()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aSecondEpisodeAfterTheFirstWasClearedRaisesANewAlert() {
        String loanId = disbursedLoan("b-episodes");
        world.evaluator.readingsStored(List.of(reading(loanId, 1, LAT + 0.01, LON)));
        var first = world.alerts.ofLoan(loanId).getFirst();
        world.evaluator.readingsStored(List.of(reading(loanId, 2, LAT + 0.011, LON)));
        assertThat(world.alerts.ofLoan(loanId)).as("still the same episode").hasSize(1);

        world.actions.clear(first.alertId(), "olga", "moved for service", 1L);
        world.clock.advance(Duration.ofMinutes(5));
        world.evaluator.readingsStored(List.of(reading(loanId, 3, LAT + 0.01, LON)));

        assertThat(world.alerts.ofLoan(loanId)).hasSize(2);
    }

    @Test
    void silenceLongerThanTheThresholdRaisesAnOfflineAlertFromTheServerClock() {
        String loanId = disbursedLoan("b-offline");
        // the device's own clock claims a reading far in the future: the server's receive time counts
        world.evaluator.readingsStored(List.of(new TelemetryReading("dev-" + loanId,
                world.clock.instant().plus(Duration.ofHours(23)), 1, LAT, LON, TelemetryMetrics.NONE)));
        var item = world.watched.ofLoan(loanId).getFirst();
        var rules = new AlertRules(0.9);

        assertThat(item.lastSeenAt()).isCloseTo(world.clock.instant(), org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MILLIS));
        assertThat(rules.offline(item, world.clock.instant().plus(Duration.ofHours(7))).alert()).isNotNull();
        world.alertService.raise(rules.offline(item, world.clock.instant().plus(Duration.ofHours(7))).alert());
        world.alertService.raise(rules.offline(item, world.clock.instant().plus(Duration.ofHours(8))).alert());

        assertThat(world.alerts.ofLoan(loanId)).singleElement()
                .satisfies(a -> assertThat(a.type()).isEqualTo(AlertType.OFFLINE));

        world.evaluator.readingsStored(List.of(reading(loanId, 2, LAT, LON)));
        assertThat(world.jdbc.sql("select condition_resolved_at is not null from monitoring_alert where loan_id = :id")
                .param("id", loanId).query(Boolean.class).single()).isTrue();
    }

    @Test
    void freezesOncePerAlertAndStaysFrozenUntilEveryFreezingAlertIsCleared() {
        String loanId = disbursedLoan("b-freeze");
        world.evaluator.readingsStored(List.of(reading(loanId, 1, LAT + 0.01, LON)));
        world.evaluator.readingsStored(List.of(new TelemetryReading("dev-" + loanId, world.clock.instant(), 2, null, null,
                new TelemetryMetrics(null, null, null, null, null, null, true, Map.of()))));
        var alerts = world.alerts.ofLoan(loanId);
        assertThat(alerts).hasSize(2);

        for (var alert : alerts) {
            world.actions.freezeCreditLine(alert.alertId(), 11L);
            world.actions.freezeCreditLine(alert.alertId(), 11L);
        }
        assertThat(world.freezes.activeReasons(loanId)).hasSize(2);

        assertThat(world.actions.clear(alerts.get(0).alertId(), "olga", "checked", 11L)).as("still frozen").isTrue();
        assertThat(world.freezes.isFrozen(loanId)).isTrue();
        assertThat(world.actions.clear(alerts.get(1).alertId(), "olga", "checked", 11L)).isFalse();
        assertThat(world.freezes.isFrozen(loanId)).isFalse();

        var trail = world.audit.ofAlert(alerts.get(0).alertId());
        assertThat(trail).extracting(MonitoringAudit.Entry::action)
                .containsSubsequence("ALERT_RAISED", "CREDIT_LINE_FROZEN", "ALERT_CLEARED", "CREDIT_LINE_RELEASED");
        assertThat(trail).filteredOn(e -> e.action().equals("CREDIT_LINE_FROZEN")).hasSize(1);
        assertThat(trail).filteredOn(e -> e.action().equals("ALERT_CLEARED"))
                .singleElement().satisfies(e -> {
                    assertThat(e.actor()).isEqualTo("olga");
                    assertThat(e.processInstanceKey()).isEqualTo(11L);
                });
    }

    @Test
    void marginCallAndCollectionsAreRecordedOnce() {
        String loanId = disbursedLoan("b-margin");
        world.evaluator.readingsStored(List.of(reading(loanId, 1, LAT + 0.01, LON)));
        var alert = world.alerts.ofLoan(loanId).getFirst();

        var deadline = world.actions.issueMarginCall(alert.alertId(), 14, 21L);
        assertThat(world.actions.issueMarginCall(alert.alertId(), 14, 21L)).isEqualTo(deadline);
        assertThat(deadline).isEqualTo(world.clock.instant().plus(Duration.ofDays(14)).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        world.actions.handOverToCollections(alert.alertId(), 21L);
        world.actions.handOverToCollections(alert.alertId(), 21L);

        assertThat(world.alerts.find(alert.alertId()).orElseThrow().status()).isEqualTo(Alert.COLLECTIONS);
        assertThat(world.jdbc.sql("select status from margin_call where alert_id = :id").param("id", alert.alertId())
                .query(String.class).single()).isEqualTo("EXPIRED");
        assertThat(world.jdbc.sql("select count(*) from collections_handover where loan_id = :id").param("id", loanId)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void closingTheLoanStopsAlertsAndEndsItsWarnings() {
        String loanId = disbursedLoan("b-closed");
        world.evaluator.readingsStored(List.of(reading(loanId, 1, LAT + 0.0026, LON)));

        world.monitoring.loanClosed(loanId, "REPAID");
        world.monitoring.loanClosed(loanId, "REPAID");
        world.evaluator.readingsStored(List.of(reading(loanId, 2, LAT + 0.05, LON)));

        assertThat(world.watched.enrolment(loanId).orElseThrow().status()).isEqualTo(Enrolment.CLOSED);
        assertThat(world.alerts.ofLoan(loanId)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.status()).isEqualTo(Alert.CLOSED);
        });
    }

    @Test
    void anchorsTheGeofenceAtTheFirstPositionWhenNoSiteIsKnown() {
        var anchored = new MonitoringWorld(MonitoringSettings.defaults());
        String loanId = LoanFixtures.stored("b-anchor", 500_000, LoanStatus.APPROVED);
        anchored.monitoring.startFor(loanId);
        // as for an item stored before sites were recorded, with no default site configured
        anchored.jdbc.sql("update monitored_collateral set geofence = null where loan_id = :id").param("id", loanId).update();

        anchored.evaluator.readingsStored(List.of(new TelemetryReading("dev-" + loanId, anchored.clock.instant(), 1, 10.0,
                20.0, TelemetryMetrics.NONE)));

        assertThat(anchored.watched.ofLoan(loanId).getFirst().geofence()).isEqualTo(new Geofence.Circle(10.0, 20.0, 500));
        assertThat(anchored.alerts.ofLoan(loanId)).isEmpty();
    }
}
