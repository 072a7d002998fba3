package io.bankofthings.lending.web.model;

/**
 * One problem found in a model.
 *
 * @param elementId id of the BPMN/DMN element at fault; null when the finding is about the whole file
 * @param severity ERROR (the model is refused) or WARNING (it is accepted)
 */
public record ModelFinding(String elementId, Severity severity, String message) {

    public enum Severity {
        ERROR,
        WARNING
    }

    static ModelFinding error(String elementId, String message) {
        return new ModelFinding(elementId, Severity.ERROR, message);
    }

    static ModelFinding warning(String elementId, String message) {
        return new ModelFinding(elementId, Severity.WARNING, message);
    }
}
