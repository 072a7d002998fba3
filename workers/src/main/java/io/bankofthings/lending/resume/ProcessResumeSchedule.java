package io.bankofthings.lending.resume;

import io.bankofthings.lending.config.ConditionalOnWorkersRole;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs {@link ProcessResumer}'s sweep shortly after start-up and while a case is left to retry, on replicas with the
 * workers role only (like the job workers that carry the resumed instances on).
 */
@Component
@ConditionalOnWorkersRole
class ProcessResumeSchedule {

    private final ProcessResumer resumer;

    ProcessResumeSchedule(ProcessResumer resumer) {
        this.resumer = resumer;
    }

    @Scheduled(fixedDelayString = "${lending.processes.resume-retry-interval:PT5S}",
            initialDelayString = "${lending.processes.resume-retry-interval:PT5S}")
    void resumeWhileDue() {
        resumer.resumeWhileDue();
    }
}
