package io.bankofthings.lending.processes;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The collateral-valuation and loan-decision tables on their own, evaluated by the engine's DMN engine. */
@ZeebeProcessTest
class LoanDecisionTablesTests {

    private ZeebeClient client;

    @BeforeEach
    void deploy() {
        client.newDeployResourceCommand()
                .addResourceFromClasspath("models/loan-decision.dmn")
                .addResourceFromClasspath("models/collateral-valuation.dmn")
                .send()
                .join();
    }

    private Map<String, Object> evaluate(String decisionId, Map<String, Object> variables) throws Exception {
        var result = client.newEvaluateDecisionCommand().decisionId(decisionId).variables(variables).send().join();
        assertThat(result.getFailureMessage()).as("evaluation of %s", decisionId).isNullOrEmpty();
        @SuppressWarnings("unchecked")
        var output = (Map<String, Object>) new com.fasterxml.jackson.databind.ObjectMapper().readValue(result.getDecisionOutput(), Map.class);
        return output;
    }

    private Map<String, Object> valuation(String kind) throws Exception {
        return evaluate(LoanProcess.VALUATION_DECISION_ID, Map.of("kind", kind));
    }

    private Map<String, Object> decision(int score, long amountMinor, long maxLoanMinor) throws Exception {
        return evaluate(LoanProcess.DECISION_ID, Map.of("score", score, "amountMinor", amountMinor, "maxLoanMinor", maxLoanMinor));
    }

    @Test
    void haircutAndLoanToValueCapDependOnTheCollateralKind() throws Exception {
        assertThat(valuation("EQUIPMENT")).containsEntry("haircut", 0.3).containsEntry("ltvCap", 0.8);
        assertThat(valuation("VEHICLE")).containsEntry("haircut", 0.25).containsEntry("ltvCap", 0.85);
        assertThat(valuation("INVENTORY_LOT")).containsEntry("haircut", 0.5).containsEntry("ltvCap", 0.6);
        assertThat(valuation("PAINTING")).containsEntry("haircut", 1).containsEntry("ltvCap", 0)
                .containsEntry("basis", "unknown kind: no lending value");
    }

    @Test
    void goodScoreIsApprovedForTheRequestedAmountWithinTheLimit() throws Exception {
        assertThat(decision(650, 1_000_000, 2_800_000)).containsEntry("outcome", "APPROVE")
                .containsEntry("approvedAmountMinor", 1_000_000);
    }

    @Test
    void approvedAmountIsCappedAtTheLendingLimit() throws Exception {
        assertThat(decision(800, 5_000_000, 2_850_000)).containsEntry("outcome", "APPROVE")
                .containsEntry("approvedAmountMinor", 2_850_000)
                .containsEntry("reason", "score at or above 650; amount capped at the collateral lending limit");
    }

    @Test
    void middleScoreIsReferredWithTheCappedAmountProposed() throws Exception {
        assertThat(decision(649, 3_000_000, 2_000_000)).containsEntry("outcome", "REFER")
                .containsEntry("approvedAmountMinor", 2_000_000);
        assertThat(decision(450, 100, 2_000_000)).containsEntry("outcome", "REFER");
    }

    @Test
    void lowScoreNoLendingValueOrARequestFarAboveTheLimitIsRejected() throws Exception {
        assertThat(decision(449, 100, 2_000_000)).containsEntry("outcome", "REJECT").containsEntry("reason", "score below 450");
        assertThat(decision(900, 100, 0)).containsEntry("outcome", "REJECT")
                .containsEntry("reason", "the collateral has no lending value");
        assertThat(decision(900, 4_000_001, 2_000_000)).containsEntry("outcome", "REJECT")
                .containsEntry("reason", "requested amount above twice the collateral lending limit");
        assertThat(decision(900, 4_000_000, 2_000_000)).containsEntry("outcome", "APPROVE")
                .containsEntry("approvedAmountMinor", 2_000_000);
    }
}
