package io.bankofthings.lending.web.model;

import java.util.List;

/** The engine refused a deployment as invalid; nothing was deployed. */
public class EngineRefusedModelException extends InvalidModelException {

    public EngineRefusedModelException(String modelName, String engineMessage, List<ModelFinding> findings) {
        super(modelName, "The engine refused " + modelName + ": " + engineMessage, findings);
    }
}
