package io.bankofthings.lending.grant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Business meters of thing payments: {@code lending.payments} tagged {@code result} (AUTHORIZED, REFUSED) and
 * {@code rule} (the refusing {@link RefusalRule}, {@code none} when authorized), {@code lending.payments.amount}
 * (authorized amounts in minor units, tagged {@code currency}) and {@code lending.payments.replayed} (retries answered
 * with the first outcome, which count nowhere else).
 */
@Component
public class PaymentMetrics {

    private final MeterRegistry registry;
    private final Counter replayed;

    /** Registers in the application's registry, or a private one when Micrometer is not set up. */
    @Autowired
    public PaymentMetrics(ObjectProvider<MeterRegistry> registries) {
        this(registries.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Registers in {@code registry}. */
    public PaymentMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.replayed = Counter.builder("lending.payments.replayed")
                .description("Payment retries answered with the first outcome")
                .register(registry);
    }

    void decided(ThingPayment payment) {
        Counter.builder("lending.payments")
                .description("Thing payments decided")
                .tag("result", payment.result())
                .tag("rule", payment.refusalRule() == null ? "none" : payment.refusalRule().name())
                .register(registry)
                .increment();
        if (payment.authorized()) {
            DistributionSummary.builder("lending.payments.amount")
                    .description("Authorized payment amounts, in minor units")
                    .baseUnit("minor")
                    .tag("currency", payment.currency())
                    .register(registry)
                    .record(payment.amountMinor());
        }
    }

    void replayed() {
        replayed.increment();
    }
}
