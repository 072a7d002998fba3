package io.bankofthings.lending.grant;

import io.bankofthings.lending.config.ConditionalOnWorkersRole;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** The grants' periodic retry, on replicas with the workers role only: start the processes of grants stored while the
 * engine was down. */
@Component
@ConditionalOnWorkersRole
class GrantSchedules {

    private final GrantProcessStarter starter;

    GrantSchedules(GrantProcessStarter starter) {
        this.starter = starter;
    }

    @Scheduled(fixedDelayString = "${lending.grants.start-retry-interval:PT5S}",
            initialDelayString = "${lending.grants.start-retry-interval:PT5S}")
    void startPending() {
        starter.startPending();
    }
}
