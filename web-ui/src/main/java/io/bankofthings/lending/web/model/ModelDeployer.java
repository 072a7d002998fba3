package io.bankofthings.lending.web.model;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.DeploymentEvent;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Deploys one model file to the engine through the Camunda client. A deployment is all or nothing: when the engine
 * refuses it, no version changes and running instances are untouched.
 */
@Component
class ModelDeployer {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern ELEMENT_ERROR = Pattern.compile(
            "- Element: ([^\\s>]+)(?:\\s*>\\s*([^\\r\\n]+?))?\\s*\\R\\s*- ERROR: ([^\\r\\n]+)");

    /** What the engine made of a deployed file. */
    record Deployed(String resourceId, int engineVersion, long definitionKey, long deploymentKey) {}

    private final CamundaClient client;

    ModelDeployer(CamundaClient client) {
        this.client = client;
    }

    Deployed deploy(ModelName name, byte[] content) {
        DeploymentEvent event;
        try {
            event = client.newDeployResourceCommand()
                    .addResourceBytes(content, name.fileName())
                    .send()
                    .join(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (ClientStatusException e) {
            if (e.getStatusCode() == Status.Code.INVALID_ARGUMENT) {
                String message = e.getStatus().getDescription() != null ? e.getStatus().getDescription() : e.getMessage();
                throw new EngineRefusedModelException(name.fileName(), message, findingsIn(message));
            }
            throw e;
        }
        return switch (name.kind()) {
            case BPMN -> event.getProcesses().stream()
                    .filter(p -> p.getBpmnProcessId().equals(name.resourceId()))
                    .findFirst()
                    .map(p -> new Deployed(p.getBpmnProcessId(), p.getVersion(), p.getProcessDefinitionKey(), event.getKey()))
                    .orElseThrow(() -> new IllegalStateException("The engine deployed " + name + " without process " + name.resourceId()));
            case DMN -> event.getDecisions().stream()
                    .filter(d -> d.getDmnDecisionId().equals(name.resourceId()))
                    .findFirst()
                    .map(d -> new Deployed(d.getDmnDecisionId(), d.getVersion(), d.getDecisionKey(), event.getKey()))
                    .orElseThrow(() -> new IllegalStateException("The engine deployed " + name + " without decision " + name.resourceId()));
        };
    }

    /** The engine lists refused elements as "- Element: id" (or "id > part") followed by "- ERROR: message". */
    static List<ModelFinding> findingsIn(String engineMessage) {
        var findings = new ArrayList<ModelFinding>();
        var matcher = ELEMENT_ERROR.matcher(engineMessage == null ? "" : engineMessage);
        while (matcher.find()) {
            String part = matcher.group(2) == null ? "" : matcher.group(2).strip() + ": ";
            findings.add(ModelFinding.error(matcher.group(1), part + matcher.group(3).strip()));
        }
        if (findings.isEmpty()) {
            findings.add(ModelFinding.error(null, engineMessage));
        }
        return findings;
    }
}
