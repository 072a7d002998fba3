package io.bankofthings.lending.grant;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.processes.GrantProcess;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GrantResumePlanUnitTests {

    private static final Instant VALID_UNTIL = Instant.parse("2027-01-31T23:00:00Z");

    private static Grant grant(GrantState state, int version, boolean awaitingConfirmation) {
        var limits = new GrantLimits("EUR", List.of("charger-42"), List.of(), 5_000L, 20_000L, null, null, null, null,
                Instant.parse("2026-12-01T00:00:00Z"), VALID_UNTIL);
        return new Grant("G-1", "T-1", "olga", state, version, limits, "MEDIUM", "new thing, medium exposure",
                awaitingConfirmation, null, 42L, Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void everyOpenStateResumesBeforeWhatItWaitsFor() {
        assertThat(GrantResumePlan.elementFor(GrantState.REQUESTED, true)).contains(GrantProcess.ELEMENT_CONFIRM);
        assertThat(GrantResumePlan.elementFor(GrantState.REQUESTED, false)).contains(GrantProcess.ELEMENT_ASSESS_RISK);
        assertThat(GrantResumePlan.elementFor(GrantState.AUTHORIZED, false)).contains(GrantProcess.ELEMENT_ACTIVE);
        assertThat(GrantResumePlan.elementFor(GrantState.SUSPENDED, false)).contains(GrantProcess.ELEMENT_AWAIT_RESUMPTION);
    }

    @ParameterizedTest
    @EnumSource(value = GrantState.class, names = {"REJECTED", "REVOKED", "EXPIRED"})
    void aFinalGrantResumesNowhere(GrantState state) {
        assertThat(state.isOpen()).isFalse();
        assertThat(GrantResumePlan.resumePoint(grant(state, 1, false), ThingKind.VEHICLE)).isEmpty();
    }

    @Test
    void aConfirmationResumesWithTheRecordedAssessmentAndTheStoredValidity() {
        var point = GrantResumePlan.resumePoint(grant(GrantState.REQUESTED, 3, true), ThingKind.MACHINE).orElseThrow();

        assertThat(point.elementId()).isEqualTo(GrantProcess.ELEMENT_CONFIRM);
        assertThat(point.variables())
                .containsEntry("grantId", "G-1")
                .containsEntry("ownerId", "olga")
                .containsEntry("thingKind", "MACHINE")
                .containsEntry("version", 3)
                // both timers fire at this date: the original deadline, at once when it has passed
                .containsEntry("validUntil", VALID_UNTIL.toString())
                .containsEntry("risk", Map.of("confirmation", "OWNER", "level", "MEDIUM",
                        "reason", "new thing, medium exposure"));
    }

    @Test
    void aReauthorizationAssessesTheCurrentVersionAgain() {
        var point = GrantResumePlan.resumePoint(grant(GrantState.REQUESTED, 2, false), ThingKind.VEHICLE).orElseThrow();

        assertThat(point.elementId()).isEqualTo(GrantProcess.ELEMENT_ASSESS_RISK);
        assertThat(point.variables()).containsEntry("version", 2).doesNotContainKey("risk");
    }

    @Test
    void anActiveOrSuspendedGrantKeepsItsLimitsAndWindow() {
        for (var state : List.of(GrantState.AUTHORIZED, GrantState.SUSPENDED)) {
            var point = GrantResumePlan.resumePoint(grant(state, 1, false), ThingKind.APPLIANCE).orElseThrow();
            assertThat(point.variables()).as("%s", state)
                    .containsEntry("maxPerTransactionMinor", 5_000L)
                    .containsEntry("currency", "EUR")
                    .containsEntry("validUntil", VALID_UNTIL.toString())
                    .doesNotContainKey("risk");
        }
    }
}
