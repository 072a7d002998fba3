package io.bankofthings.lending.web.model;

/** The notation of a model file, told by its extension. */
public enum ModelKind {
    BPMN,
    DMN
}
