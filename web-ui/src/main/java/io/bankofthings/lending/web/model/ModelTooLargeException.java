package io.bankofthings.lending.web.model;

/** A model file above {@code lending.modeler.max-model-bytes}. */
public class ModelTooLargeException extends RuntimeException {

    public ModelTooLargeException(String modelName, long sizeBytes, long limitBytes) {
        super("Model " + modelName + " is " + sizeBytes + " bytes; the limit is " + limitBytes + " bytes");
    }
}
