package io.bankofthings.lending.grant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankofthings.lending.resume.EngineGeneration;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Grants in PostgreSQL. Callers hold the transaction; {@code ...ForUpdate} locks the row until it ends. */
@Repository
public class Grants {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final JdbcClient jdbc;

    public Grants(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String grantId, String thingId, String ownerId, GrantState state, GrantLimits limits) {
        jdbc.sql("""
                        insert into authorization_grant (grant_id, thing_id, owner_id, state, currency,
                            allowed_counterparties, allowed_merchant_categories, max_per_transaction_minor,
                            daily_limit_minor, weekly_limit_minor, monthly_limit_minor, max_payments, max_payments_period,
                            valid_from, valid_until)
                        values (:grantId, :thingId, :ownerId, :state, :currency, cast(:counterparties as jsonb),
                            cast(:categories as jsonb), :max, :daily, :weekly, :monthly, :maxPayments, :maxPaymentsPeriod,
                            :validFrom, :validUntil)""")
                .param("grantId", grantId)
                .param("thingId", thingId)
                .param("ownerId", ownerId)
                .param("state", state.name())
                .params(limitParams(limits))
                .update();
    }

    void updateLimits(String grantId, GrantLimits limits, GrantState state) {
        jdbc.sql("""
                        update authorization_grant set currency = :currency,
                            allowed_counterparties = cast(:counterparties as jsonb),
                            allowed_merchant_categories = cast(:categories as jsonb),
                            max_per_transaction_minor = :max, daily_limit_minor = :daily, weekly_limit_minor = :weekly,
                            monthly_limit_minor = :monthly, max_payments = :maxPayments,
                            max_payments_period = :maxPaymentsPeriod, valid_from = :validFrom, valid_until = :validUntil,
                            version = version + 1, state = :state, awaiting_confirmation = false, state_reason = null,
                            updated_at = now()
                        where grant_id = :grantId""")
                .params(limitParams(limits))
                .param("state", state.name())
                .param("grantId", grantId)
                .update();
    }

    private static java.util.Map<String, Object> limitParams(GrantLimits limits) {
        var params = new java.util.HashMap<String, Object>();
        params.put("currency", limits.currency());
        params.put("counterparties", toJson(limits.allowedCounterparties()));
        params.put("categories", toJson(limits.allowedMerchantCategories()));
        params.put("max", limits.maxPerTransactionMinor());
        params.put("daily", limits.dailyLimitMinor());
        params.put("weekly", limits.weeklyLimitMinor());
        params.put("monthly", limits.monthlyLimitMinor());
        params.put("maxPayments", limits.maxPayments());
        params.put("maxPaymentsPeriod", limits.maxPaymentsPeriod() == null ? null : limits.maxPaymentsPeriod().name());
        // PostgreSQL keeps microseconds and would round the rest; truncating keeps "valid from now" valid now.
        params.put("validFrom", Timestamp.from(limits.validFrom().truncatedTo(java.time.temporal.ChronoUnit.MICROS)));
        params.put("validUntil", Timestamp.from(limits.validUntil().truncatedTo(java.time.temporal.ChronoUnit.MICROS)));
        return params;
    }

    public Optional<Grant> find(String grantId) {
        return jdbc.sql("select * from authorization_grant where grant_id = :grantId")
                .param("grantId", grantId)
                .query(Grants::map)
                .optional();
    }

    Optional<Grant> findForUpdate(String grantId) {
        return jdbc.sql("select * from authorization_grant where grant_id = :grantId for update")
                .param("grantId", grantId)
                .query(Grants::map)
                .optional();
    }

    /**
     * Locks the grant a payment of this thing is checked against: its open grant, or else its latest one (so a refusal
     * can name it). Empty if the thing never had a grant.
     */
    Optional<Grant> lockCurrentForThing(String thingId) {
        return jdbc.sql("""
                        select * from authorization_grant where thing_id = :thingId
                        order by (state in ('REQUESTED', 'AUTHORIZED', 'SUSPENDED')) desc, created_at desc
                        limit 1 for update""")
                .param("thingId", thingId)
                .query(Grants::map)
                .optional();
    }

    public List<Grant> findByOwner(String ownerId) {
        return jdbc.sql("select * from authorization_grant where owner_id = :ownerId order by created_at desc")
                .param("ownerId", ownerId)
                .query(Grants::map)
                .list();
    }

