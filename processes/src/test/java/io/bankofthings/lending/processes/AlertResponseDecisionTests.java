package io.bankofthings.lending.processes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The alert-response table evaluated by the in-memory engine, one case per rule. */
@ZeebeProcessTest
class AlertResponseDecisionTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ZeebeClient client;

    @BeforeEach
    void deploy() {
        client.newDeployResourceCommand().addResourceFromClasspath("models/alert-response.dmn").send().join();
    }

    private Map<String, Object> decide(String type, String severity, String loanState) throws Exception {
        var result = client.newEvaluateDecisionCommand()
                .decisionId(MonitoringProcess.DECISION_ID)
                .variables(Map.of("alertType", type, "severity", severity, "loanState", loanState))
                .send()
                .join();
        return JSON.readValue(result.getDecisionOutput(), new TypeReference<>() {});
    }

    @ParameterizedTest(name = "{0} {1} on a {2} loan: {3}")
    @CsvSource({
        "GEOFENCE,       WARNING, DISBURSED,  NOTIFY,      true, false, 0",
        "OFFLINE,        WARNING, DISBURSED,  NOTIFY,      true, false, 0",
        "LTV,            WARNING, IN_ARREARS, NOTIFY,      true, false, 0",
        "GEOFENCE,       BREACH,  DISBURSED,  INVESTIGATE, true, true,  7",
        "OFFLINE,        BREACH,  DISBURSED,  INVESTIGATE, true, true,  7",
        "TAMPER,         BREACH,  DISBURSED,  INVESTIGATE, true, true,  7",
        "OPERATING_RATE, BREACH,  DISBURSED,  INVESTIGATE, true, false, 30",
        "INVENTORY,      BREACH,  DISBURSED,  MARGIN_CALL, true, true,  14",
        "LTV,            BREACH,  DISBURSED,  MARGIN_CALL, true, true,  14",
        "GEOFENCE,       BREACH,  IN_ARREARS, COLLECTIONS, true, true,  0",
        "INVENTORY,      BREACH,  DEFAULTED,  COLLECTIONS, true, true,  0",
        "SOMETHING_NEW,  BREACH,  DISBURSED,  INVESTIGATE, true, false, 14",
    })
    void decidesTheResponse(String type, String severity, String loanState, String action, boolean notify,
            boolean freeze, int days) throws Exception {
        var response = decide(type, severity, loanState);

        assertThat(response)
                .containsEntry("action", action)
                .containsEntry("notifyBorrower", notify)
                .containsEntry("freeze", freeze)
                .containsEntry("marginCallDays", days)
                .containsKey("reason");
        assertThat((String) response.get("reason")).isNotBlank();
    }
}
