package io.bankofthings.lending.web.model;

/** No model (or no such saved version of it) under that name. */
public class ModelNotFoundException extends RuntimeException {

    public ModelNotFoundException(String what) {
        super("There is no model " + what);
    }
}
