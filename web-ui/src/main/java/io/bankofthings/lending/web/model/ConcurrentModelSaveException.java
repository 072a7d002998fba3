package io.bankofthings.lending.web.model;

/** Two saves of the same model at once: one wins, the other is asked to reload and save again. */
public class ConcurrentModelSaveException extends RuntimeException {

    public ConcurrentModelSaveException(String modelName) {
        super("Model " + modelName + " was saved by someone else at the same moment: reload it and save again");
    }
}
