package io.bankofthings.lending.loan;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Business meters of loans, in the application's Micrometer registry: {@code lending.loans.submitted},
 * {@code lending.loans.decided} tagged {@code outcome} (APPROVE, REFER, REJECT) and {@code by} (table, underwriter),
 * {@code lending.loans.disbursed.amount} (minor units, tagged {@code currency}; its count is the number of loans
 * paid out). Resumed loans are counted by {@code lending.processes.resumed}. Each event is counted once: repeated
 * decisions and replayed disbursements are not.
 */
@Component
public class LoanMetrics {

    private final MeterRegistry registry;
    private final Counter submitted;

    /** Registers in the application's registry, or a private one when Micrometer is not set up. */
    @Autowired
    public LoanMetrics(ObjectProvider<MeterRegistry> registries) {
        this(registries.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Registers in {@code registry}. */
    public LoanMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.submitted = Counter.builder("lending.loans.submitted")
                .description("Loan applications accepted")
                .register(registry);
    }

    void submitted() {
        submitted.increment();
    }

    void decided(String outcome, String decidedBy) {
        Counter.builder("lending.loans.decided")
                .description("Loan decisions recorded")
                .tag("outcome", outcome)
                .tag("by", decidedBy.startsWith("dmn:") ? "table" : "underwriter")
                .register(registry)
                .increment();
    }

    void disbursed(long amountMinor, String currency) {
        DistributionSummary.builder("lending.loans.disbursed.amount")
                .description("Loan amounts paid out, in minor units")
                .baseUnit("minor")
                .tag("currency", currency)
                .register(registry)
                .record(amountMinor);
    }
}
