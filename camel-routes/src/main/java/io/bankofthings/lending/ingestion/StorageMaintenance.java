package io.bankofthings.lending.ingestion;

import io.bankofthings.lending.storage.TelemetryCompaction;
import io.bankofthings.lending.storage.TelemetryRetention;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Runs storage's compaction and retention for {@link StorageMaintenanceRoute}, each under a PostgreSQL session
 * advisory lock ({@code pg_try_advisory_lock}), so of several replicas only one runs a job at a time; the others skip
 * that tick. A crash releases the lock with its connection. A failing run is logged and recorded, and the next tick
 * tries again. The last run of each job is kept in {@code storage_maintenance_run} for operators.
 */
@Component
public class StorageMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(StorageMaintenance.class);
    private static final int MAX_DETAIL = 1000;

    /** A scheduled job and the key of its advisory lock. */
    public enum Job {
        /** Merging small Parquet objects. */
        COMPACTION(0x4c44_4e47_434f_4d50L),
        /** Deleting day partitions past their tier's retention. */
        RETENTION(0x4c44_4e47_5245_544eL);

        private final long lockKey;

        Job(long lockKey) {
            this.lockKey = lockKey;
        }

        /** Returns the key passed to {@code pg_try_advisory_lock}. */
        public long lockKey() {
            return lockKey;
        }
    }

    /** How a run ended. */
    public enum Outcome {
        /** The job ran to its end (a partition that failed inside is counted in the detail and retried). */
        COMPLETED,
        /** The job stopped with an error; tried again next time. */
        FAILED,
        /** Another replica held the lock; nothing was done. */
        SKIPPED
    }

    /**
     * One run of a job.
     *
     * @param job the job
     * @param startedAt when it started
     * @param finishedAt when it ended
     * @param outcome how it ended
     * @param partitions hour partitions merged (compaction) or day partitions deleted (retention)
     * @param files small objects merged (compaction) or objects deleted (retention)
     * @param objectsWritten merged objects written
     * @param objectsDeleted objects deleted (merged sources or expired)
     * @param bytesBefore bytes of the merged objects
     * @param bytesAfter bytes of the objects written
     * @param detail partitions that failed, or the error of a failed run; null otherwise
     */
    public record Run(
            Job job,
            Instant startedAt,
            Instant finishedAt,
            Outcome outcome,
            int partitions,
            long files,
            long objectsWritten,
            long objectsDeleted,
            long bytesBefore,
            long bytesAfter,
            @Nullable String detail) {}

    private final JdbcTemplate jdbc;
    private final TelemetryCompaction compaction;
    private final TelemetryRetention retention;

    /** Locks and records in the database of {@code jdbc}. */
    public StorageMaintenance(JdbcTemplate jdbc, TelemetryCompaction compaction, TelemetryRetention retention) {
        this.jdbc = jdbc;
        this.compaction = compaction;
        this.retention = retention;
    }

    /** Runs compaction once unless another replica is running it. */
    public Run compact() {
        return runLocked(Job.COMPACTION, () -> {
            TelemetryCompaction.Report report = compaction.run();
            String detail = report.partitionsFailed() == 0 ? null
                    : report.partitionsFailed() + " partitions failed and are retried next run (see the log)";
            return new Run(Job.COMPACTION, report.startedAt(), report.finishedAt(), Outcome.COMPLETED,
                    report.partitionsCompacted(), report.filesMerged(), report.objectsWritten(), report.filesMerged(),
                    report.bytesBefore(), report.bytesAfter(), detail);
        });
    }

    /** Runs retention once unless another replica is running it. */
    public Run applyRetention() {
        return runLocked(Job.RETENTION, () -> {
            TelemetryRetention.Report report = retention.run();
            return new Run(Job.RETENTION, report.startedAt(), report.finishedAt(), Outcome.COMPLETED,
                    report.deleted().size(), report.objectsDeleted(), 0, report.objectsDeleted(), 0, 0, null);
        });
    }

    /** Returns the last recorded run of {@code job}, by any replica. */
    public Optional<Run> last(Job job) {
        List<Run> runs = jdbc.query("select * from storage_maintenance_run where job = ?", (rs, row) -> run(rs), job.name());
        return runs.stream().findFirst();
    }

    private Run runLocked(Job job, Supplier<Run> work) {
        Instant startedAt = Instant.now();
        Run run;
        try {
            run = jdbc.execute((ConnectionCallback<Run>) connection -> {
                if (!advisoryLock(connection, "select pg_try_advisory_lock(?)", job)) {
                    return null;
                }
                try {
                    return work.get();
                } catch (RuntimeException e) {
                    LOG.warn("Storage {} run failed, tried again next time: {}", job.name().toLowerCase(Locale.ROOT), e.toString());
                    return new Run(job, startedAt, Instant.now(), Outcome.FAILED, 0, 0, 0, 0, 0, 0, truncate(e.toString()));
                } finally {
                    advisoryLock(connection, "select pg_advisory_unlock(?)", job);
                }
            });
        } catch (DataAccessException e) {
            LOG.warn("Storage {} run skipped: PostgreSQL unavailable for its lock: {}", job.name().toLowerCase(Locale.ROOT),
                    e.getMostSpecificCause().toString());
            return new Run(job, startedAt, Instant.now(), Outcome.FAILED, 0, 0, 0, 0, 0, 0,
                    truncate("PostgreSQL unavailable: " + e.getMostSpecificCause()));
        }
        if (run == null) {
            LOG.debug("Storage {} run skipped: another replica holds the lock", job);
            return new Run(job, startedAt, Instant.now(), Outcome.SKIPPED, 0, 0, 0, 0, 0, 0, null);
        }
        record(run);
        return run;
    }

    private static boolean advisoryLock(java.sql.Connection connection, String sql, Job job) throws java.sql.SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, job.lockKey());
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private void record(Run run) {
        try {
            jdbc.update("""
                    insert into storage_maintenance_run (job, started_at, finished_at, outcome, partitions, files,
                        objects_written, objects_deleted, bytes_before, bytes_after, detail)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (job) do update set started_at = excluded.started_at, finished_at = excluded.finished_at,
                        outcome = excluded.outcome, partitions = excluded.partitions, files = excluded.files,
                        objects_written = excluded.objects_written, objects_deleted = excluded.objects_deleted,
                        bytes_before = excluded.bytes_before, bytes_after = excluded.bytes_after, detail = excluded.detail
                    """,
                    run.job().name(), Timestamp.from(run.startedAt()), Timestamp.from(run.finishedAt()), run.outcome().name(),
                    run.partitions(), run.files(), run.objectsWritten(), run.objectsDeleted(), run.bytesBefore(),
                    run.bytesAfter(), run.detail());
        } catch (DataAccessException e) {
            LOG.warn("Could not record the storage {} run: {}", run.job(), e.getMostSpecificCause().toString());
        }
    }

    private static Run run(ResultSet rs) throws java.sql.SQLException {
        return new Run(
                Job.valueOf(rs.getString("job")),
                rs.getTimestamp("started_at").toInstant(),
                rs.getTimestamp("finished_at").toInstant(),
                Outcome.valueOf(rs.getString("outcome")),
                rs.getInt("partitions"),
                rs.getLong("files"),
                rs.getLong("objects_written"),
                rs.getLong("objects_deleted"),
                rs.getLong("bytes_before"),
                rs.getLong("bytes_after"),
                rs.getString("detail"));
    }

    private static @Nullable String truncate(@Nullable String text) {
        return text == null || text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL);
    }
}
