package io.bankofthings.lending.web.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading the elements at fault out of the engine's rejection text (as the 8.8 engine words it). */
class ModelDeployerUnitTests {

    @Test
    void engineRejectionNamesEachElementAtFault() {
        String message = """
                Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:
                'chattel-mortgage-loan.bpmn': - Element: ApproveFlow > conditionExpression
                    - ERROR: failed to parse expression 'decision.outcome = = "APPROVE"': Expected end-of-input
                - Element: ScoreApplicantTask
                    - ERROR: Must have exactly one 'zeebe:taskDefinition' extension element
                """;

        assertThat(ModelDeployer.findingsIn(message)).containsExactly(
                ModelFinding.error("ApproveFlow", "conditionExpression: failed to parse expression 'decision.outcome = = \"APPROVE\"': Expected end-of-input"),
                ModelFinding.error("ScoreApplicantTask", "Must have exactly one 'zeebe:taskDefinition' extension element"));
    }

    @Test
    void rejectionWithoutElementsIsOneFindingAboutTheFile() {
        assertThat(ModelDeployer.findingsIn("Command rejected: resource too large"))
                .containsExactly(ModelFinding.error(null, "Command rejected: resource too large"));
    }
}
