package io.bankofthings.lending.web.model;

/** A model file name that is not lower-case letters, digits, '-' or '_' followed by .bpmn or .dmn. */
public class InvalidModelNameException extends RuntimeException {

    public InvalidModelNameException(String fileName) {
        super("Model file name '" + fileName + "' is not valid: use lower-case letters, digits, '-' or '_' and the "
                + "extension .bpmn or .dmn, e.g. chattel-mortgage-loan.bpmn");
    }
}
