package io.bankofthings.lending.web.operations;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The engine commands behind operator actions, over the Zeebe client (gRPC). A refusal by the engine becomes an
 * {@link OperationRefusedException} with the engine's reason; an engine that does not answer an
 * {@link EngineUnavailableException}.
 */
@Component
class EngineCommands {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CamundaClient client;

    EngineCommands(CamundaClient client) {
        this.client = client;
    }

    void updateRetries(long jobKey, int retries) {
        run("update the retries of job " + jobKey,
                () -> client.newUpdateRetriesCommand(jobKey).retries(retries).requestTimeout(TIMEOUT).send().join());
    }

    void resolveIncident(long incidentKey) {
        run("resolve incident " + incidentKey,
                () -> client.newResolveIncidentCommand(incidentKey).requestTimeout(TIMEOUT).send().join());
    }

    void cancelInstance(long processInstanceKey) {
        run("cancel process instance " + processInstanceKey,
                () -> client.newCancelInstanceCommand(processInstanceKey).requestTimeout(TIMEOUT).send().join());
    }

    private static void run(String what, Runnable command) {
        try {
            command.run();
        } catch (ClientStatusException e) {
            Status.Code code = e.getStatusCode();
            if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
                    || code == Status.Code.RESOURCE_EXHAUSTED) {
                throw new EngineUnavailableException("The process engine did not " + what + " (" + code + ")", e);
            }
            String reason = e.getStatus().getDescription();
            throw new OperationRefusedException("The engine refused to " + what + ": "
                    + (reason == null ? code.name() : reason));
        } catch (RuntimeException e) {
            throw new EngineUnavailableException("The process engine did not " + what + ": " + e.getMessage(), e);
        }
    }
}
