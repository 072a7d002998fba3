package io.bankofthings.lending.grant;

import io.bankofthings.lending.processes.GrantProcess;
import io.bankofthings.lending.resume.EngineGeneration;
import io.bankofthings.lending.resume.ProcessResumer;
import io.bankofthings.lending.resume.ResumableProcess;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Where an open grant whose process instance was lost with the in-memory engine starts again: where its durable
 * state says it was ({@link GrantResumePlan}). The new instance key and engine generation are recorded on the grant,
 * which stays locked meanwhile; the sweep, its retries and the instance creation are {@link ProcessResumer}'s.
 */
@Component
public class GrantProcessResumer implements ResumableProcess {

    /** The metric and log state of a REQUESTED grant that waits for its owner's confirmation. */
    public static final String AWAITING_CONFIRMATION = "AWAITING_CONFIRMATION";

    private final Grants grants;
    private final ThingRegistry things;

    public GrantProcessResumer(Grants grants, ThingRegistry things) {
        this.grants = grants;
        this.things = things;
    }

    @Override
    public String processId() {
        return GrantProcess.PROCESS_ID;
    }

    @Override
    public String caseName() {
        return "grant";
    }

    @Override
    public List<String> findLost(EngineGeneration generation, int limit) {
        return grants.findLostInstances(generation, limit);
    }

    /** Empty when the grant's instance is not lost or the grant is final. */
    @Override
    public Optional<Resumption> plan(String grantId, EngineGeneration generation) {
        var grant = grants.findForUpdate(grantId).orElseThrow(() -> new GrantNotFoundException(grantId));
        if (grant.processInstanceKey() == null || !generation.lost(grants.processGeneration(grantId).orElse(null))) {
            return Optional.empty();
        }
        var thing = things.find(grant.thingId()).orElseThrow(() -> new ThingNotFoundException(grant.thingId()));
        String state = grant.state() == GrantState.REQUESTED && grant.awaitingConfirmation()
                ? AWAITING_CONFIRMATION : grant.state().name();
        return GrantResumePlan.resumePoint(grant, thing.kind())
                .map(point -> new Resumption(state, point, grant.processInstanceKey()));
    }

    @Override
    public void resumed(String grantId, long processInstanceKey, EngineGeneration generation) {
        grants.setProcessInstanceKey(grantId, processInstanceKey, generation.current());
    }
}
