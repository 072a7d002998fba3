package io.bankofthings.lending.monitoring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Enrolled loans and their watched collateral in PostgreSQL. */
@Repository
public class WatchedCollaterals {

    private final JdbcClient jdbc;

    public WatchedCollaterals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the enrolment unless the loan has one; true when inserted. */
    boolean insertEnrolment(Enrolment e) {
        return jdbc.sql("""
                        insert into monitoring_enrolment (loan_id, borrower_id, status, loan_amount_minor, currency, ltv_limit, enrolled_at)
                        values (:loanId, :borrowerId, 'ACTIVE', :amount, :currency, :ltvLimit, :at)
                        on conflict (loan_id) do nothing""")
                .param("loanId", e.loanId())
                .param("borrowerId", e.borrowerId())
                .param("amount", e.loanAmountMinor())
                .param("currency", e.currency())
                .param("ltvLimit", e.ltvLimit())
                .param("at", Timestamp.from(e.enrolledAt()))
                .update() == 1;
    }

    void insertCollateral(WatchedCollateral c) {
        jdbc.sql("""
                        insert into monitored_collateral (collateral_id, loan_id, device_id, geofence, offline_threshold_seconds,
                            min_operating_rate, pledged_quantity, value_at_enrolment_minor, hours_at_enrolment,
                            depreciation_per_hour_minor, enrolled_at)
                        values (:id, :loanId, :deviceId, cast(:geofence as jsonb), :offline, :rate, :pledged, :value, :hours,
                            :depreciation, :at)
                        on conflict (collateral_id) do nothing""")
                .param("id", c.collateralId())
                .param("loanId", c.loanId())
                .param("deviceId", c.deviceId())
                .param("geofence", Json.writeGeofence(c.geofence()))
                .param("offline", c.offlineThreshold().toSeconds())
                .param("rate", c.minOperatingRate())
                .param("pledged", c.pledgedQuantity())
                .param("value", c.valueAtEnrolmentMinor())
                .param("hours", c.hoursAtEnrolment())
                .param("depreciation", c.depreciationPerHourMinor())
                .param("at", Timestamp.from(c.enrolledAt()))
                .update();
    }

    public Optional<Enrolment> enrolment(String loanId) {
        return jdbc.sql("select * from monitoring_enrolment where loan_id = :loanId")
                .param("loanId", loanId)
                .query(WatchedCollaterals::enrolment)
                .optional();
    }

    /** Closes an active enrolment; true when it was active. */
    boolean close(String loanId, String reason, Instant at) {
        return jdbc.sql("""
                        update monitoring_enrolment set status = 'CLOSED', closed_at = :at, close_reason = :reason
                        where loan_id = :loanId and status = 'ACTIVE'""")
                .param("loanId", loanId)
                .param("reason", reason)
                .param("at", Timestamp.from(at))
                .update() == 1;
    }

    public List<Enrolment> activeEnrolments() {
        return jdbc.sql("select * from monitoring_enrolment where status = 'ACTIVE' order by loan_id")
                .query(WatchedCollaterals::enrolment)
                .list();
    }

    public List<WatchedCollateral> ofLoan(String loanId) {
        return jdbc.sql("select * from monitored_collateral where loan_id = :loanId order by collateral_id")
                .param("loanId", loanId)
                .query(WatchedCollaterals::collateral)
                .list();
    }

    /** Collateral watched through this device on loans still under monitoring. */
    public List<WatchedCollateral> activeByDevice(String deviceId) {
        return jdbc.sql("""
                        select c.* from monitored_collateral c join monitoring_enrolment e on e.loan_id = c.loan_id
                        where c.device_id = :deviceId and e.status = 'ACTIVE' order by c.collateral_id""")
                .param("deviceId", deviceId)
                .query(WatchedCollaterals::collateral)
                .list();
    }

    public List<WatchedCollateral> allActive() {
        return jdbc.sql("""
                        select c.* from monitored_collateral c join monitoring_enrolment e on e.loan_id = c.loan_id
                        where e.status = 'ACTIVE' order by c.collateral_id""")
                .query(WatchedCollaterals::collateral)
                .list();
    }

    /** Records a reading's server receive time and hours; the first hours reported become the valuation base. */
    void touch(String collateralId, Instant receivedAt, @Nullable Double hours) {
        jdbc.sql("""
                        update monitored_collateral set
                            last_seen_at = greatest(coalesce(last_seen_at, :at), :at),
                            last_hours = coalesce(greatest(last_hours, :hours), :hours, last_hours),
                            hours_at_enrolment = coalesce(hours_at_enrolment, :hours)
                        where collateral_id = :id""")
                .param("id", collateralId)
                .param("at", Timestamp.from(receivedAt))
                .param("hours", hours)
                .update();
    }

    void anchorGeofence(String collateralId, Geofence geofence) {
        jdbc.sql("update monitored_collateral set geofence = cast(:geofence as jsonb) where collateral_id = :id and geofence is null")
                .param("id", collateralId)
                .param("geofence", Json.writeGeofence(geofence))
                .update();
    }

    private static Enrolment enrolment(ResultSet rs, int row) throws SQLException {
        return new Enrolment(rs.getString("loan_id"), rs.getString("borrower_id"), rs.getString("status"),
                rs.getLong("loan_amount_minor"), rs.getString("currency"), rs.getDouble("ltv_limit"),
                rs.getTimestamp("enrolled_at").toInstant());
    }

    private static WatchedCollateral collateral(ResultSet rs, int row) throws SQLException {
        long pledged = rs.getLong("pledged_quantity");
        Long pledgedQuantity = rs.wasNull() ? null : pledged;
        double hoursAt = rs.getDouble("hours_at_enrolment");
        Double hoursAtEnrolment = rs.wasNull() ? null : hoursAt;
        double last = rs.getDouble("last_hours");
        Double lastHours = rs.wasNull() ? null : last;
        Timestamp lastSeen = rs.getTimestamp("last_seen_at");
        return new WatchedCollateral(
                rs.getString("collateral_id"),
                rs.getString("loan_id"),
                rs.getString("device_id"),
                Json.readGeofence(rs.getString("geofence")),
                Duration.ofSeconds(rs.getLong("offline_threshold_seconds")),
                rs.getDouble("min_operating_rate"),
                pledgedQuantity,
                rs.getLong("value_at_enrolment_minor"),
                hoursAtEnrolment,
                rs.getLong("depreciation_per_hour_minor"),
                rs.getTimestamp("enrolled_at").toInstant(),
                lastSeen == null ? null : lastSeen.toInstant(),
                lastHours);
    }
}
