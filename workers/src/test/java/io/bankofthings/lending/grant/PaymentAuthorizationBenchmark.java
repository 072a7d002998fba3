package io.bankofthings.lending.grant;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.bankofthings.lending.support.TestDatabase;
import io.bankofthings.lending.support.TestZeebe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Payment authorizations per second and p50/p99 latency of {@link PaymentAuthorizer#authorize} against the real
 * embedded PostgreSQL (grant row lock, counters, ledger posting, payment row, risk check). Not part of the normal test
 * run (the class name matches no surefire include pattern); run it with
 * <pre>mvn -B -o -pl workers -am test -Dtest=PaymentAuthorizationBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * and copy the printed table into docs/benchmarks/grants.md.
 */
@Tag("benchmark")
class PaymentAuthorizationBenchmark {

    private static final int WARM_UP = 500;
    private static final int PAYMENTS = 4_000;

    record Result(String scenario, int threads, int payments, double perSecond, double p50Millis, double p99Millis,
            double maxMillis) {

        String row() {
            return String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.2f | %.2f | %.2f |", scenario, threads, payments,
                    perSecond, p50Millis, p99Millis, maxMillis);
        }
    }

    @Test
    void measuresPaymentAuthorizations() throws Exception {
        var config = new HikariConfig();
        config.setDataSource(TestDatabase.dataSource());
        config.setMaximumPoolSize(10);
        try (var pool = new HikariDataSource(config)) {
            var world = new GrantWorld(TestZeebe.shared().client(), new GrantRiskSettings(1_000_000, Duration.ofSeconds(1)), pool);
            var results = new ArrayList<Result>();
            run(world, "warm-up (discarded)", 4, 1, WARM_UP);
            results.add(run(world, "one thing, sequential", 1, 1, PAYMENTS));
            results.add(run(world, "8 things, 8 threads", 8, 8, PAYMENTS));
            results.add(run(world, "one thing, 8 threads (one grant lock)", 8, 1, PAYMENTS));
            System.out.println();
            System.out.println("| scenario | threads | payments | authorizations/s | p50 ms | p99 ms | max ms |");
            System.out.println("|---|---|---|---|---|---|---|");
            results.forEach(r -> System.out.println(r.row()));
            System.out.println();
            assertThat(world.ledger.trialBalance().values()).allMatch(net -> net == 0L);
        }
    }

    private static Result run(GrantWorld world, String scenario, int threads, int thingCount, int payments) throws Exception {
        String owner = GrantWorld.uniqueOwner("bench");
        List<Thing> things = new ArrayList<>();
        for (int i = 0; i < thingCount; i++) {
            var thing = world.thing(owner, ThingKind.VEHICLE).thing();
            world.authorizedGrant(thing, world.limits().maxPerTransaction(10_000L).daily(1_000_000_000L).build());
            things.add(thing);
        }
        long[] latencies = new long[payments];
        var executor = Executors.newFixedThreadPool(threads);
        List<Callable<Void>> tasks = new ArrayList<>();
        int perThread = payments / threads;
        for (int t = 0; t < threads; t++) {
            int thread = t;
            tasks.add(() -> {
                Thing thing = things.get(thread % things.size());
                for (int i = 0; i < perThread; i++) {
                    int index = thread * perThread + i;
                    long start = System.nanoTime();
                    var outcome = world.pay(thing, "bench-" + UUID.randomUUID(), 100, "charge-point-1");
                    latencies[index] = System.nanoTime() - start;
                    if (!outcome.payment().authorized()) {
                        throw new IllegalStateException("benchmark payment refused: " + outcome.payment().refusalDetail());
                    }
                }
                return null;
            });
        }
        long begin = System.nanoTime();
        try {
            for (var future : executor.invokeAll(tasks)) {
                future.get();
            }
        } finally {
            executor.shutdownNow();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        int done = perThread * threads;
        long[] measured = Arrays.copyOf(latencies, done);
        Arrays.sort(measured);
        return new Result(scenario, threads, done, done / seconds, millis(measured, 0.50), millis(measured, 0.99),
                measured[done - 1] / 1e6);
    }

    private static double millis(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
