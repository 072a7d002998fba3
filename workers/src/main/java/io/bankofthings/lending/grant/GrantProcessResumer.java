package io.bankofthings.lending.grant;

import io.bankofthings.lending.processes.GrantProcess;
import io.bankofthings.lending.resume.EngineGeneration;
import io.bankofthings.lending.resume.ProcessResumer;
import io.bankofthings.lending.resume.ResumableProcess;
import io.bankofthings.lending.task.UserTaskInbox;
import io.camunda.client.CamundaClient;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives an open grant whose process instance was lost with the in-memory engine a new instance, started where its
 * durable state says it was ({@link GrantResumePlan}), and records the new instance key and engine generation. The
 * grant row stays locked while the instance is created and the generation is checked again under the lock, so a
 * grant is resumed once. The sweep after start-up and its retries are {@link ProcessResumer}'s.
 */
@Component
public class GrantProcessResumer implements ResumableProcess {

    private static final Logger LOG = LoggerFactory.getLogger(GrantProcessResumer.class);

    private final CamundaClient client;
    private final Grants grants;
    private final ThingRegistry things;
    private final TransactionTemplate tx;
    private final EngineGeneration generation;
    private final UserTaskInbox inbox;

    public GrantProcessResumer(CamundaClient client, Grants grants, ThingRegistry things, TransactionTemplate tx,
            EngineGeneration generation, UserTaskInbox inbox) {
        this.client = client;
        this.grants = grants;
        this.things = things;
        this.tx = tx;
        this.generation = generation;
        this.inbox = inbox;
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
    public List<String> findLost(EngineGeneration current, int limit) {
        return grants.findLostInstances(current, limit);
    }

    @Override
    public Optional<String> resume(String grantId) {
        return tx.execute(status -> {
            var grant = grants.findForUpdate(grantId).orElseThrow(() -> new GrantNotFoundException(grantId));
            if (grant.processInstanceKey() == null || !generation.lost(grants.processGeneration(grantId).orElse(null))) {
                return Optional.<String>empty();
            }
            var thing = things.find(grant.thingId()).orElseThrow(() -> new ThingNotFoundException(grant.thingId()));
            var point = GrantResumePlan.resumePoint(grant, thing.kind());
            if (point.isEmpty()) {
                return Optional.<String>empty();
            }
            // the confirmation task of the lost instance can no longer be completed; the new instance opens its own
            inbox.closeAll(GrantProcess.PROCESS_ID, grantId, ProcessResumer.ENGINE_RESTARTED);
            long instance = point.get().startIn(client, GrantProcess.PROCESS_ID);
            grants.setProcessInstanceKey(grantId, instance, generation.current());
            String state = grant.state() == GrantState.REQUESTED && grant.awaitingConfirmation()
                    ? "AWAITING_CONFIRMATION" : grant.state().name();
            LOG.info("Grant {} of thing {} ({}) resumed before {} in process instance {}; instance {} was lost with its engine",
                    grantId, grant.thingId(), state, point.get().elementId(), instance, grant.processInstanceKey());
            return Optional.of(state);
        });
    }
}
