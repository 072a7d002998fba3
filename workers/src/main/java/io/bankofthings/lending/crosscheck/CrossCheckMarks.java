package io.bankofthings.lending.crosscheck;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The cross-check's PostgreSQL state: the recent readings of cross-checked devices ({@code crosscheck_source_reading})
 * and the marks ({@code crosscheck_mark}). Every write is idempotent, so a batch delivered twice marks once.
 */
@Repository
public class CrossCheckMarks {

    /** A recent reading of a cross-checked device: a tracker's (POSITION) or a gate's sighting (SIGHTING). */
    record SourceReading(String deviceId, long sequence, Instant at, String kind, @Nullable Double latitude,
            @Nullable Double longitude, @Nullable Double accuracyMeters) {}

    static final String POSITION = "POSITION";
    static final String SIGHTING = "SIGHTING";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public CrossCheckMarks(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Keeps the readings, each (device, sequence) once. */
    void record(List<SourceReading> readings) {
        if (readings.isEmpty()) {
            return;
        }
        template.batchUpdate("""
                        insert into crosscheck_source_reading (device_id, sequence, reading_at, kind, latitude, longitude,
                                                               accuracy_m)
                        values (?, ?, ?, ?, ?, ?, ?) on conflict (device_id, sequence) do nothing""",
                readings, readings.size(), (ps, r) -> {
                    ps.setString(1, r.deviceId());
                    ps.setLong(2, r.sequence());
                    ps.setTimestamp(3, Timestamp.from(r.at()));
                    ps.setString(4, r.kind());
                    ps.setObject(5, r.latitude());
                    ps.setObject(6, r.longitude());
                    ps.setObject(7, r.accuracyMeters());
                });
    }

    /** The sightings of {@code gates} from {@code from} on that still wait for a verdict, oldest first. */
    List<CrossCheckRule.Sighting> unsettledSightings(Collection<String> gates, Instant from) {
        return jdbc.sql("""
                        select device_id, sequence, reading_at, latitude, longitude from crosscheck_source_reading
                        where device_id in (:gates) and kind = 'SIGHTING' and settled_at is null and reading_at >= :from
                        order by reading_at, device_id, sequence""")
                .param("gates", gates)
                .param("from", Timestamp.from(from))
                .query(CrossCheckMarks::sighting)
                .list();
    }

    /** Sightings taken in {@code [from, before)} still waiting for a verdict, oldest first, at most {@code limit}. */
    List<CrossCheckRule.Sighting> dueSightings(Instant from, Instant before, int limit) {
        return jdbc.sql("""
                        select device_id, sequence, reading_at, latitude, longitude from crosscheck_source_reading
                        where kind = 'SIGHTING' and settled_at is null and reading_at >= :from and reading_at < :before
                        order by reading_at, device_id, sequence limit :limit""")
                .param("from", Timestamp.from(from))
                .param("before", Timestamp.from(before))
                .param("limit", limit)
                .query(CrossCheckMarks::sighting)
                .list();
    }

    /** The tracker's readings from {@code from} on. */
    List<CrossCheckRule.Fix> fixes(String trackerId, Instant from) {
        return jdbc.sql("""
                        select device_id, sequence, reading_at, latitude, longitude, accuracy_m from crosscheck_source_reading
                        where device_id = :id and reading_at >= :from and kind = 'POSITION'
                        order by reading_at, sequence""")
                .param("id", trackerId)
                .param("from", Timestamp.from(from))
                .query((rs, n) -> new CrossCheckRule.Fix(rs.getString("device_id"), rs.getLong("sequence"),
                        rs.getTimestamp("reading_at").toInstant(), rs.getObject("latitude", Double.class),
                        rs.getObject("longitude", Double.class), rs.getObject("accuracy_m", Double.class)))
                .list();
    }

    /**
     * Marks the sighting with its verdict against {@code trackerId}, and for a disagreement the tracker's reading too,
     * in one statement.
     *
     * @return whether the sighting's mark is new (false when it was marked before, e.g. by a redelivered batch)
     */
    boolean mark(CheckedCollateral item, CrossCheckRule.Sighting sighting, String trackerId, CrossCheckRule.Verdict verdict) {
        var fix = verdict.fix();
        Double gapSeconds = verdict.gap() == null ? null : verdict.gap().toNanos() / 1e9;
        long inserted = jdbc.sql("""
                        with sighting as (
                            insert into crosscheck_mark (collateral_id, loan_id, device_id, sequence, reading_at, subject,
                                other_device_id, other_sequence, other_reading_at, outcome, distance_m, tolerance_m,
                                time_gap_seconds)
                            values (:collateral, :loan, :gate, :gateSeq, :gateAt, 'SIGHTING', :tracker, :fixSeq, :fixAt,
                                :outcome, :distance, :tolerance, :gap)
                            on conflict do nothing
                            returning 1),
                        position as (
                            insert into crosscheck_mark (collateral_id, loan_id, device_id, sequence, reading_at, subject,
                                other_device_id, other_sequence, other_reading_at, outcome, distance_m, tolerance_m,
                                time_gap_seconds)
                            select cast(:collateral as varchar), cast(:loan as varchar), cast(:tracker as varchar),
                                cast(:fixSeq as bigint), cast(:fixAt as timestamptz), 'POSITION', cast(:gate as varchar),
                                cast(:gateSeq as bigint), cast(:gateAt as timestamptz), cast(:outcome as varchar),
                                cast(:distance as double precision), cast(:tolerance as double precision),
                                -cast(:gap as double precision)
                            from sighting where cast(:outcome as varchar) = 'DISAGREE'
                            on conflict do nothing
                            returning 1)
                        select count(*) from sighting""")
                .param("collateral", item.collateralId())
                .param("loan", item.loanId())
                .param("gate", sighting.gateId())
                .param("gateSeq", sighting.sequence())
                .param("gateAt", Timestamp.from(sighting.at()))
                .param("tracker", trackerId)
                .param("fixSeq", fix == null ? null : fix.sequence(), Types.BIGINT)
                .param("fixAt", fix == null ? null : Timestamp.from(fix.at()), Types.TIMESTAMP)
                .param("outcome", verdict.outcome().name())
                .param("distance", verdict.distanceMeters(), Types.DOUBLE)
                .param("tolerance", verdict.toleranceMeters())
                .param("gap", gapSeconds, Types.DOUBLE)
                .query(Long.class)
                .single();
        return inserted > 0;
    }

    /** Records that the sightings have every verdict they need (one round trip). */
    void settle(List<CrossCheckRule.Sighting> sightings, Instant at) {
        if (sightings.isEmpty()) {
            return;
        }
        template.batchUpdate("""
                        update crosscheck_source_reading set settled_at = ?
                        where device_id = ? and sequence = ? and settled_at is null""",
                sightings, sightings.size(), (ps, sighting) -> {
                    ps.setTimestamp(1, Timestamp.from(at));
                    ps.setString(2, sighting.gateId());
                    ps.setLong(3, sighting.sequence());
                });
    }

    /** Deletes the recent readings taken before {@code before}; returns how many. */
    int prune(Instant before) {
        return jdbc.sql("delete from crosscheck_source_reading where reading_at < :before")
                .param("before", Timestamp.from(before))
                .update();
    }

    /** The marks of the collateral item's readings taken in {@code [from, to)}, oldest first, at most {@code limit}. */
    public List<CrossCheckMark> ofCollateral(String collateralId, Instant from, Instant to, int limit) {
        return marks("collateral_id", collateralId, from, to, limit);
    }

    /** The marks of the device's readings taken in {@code [from, to)}, oldest first, at most {@code limit}. */
    public List<CrossCheckMark> ofDevice(String deviceId, Instant from, Instant to, int limit) {
        return marks("device_id", deviceId, from, to, limit);
    }

    private List<CrossCheckMark> marks(String keyColumn, String key, Instant from, Instant to, int limit) {
        return jdbc.sql("""
                        select * from crosscheck_mark
                        where %s = :key and reading_at >= :from and reading_at < :to
                        order by reading_at, id limit :limit""".formatted(keyColumn))
                .param("key", key)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .param("limit", limit)
                .query(CrossCheckMarks::mark)
                .list();
    }

    private static CrossCheckRule.Sighting sighting(ResultSet rs, int row) throws SQLException {
        return new CrossCheckRule.Sighting(rs.getString("device_id"), rs.getLong("sequence"),
                rs.getTimestamp("reading_at").toInstant(), rs.getDouble("latitude"), rs.getDouble("longitude"));
    }

    private static CrossCheckMark mark(ResultSet rs, int row) throws SQLException {
        Timestamp otherAt = rs.getTimestamp("other_reading_at");
        return new CrossCheckMark(rs.getString("collateral_id"), rs.getString("loan_id"), rs.getString("device_id"),
                rs.getLong("sequence"), rs.getTimestamp("reading_at").toInstant(), rs.getString("subject"),
                rs.getString("other_device_id"), rs.getObject("other_sequence", Long.class),
                otherAt == null ? null : otherAt.toInstant(), CrossCheckOutcome.valueOf(rs.getString("outcome")),
                rs.getObject("distance_m", Double.class), rs.getDouble("tolerance_m"),
                rs.getObject("time_gap_seconds", Double.class), rs.getTimestamp("marked_at").toInstant());
    }
}
