package io.bankofthings.lending.resume;

import java.util.List;
import java.util.Optional;

/**
 * One process whose open cases {@link ProcessResumer} gives a new instance when theirs was lost with the in-memory
 * engine. An implementation finds the cases by their {@code process_generation}, says where one resumes while its
 * row is locked (checking the generation again under the lock, so a case is resumed once even by several replicas)
 * and records the new instance on the row; {@link ProcessResumer} holds the transaction around both and creates the
 * instance in between.
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
     * In the caller's transaction: locks the case and says where it resumes.
     *
     * @return empty when its instance is not lost, or nothing of it is left to run (an implementation then records
     *     the current generation, so the case leaves {@link #findLost})
     */
    Optional<Resumption> plan(String businessKey, EngineGeneration generation);

    /** In the same transaction: records the new instance and the generation that runs it. */
    void resumed(String businessKey, long processInstanceKey, EngineGeneration generation);

    /**
     * Where a case resumes.
     *
     * @param state       the durable state it resumes from, the {@code state} tag of the metric
     * @param point       the element and variables of the new instance
     * @param lostInstance the key of the instance that was lost, for the log; null if none was recorded
     */
    record Resumption(String state, ResumePoint point, Long lostInstance) {}
}
