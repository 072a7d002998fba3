package io.bankofthings.lending.web.model;

import java.util.List;

/** What a check found; {@code valid} is false as soon as there is one ERROR finding. */
public record ModelCheckResult(String name, boolean valid, List<ModelFinding> findings) {

    static ModelCheckResult of(ModelName name, List<ModelFinding> findings) {
        boolean valid = findings.stream().noneMatch(f -> f.severity() == ModelFinding.Severity.ERROR);
        return new ModelCheckResult(name.fileName(), valid, List.copyOf(findings));
    }
}
