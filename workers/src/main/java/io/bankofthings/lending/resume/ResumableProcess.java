package io.bankofthings.lending.resume;

import java.util.List;
import java.util.Optional;

/**
 * One process whose open cases {@link ProcessResumer} gives a new instance when theirs was lost with the in-memory
 * engine. An implementation finds the cases by their {@code process_generation} and resumes one at a time, holding
 * the case's row lock while the instance is created and checking the generation again under it, so a case is resumed
 * once even by several replicas.
 */
public interface ResumableProcess {

    /** The BPMN process id, the {@code process} tag of {@code lending.processes.resumed}. */
    String processId();

    /** What one case is called in log lines, e.g. "loan". */
    String caseName();

    /**
     * Business keys of open cases whose instance belongs to another engine generation (oldest first, at most
     * {@code limit}); a case resumed, or found to need no instance, must leave this list.
     */
    List<String> findLost(EngineGeneration generation, int limit);

    /**
     * Gives this case a new instance if its instance is lost.
     *
     * @return the durable state it resumed from; empty when its instance is not lost or nothing is left to run
     */
    Optional<String> resume(String businessKey);
}