    public List<Grant> findByThing(String thingId) {
        return jdbc.sql("select * from authorization_grant where thing_id = :thingId order by created_at desc")
                .param("thingId", thingId)
                .query(Grants::map)
                .list();
    }

    List<String> findNotStarted(int limit) {
        return jdbc.sql("""
                        select grant_id from authorization_grant
                        where process_instance_key is null and state = 'REQUESTED' order by created_at limit :limit""")
                .param("limit", limit)
                .query(String.class)
                .list();
    }

    /** Records the grant's process instance and the engine generation that runs it ({@link EngineGeneration}). */
    void setProcessInstanceKey(String grantId, long key, String generation) {
        jdbc.sql("""
                        update authorization_grant set process_instance_key = :key, process_generation = :generation,
                            updated_at = now() where grant_id = :grantId""")
                .param("key", key)
                .param("generation", generation)
                .param("grantId", grantId)
                .update();
    }

    /**
     * Open grants, oldest first, whose process instance was started by another engine generation and is therefore
     * lost ({@link EngineGeneration#lost}).
     */
    List<String> findLostInstances(EngineGeneration current, int limit) {
        return jdbc.sql("""
                        select grant_id from authorization_grant
                        where state in (:open) and process_instance_key is not null and\s"""
                        + EngineGeneration.LOST_CONDITION + " order by created_at, grant_id limit :limit")
                .param("open", GrantState.OPEN.stream().map(Enum::name).toList())
                .params(current.lostParams())
                .param("limit", limit)
                .query(String.class)
                .list();
    }

    /** The engine generation recorded with the grant's process instance; empty when none is (not started, or older). */
    Optional<String> processGeneration(String grantId) {
        return jdbc.sql("select process_generation from authorization_grant where grant_id = :grantId")
                .param("grantId", grantId)
                .query((rs, n) -> Optional.ofNullable(rs.getString(1)))
                .optional()
                .flatMap(g -> g);
    }

    void setState(String grantId, GrantState state, String reason) {
        jdbc.sql("""
                        update authorization_grant set state = :state, state_reason = :reason, awaiting_confirmation = false,
                            updated_at = now() where grant_id = :grantId""")
                .param("state", state.name())
                .param("reason", reason)
                .param("grantId", grantId)
                .update();
    }

    void setAssessment(String grantId, int version, String level, String reason, boolean awaitingConfirmation) {
        jdbc.sql("""
                        update authorization_grant set risk_level = :level, risk_reason = :reason, assessed_version = :version,
                            awaiting_confirmation = :awaiting, updated_at = now() where grant_id = :grantId""")
                .param("level", level)
                .param("reason", reason)
                .param("version", version)
                .param("awaiting", awaitingConfirmation)
                .param("grantId", grantId)
                .update();
    }

    boolean assessed(String grantId, int version) {
        return jdbc.sql("select count(*) from authorization_grant where grant_id = :grantId and assessed_version = :version")
                .param("grantId", grantId)
                .param("version", version)
                .query(Long.class)
                .single() > 0;
    }

    static Grant map(ResultSet rs, int row) throws SQLException {
        long key = rs.getLong("process_instance_key");
        Long keyOrNull = rs.wasNull() ? null : key;
        String period = rs.getString("max_payments_period");
        var limits = new GrantLimits(
                rs.getString("currency"),
                fromJson(rs.getString("allowed_counterparties")),
                fromJson(rs.getString("allowed_merchant_categories")),
                rs.getLong("max_per_transaction_minor"),
                nullableLong(rs, "daily_limit_minor"),
                nullableLong(rs, "weekly_limit_minor"),
                nullableLong(rs, "monthly_limit_minor"),
                rs.getObject("max_payments") == null ? null : rs.getInt("max_payments"),
                period == null ? null : Period.valueOf(period),
                rs.getTimestamp("valid_from").toInstant(),
                rs.getTimestamp("valid_until").toInstant());
        return new Grant(
                rs.getString("grant_id"),
                rs.getString("thing_id"),
                rs.getString("owner_id"),
                GrantState.valueOf(rs.getString("state")),
                rs.getInt("version"),
                limits,
                rs.getString("risk_level"),
                rs.getString("risk_reason"),
                rs.getBoolean("awaiting_confirmation"),
                rs.getString("state_reason"),
                keyOrNull,
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static String toJson(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Grant scope cannot be written as JSON", e);
        }
    }

    private static List<String> fromJson(String json) {
        try {
            return JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored grant scope is not valid JSON", e);
        }
    }
}
