package io.bankofthings.lending.web.model;

import io.camunda.zeebe.dmn.DecisionEngine;
import io.camunda.zeebe.dmn.DecisionEngineFactory;
import io.camunda.zeebe.dmn.ParsedDecision;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.camunda.bpm.model.xml.validation.ValidationResultType;
import org.springframework.stereotype.Component;

/**
 * Checks a model the way the engine will before anything is stored or deployed: BPMN through the Zeebe model API
 * (XML schema, then the Zeebe design-time validators), DMN through the engine's own DMN parser, and in both cases that
 * the file defines the process or decision its name promises.
 */
@Component
public class ModelChecker {

    private final ModelerSettings settings;
    private final DecisionEngine decisions = DecisionEngineFactory.createDecisionEngine();

    public ModelChecker(ModelerSettings settings) {
        this.settings = settings;
    }

    /** Refuses a file above the size limit; throws {@link ModelTooLargeException}. */
    public void checkSize(ModelName name, long sizeBytes) {
        if (sizeBytes > settings.maxModelBytes()) {
            throw new ModelTooLargeException(name.fileName(), sizeBytes, settings.maxModelBytes());
        }
    }

    public ModelCheckResult check(ModelName name, byte[] content) {
        checkSize(name, content.length);
        if (content.length == 0) {
            return ModelCheckResult.of(name, List.of(ModelFinding.error(null, "The file is empty")));
        }
        return ModelCheckResult.of(name, switch (name.kind()) {
            case BPMN -> checkBpmn(name, content);
            case DMN -> checkDmn(name, content);
        });
    }

    private List<ModelFinding> checkBpmn(ModelName name, byte[] content) {
        BpmnModelInstance model;
        try {
            model = Bpmn.readModelFromStream(new ByteArrayInputStream(content));
            Bpmn.validateModel(model);
        } catch (RuntimeException e) {
            return List.of(ModelFinding.error(null, "Not a valid BPMN 2.0 XML file: " + rootMessage(e)));
        }
        var findings = new ArrayList<ModelFinding>();
        var results = model.validate(ZeebeDesignTimeValidators.VALIDATORS);
        results.getResults().forEach((element, list) -> list.forEach(result -> findings.add(new ModelFinding(
                idOf(element),
                result.getType() == ValidationResultType.ERROR ? ModelFinding.Severity.ERROR : ModelFinding.Severity.WARNING,
                result.getMessage()))));

        var processes = model.getModelElementsByType(Process.class);
        var named = processes.stream().filter(p -> name.resourceId().equals(p.getId())).findFirst();
        if (named.isEmpty()) {
            String ids = processes.stream().map(Process::getId).toList().toString();
            findings.add(ModelFinding.error(processes.isEmpty() ? null : processes.iterator().next().getId(),
                    "The file " + name.fileName() + " must define the process id '" + name.resourceId() + "', but it defines "
                            + ids + ": rename the process or the file"));
        } else if (!named.get().isExecutable()) {
            findings.add(ModelFinding.error(named.get().getId(),
                    "Process '" + named.get().getId() + "' is not executable: set isExecutable=\"true\""));
        }
        return findings;
    }

    private List<ModelFinding> checkDmn(ModelName name, byte[] content) {
        io.camunda.zeebe.dmn.ParsedDecisionRequirementsGraph drg;
        try {
            drg = decisions.parse(new ByteArrayInputStream(content));
        } catch (RuntimeException e) {
            return List.of(ModelFinding.error(null, "Not a valid DMN file: " + rootMessage(e)));
        }
        if (!drg.isValid()) {
            return List.of(ModelFinding.error(null, "Not a valid DMN file: " + drg.getFailureMessage()));
        }
        var ids = drg.getDecisions().stream().map(ParsedDecision::getId).toList();
        if (!ids.contains(name.resourceId())) {
            return List.of(ModelFinding.error(drg.getId(), "The file " + name.fileName() + " must define the decision id '"
                    + name.resourceId() + "', but it defines " + ids + ": rename the decision or the file"));
        }
        return List.of();
    }

    private static String idOf(ModelElementInstance element) {
        String id = element.getAttributeValue("id");
        return id == null || id.isBlank() ? null : id;
    }

    private static String rootMessage(Throwable e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String message = deepest.getMessage() != null ? deepest.getMessage() : e.getMessage();
        if (message == null) {
            return deepest.getClass().getSimpleName();
        }
        return message.length() > 400 ? message.substring(0, 400) + "…" : message;
    }
}
