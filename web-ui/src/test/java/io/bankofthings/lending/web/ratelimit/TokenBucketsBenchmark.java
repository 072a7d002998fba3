package io.bankofthings.lending.web.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rate-limit decisions per second of {@link TokenBuckets#tryTake}, the cost the limit adds to every limited request.
 * Not part of the normal test run (the class name matches no surefire include pattern); run it with
 * <pre>mvn -B -o -pl web-ui -am test -Dtest=TokenBucketsBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * and copy the printed table into docs/benchmarks/rate-limits.md.
 */
@Tag("benchmark")
class TokenBucketsBenchmark {

    private static final int PER_THREAD = 2_000_000;

    private static double run(int threads, int principals) throws Exception {
        var buckets = new TokenBuckets(1_000_000, Duration.ofSeconds(1), Clock.systemUTC());
        String[] keys = new String[principals];
        for (int i = 0; i < principals; i++) {
            keys[i] = "principal-" + i;
        }
        try (var pool = Executors.newFixedThreadPool(threads)) {
            var tasks = new ArrayList<Callable<Long>>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                tasks.add(() -> {
                    long taken = 0;
                    for (int i = 0; i < PER_THREAD; i++) {
                        if (buckets.tryTake(keys[(i + offset) % principals]).isZero()) {
                            taken++;
                        }
                    }
                    return taken;
                });
            }
            long start = System.nanoTime();
            long taken = 0;
            for (Future<Long> result : pool.invokeAll(tasks)) {
                taken += result.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(taken).isPositive();
            return threads * (double) PER_THREAD / seconds;
        }
    }

    @Test
    void decisionsPerSecond() throws Exception {
        run(2, 1_000); // warm-up
        System.out.println("| threads | principals | decisions/s |");
        System.out.println("|---|---|---|");
        for (int[] scenario : new int[][] {{1, 1}, {1, 10_000}, {8, 1}, {8, 10_000}}) {
            System.out.printf(Locale.ROOT, "| %d | %d | %.0f |%n", scenario[0], scenario[1], run(scenario[0], scenario[1]));
        }
    }
}
