package io.bankofthings.lending.web.model;

import java.util.List;

/** A model refused before it reached the store or the engine; the findings name the elements at fault. */
public class InvalidModelException extends RuntimeException {

    private final String modelName;
    private final List<ModelFinding> findings;

    public InvalidModelException(String modelName, String message, List<ModelFinding> findings) {
        super(message);
        this.modelName = modelName;
        this.findings = List.copyOf(findings);
    }

    public String modelName() {
        return modelName;
    }

    public List<ModelFinding> findings() {
        return findings;
    }
}
