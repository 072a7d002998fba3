package io.bankofthings.lending.web.model;

import java.util.regex.Pattern;

/**
 * A model's file name such as {@code chattel-mortgage-loan.bpmn}; the part before the extension is the id of the
 * process (BPMN) or decision (DMN) the file must define.
 */
public record ModelName(String fileName, ModelKind kind, String resourceId) {

    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,99}\\.(bpmn|dmn)");

    /** Parses a file name; throws {@link InvalidModelNameException} naming the bad value. */
    public static ModelName of(String fileName) {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
            throw new InvalidModelNameException(fileName);
        }
        int dot = fileName.lastIndexOf('.');
        var kind = fileName.endsWith(".bpmn") ? ModelKind.BPMN : ModelKind.DMN;
        return new ModelName(fileName, kind, fileName.substring(0, dot));
    }

    @Override
    public String toString() {
        return fileName;
    }
}
