package io.bankofthings.lending.grant;

import io.bankofthings.lending.resume.EngineGeneration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts the authorization-grant process for requested grants. The row stays locked while the instance is created, so
 * two starters never start the same grant; a grant stored while the engine was down is started by the periodic retry.
 * The engine generation is stored with the instance key, so an instance lost with an in-memory engine is found and
 * resumed ({@link GrantProcessResumer}).
 */
@Component
public class GrantProcessStarter {

    private static final Logger LOG = LoggerFactory.getLogger(GrantProcessStarter.class);

    private final Grants grants;
    private final ThingRegistry things;
    private final GrantEngine engine;
    private final TransactionTemplate tx;
    private final EngineGeneration generation;

    public GrantProcessStarter(Grants grants, ThingRegistry things, GrantEngine engine, TransactionTemplate tx,
            EngineGeneration generation) {
        this.grants = grants;
        this.things = things;
        this.engine = engine;
        this.tx = tx;
        this.generation = generation;
    }

    /** Starts the process for this grant unless it has one; returns the process instance key. */
    public long start(String grantId) {
        return tx.execute(status -> {
            var grant = grants.findForUpdate(grantId).orElseThrow(() -> new GrantNotFoundException(grantId));
            if (grant.processInstanceKey() != null) {
                return grant.processInstanceKey();
            }
            var thing = things.find(grant.thingId()).orElseThrow(() -> new ThingNotFoundException(grant.thingId()));
            long key = engine.start(grant, thing.kind());
            grants.setProcessInstanceKey(grantId, key, generation.current());
            LOG.info("Grant {} of thing {} runs in process instance {}", grantId, grant.thingId(), key);
            return key;
        });
    }

    /** Like {@link #start} but logs a failure: the periodic retry picks the grant up. */
    public void startQuietly(String grantId) {
        try {
            start(grantId);
        } catch (RuntimeException e) {
            LOG.warn("Grant {} stored but its process could not be started yet ({}); it will be retried", grantId, e.toString());
        }
    }

    /** Starts the processes of stored grants that have none yet; run by {@link GrantSchedules} on workers replicas. */
    void startPending() {
        for (String grantId : grants.findNotStarted(100)) {
            startQuietly(grantId);
        }
    }
}
