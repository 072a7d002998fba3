package io.bankofthings.lending.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.support.TestDatabase;
import io.bankofthings.lending.support.TestZeebe;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Records per second that {@link ProcessReadModel#project} writes into the real embedded PostgreSQL, for records of
 * the real in-memory engine (instances with variables, a job and a completed end), and how fast a replay of the same
 * records is ignored. Not part of the normal test run (the class name matches no surefire include pattern); run it
 * with
 * <pre>mvn -B -o -pl workers -am test -Dtest=ProcessReadModelBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * and copy the printed table into docs/benchmarks/read-model.md.
 */
@Tag("benchmark")
class ProcessReadModelBenchmark {

    private static final int INSTANCES = 500;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int BATCH = RecordStreamFeed.BATCH_SIZE;

    @Test
    void projectsEngineRecords() {
        try (var zeebe = TestZeebe.fresh()) {
            var client = zeebe.client();
            var model = Bpmn.createExecutableProcess("rm-benchmark")
                    .startEvent("Start")
                    .serviceTask("Work", t -> t.zeebeJobType("rm-benchmark-work"))
                    .endEvent("End")
                    .done();
            client.newDeployResourceCommand().addProcessModel(model, "rm-benchmark.bpmn").send().join();
            for (int i = 0; i < INSTANCES; i++) {
                client.newCreateInstanceCommand().bpmnProcessId("rm-benchmark").latestVersion()
                        .variables(Map.of("loanId", "L-bench-" + i, "amountMinor", 1000 + i,
                                "collateral", List.of(Map.of("collateralId", "C-bench-" + i))))
                        .requestTimeout(TIMEOUT).send().join();
            }
            zeebe.idle();
            int completed = 0;
            while (completed < INSTANCES) {
                var jobs = client.newActivateJobsCommand().jobType("rm-benchmark-work").maxJobsToActivate(100)
                        .requestTimeout(TIMEOUT).send().join().getJobs();
                for (var job : jobs) {
                    client.newCompleteCommand(job).variables(Map.of("worked", true)).requestTimeout(TIMEOUT).send().join();
                }
                completed += jobs.size();
            }
            zeebe.idle();

            List<EngineRecord> records = new ArrayList<>();
            zeebe.engine().getRecordStreamSource().getRecords().forEach(r -> records.add(EngineRecord.fromJson(r.toJson())));
            var readModel = new ProcessReadModel(TestDatabase.jdbc(), TestDatabase.transactions());
            readModel.startSource("benchmark-" + System.nanoTime(), true);

            long start = System.nanoTime();
            int projected = 0;
            for (int from = 0; from < records.size(); from += BATCH) {
                projected += readModel.project(records.subList(from, Math.min(records.size(), from + BATCH))).projected();
            }
            double projectSeconds = (System.nanoTime() - start) / 1e9;

            start = System.nanoTime();
            int duplicates = 0;
            for (int from = 0; from < records.size(); from += BATCH) {
                duplicates += readModel.project(records.subList(from, Math.min(records.size(), from + BATCH))).duplicates();
            }
            double replaySeconds = (System.nanoTime() - start) / 1e9;

            assertThat(projected).isEqualTo(records.size());
            assertThat(duplicates).isEqualTo(records.size());
            long events = records.stream().filter(EngineRecord::isEvent).count();
            System.out.println("| run | instances | records (events) | seconds | records/s | instances/s |");
            System.out.println("|---|---|---|---|---|---|");
            System.out.println(String.format(Locale.ROOT, "| project | %d | %d (%d) | %.2f | %.0f | %.0f |", INSTANCES,
                    records.size(), events, projectSeconds, records.size() / projectSeconds, INSTANCES / projectSeconds));
            System.out.println(String.format(Locale.ROOT, "| replay (all duplicates) | %d | %d (%d) | %.2f | %.0f | %.0f |",
                    INSTANCES, records.size(), events, replaySeconds, records.size() / replaySeconds,
                    INSTANCES / replaySeconds));
        }
    }
}
