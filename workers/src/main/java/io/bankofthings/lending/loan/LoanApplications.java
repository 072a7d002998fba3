package io.bankofthings.lending.loan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankofthings.lending.resume.EngineGeneration;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Loan applications, their collateral, claims and timeline in PostgreSQL. Callers hold the transaction. */
@Repository
public class LoanApplications {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Integer>> FACTORS = new TypeReference<>() {};
    private static final TypeReference<List<ScoreFactor>> EXPLANATION = new TypeReference<>() {};
    private static final TypeReference<List<CollateralValuation>> VALUATION = new TypeReference<>() {};

    private final JdbcClient jdbc;

    public LoanApplications(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String loanId, NewLoanApplication application, List<CollateralItem> collateral) {
        var applicant = application.applicant();
        jdbc.sql("""
                        insert into loan_application (loan_id, borrower_id, borrower_username, amount_minor, currency,
                               term_months, purpose, status, repayment_type, applicant_type, applicant_name,
                               applicant_birth_date, applicant_national_id, applicant_registration_number,
                               applicant_founded_on, applicant_country)
                        values (:loanId, :borrowerId, :username, :amount, :currency, :term, :purpose, :status,
                                :repaymentType, :applicantType, :applicantName, :birthDate, :nationalId, :registration,
                                :foundedOn, :country)""")
                .param("loanId", loanId)
                .param("borrowerId", application.borrowerId())
                .param("username", application.borrowerUsername())
                .param("amount", application.amountMinor())
                .param("currency", application.currency())
                .param("term", application.termMonths())
                .param("purpose", application.purpose())
                .param("status", LoanStatus.SUBMITTED.name())
                .param("repaymentType", application.repaymentType().name())
                .param("applicantType", applicant.type().name())
                .param("applicantName", applicant.name().strip())
                .param("birthDate", sqlDate(applicant.birthDate()))
                .param("nationalId", applicant.nationalId())
                .param("registration", applicant.registrationNumber())
                .param("foundedOn", sqlDate(applicant.foundedOn()))
                .param("country", applicant.country())
                .update();
        for (CollateralItem item : collateral) {
            jdbc.sql("""
                            insert into collateral_item (collateral_id, loan_id, kind, description, declared_value_minor,
                                   device_id, asset_identifier, site_address, site_latitude, site_longitude, site_radius_m)
                            values (:id, :loanId, :kind, :description, :value, :deviceId, :asset, :address, :lat, :lon,
                                    :radius)""")
                    .param("id", item.collateralId())
                    .param("loanId", loanId)
                    .param("kind", item.kind().name())
                    .param("description", item.description())
                    .param("value", item.declaredValueMinor())
                    .param("deviceId", item.deviceId())
                    .param("asset", item.assetIdentifier())
                    .param("address", item.site().address())
                    .param("lat", item.site().latitude())
                    .param("lon", item.site().longitude())
                    .param("radius", item.site().radiusMeters())
                    .update();
            for (BoundDevice device : item.devices()) {
                jdbc.sql("""
                                insert into collateral_item_device (collateral_id, device_id, device_type)
                                values (:id, :deviceId, :type)""")
                        .param("id", item.collateralId())
                        .param("deviceId", device.deviceId())
                        .param("type", device.type().name())
                        .update();
            }
        }
    }

    /**
     * Claims the assets and devices of an application so no second live application can use them.
     *
     * @return the claim keys already held by another application (nothing is claimed then)
     */
    List<String> claim(String loanId, List<CollateralItem> collateral) {
        var keys = claimKeys(collateral);
        var taken = jdbc.sql("select claim_key from collateral_claim where claim_key in (:keys) and loan_id <> :loanId")
                .param("keys", keys)
                .param("loanId", loanId)
                .query(String.class)
                .list();
        if (!taken.isEmpty()) {
            return taken;
        }
        for (String key : keys) {
            int inserted = jdbc.sql("""
                            insert into collateral_claim (claim_key, loan_id) values (:key, :loanId)
                            on conflict (claim_key) do nothing""")
                    .param("key", key)
                    .param("loanId", loanId)
                    .update();
            if (inserted == 0) {
                throw new DuplicateCollateralException(List.of(key));
            }
        }
        return List.of();
    }

    static List<String> claimKeys(List<CollateralItem> collateral) {
        var keys = new ArrayList<String>();
        for (var item : collateral) {
            keys.add(assetClaim(item.assetIdentifier()));
            item.devices().forEach(d -> keys.add("device:" + d.deviceId()));
        }
        return keys;
    }

    static String assetClaim(String assetIdentifier) {
        return "asset:" + assetIdentifier.toUpperCase(Locale.ROOT);
    }

    void releaseClaims(String loanId) {
        jdbc.sql("delete from collateral_claim where loan_id = :loanId").param("loanId", loanId).update();
    }

    public Optional<LoanApplication> find(String loanId) {
        return jdbc.sql("select * from loan_application where loan_id = :loanId")
                .param("loanId", loanId)
                .query(this::mapWithoutCollateral)
                .optional()
                .map(this::withCollateral);
    }

    /** Locks the row until the surrounding transaction ends; empty if there is no such application. */
    Optional<LoanApplication> findForUpdate(String loanId) {
        return jdbc.sql("select * from loan_application where loan_id = :loanId for update")
                .param("loanId", loanId)
                .query(this::mapWithoutCollateral)
                .optional()
                .map(this::withCollateral);
    }

    public List<LoanApplication> findByBorrower(String borrowerId) {
        return jdbc.sql("select * from loan_application where borrower_id = :borrowerId order by created_at desc")
                .param("borrowerId", borrowerId)
                .query(this::mapWithoutCollateral)
                .list()
                .stream()
                .map(this::withCollateral)
                .toList();
    }

    /** Applications in one status, oldest first (the underwriter queue reads REFERRED). */
    public List<LoanApplication> findByStatus(LoanStatus status) {
        return jdbc.sql("select * from loan_application where status = :status order by updated_at, loan_id")
                .param("status", status.name())
                .query(this::mapWithoutCollateral)
                .list()
                .stream()
                .map(this::withCollateral)
                .toList();
    }

    /** Applications whose process instance has not been started yet, oldest first. */
    List<String> findNotStarted(int limit) {
        return jdbc.sql("""
                        select loan_id from loan_application where process_instance_key is null
                        order by created_at limit :limit""")
                .param("limit", limit)
                .query(String.class)
                .list();
    }

    /** Ids of applications and loans that are not final yet. */
    public List<String> findOpenLoanIds() {
        return jdbc.sql("select loan_id from loan_application where status not in (:final) order by created_at")
                .param("final", LoanStatus.FINAL.stream().map(Enum::name).toList())
                .query(String.class)
                .list();
    }

    /** Loans repaid in full at least {@code olderThan} ago whose process has not closed them yet. */
    List<String> findRepaidBefore(Instant olderThan) {
        return jdbc.sql("select loan_id from loan_application where status = 'REPAID' and updated_at < :before")
                .param("before", Timestamp.from(olderThan))
                .query(String.class)
                .list();
    }

    /** Records the loan's process instance and the engine generation that runs it ({@link EngineGeneration}). */
    void setProcessInstanceKey(String loanId, long processInstanceKey, String generation) {
        jdbc.sql("""
                        update loan_application set process_instance_key = :key, process_generation = :generation,
                               updated_at = now() where loan_id = :loanId""")
                .param("key", processInstanceKey)
                .param("generation", generation)
                .param("loanId", loanId)
                .update();
    }

    /**
     * Open loans, oldest first, whose process instance was started by another engine generation than {@code current}
     * and is therefore lost: with an in-memory engine ({@code embedded:…}) every other generation, including instances
     * started before generations were recorded; against a broker only those an in-memory engine had started.
     */
    List<String> findLostInstances(EngineGeneration current, int limit) {
        return jdbc.sql("""
                        select loan_id from loan_application
                        where status not in (:final) and process_instance_key is not null and\s"""
                        + EngineGeneration.LOST_CONDITION + " order by created_at, loan_id limit :limit")
                .param("final", LoanStatus.FINAL.stream().map(Enum::name).toList())
                .params(current.lostParams())
                .param("limit", limit)
                .query(String.class)
                .list();
    }

    /** The engine generation recorded with the loan's process instance; empty when none is (not started, or older). */
    Optional<String> processGeneration(String loanId) {
        return jdbc.sql("select process_generation from loan_application where loan_id = :loanId")
                .param("loanId", loanId)
                .query((rs, n) -> Optional.ofNullable(rs.getString(1)))
                .optional()
                .flatMap(g -> g);
    }

    void setScore(String loanId, int score, Map<String, Integer> factors, List<ScoreFactor> explanation) {
        jdbc.sql("""
                        update loan_application set score = :score, score_factors = cast(:factors as jsonb),
                               score_explanation = cast(:explanation as jsonb), status = :status, updated_at = now()
                        where loan_id = :loanId""")
                .param("score", score)
                .param("factors", toJson(factors))
                .param("explanation", toJson(explanation))
                .param("status", LoanStatus.SCORED.name())
                .param("loanId", loanId)
                .update();
    }

    void setValuation(String loanId, List<CollateralValuation> valuation, long maxLoanMinor) {
        jdbc.sql("""
                        update loan_application set valuation = cast(:valuation as jsonb), max_loan_minor = :max,
                               updated_at = now() where loan_id = :loanId""")
                .param("valuation", toJson(valuation))
                .param("max", maxLoanMinor)
                .param("loanId", loanId)
                .update();
    }

    void setDecision(String loanId, LoanStatus status, String decision, String reason, String decidedBy, Long approvedAmountMinor) {
        jdbc.sql("""
                        update loan_application set status = :status, decision = :decision, decision_reason = :reason,
                               decided_by = :decidedBy, approved_amount_minor = :approved, updated_at = now()
                        where loan_id = :loanId""")
                .param("status", status.name())
                .param("decision", decision)
                .param("reason", reason)
                .param("decidedBy", decidedBy)
                .param("approved", approvedAmountMinor)
                .param("loanId", loanId)
                .update();
    }

    void setOffer(String loanId, int annualRateBps, Instant expiresAt) {
        jdbc.sql("""
                        update loan_application set status = 'OFFERED', annual_rate_bps = :rate, offer_expires_at = :expires,
                               updated_at = now() where loan_id = :loanId""")
                .param("rate", annualRateBps)
                .param("expires", Timestamp.from(expiresAt))
                .param("loanId", loanId)
                .update();
    }

    void setEscalated(String loanId, Instant at) {
        jdbc.sql("update loan_application set escalated_at = :at, updated_at = now() where loan_id = :loanId")
                .param("at", Timestamp.from(at))
                .param("loanId", loanId)
                .update();
    }

    void setLienFilingNumber(String loanId, String filingNumber) {
        jdbc.sql("""
                        update loan_application set status = 'LIEN_REGISTERED', lien_filing_number = :filing,
                               updated_at = now() where loan_id = :loanId""")
                .param("filing", filingNumber)
                .param("loanId", loanId)
                .update();
    }

    void setClosure(String loanId, LoanStatus status, String reason, Instant at) {
        jdbc.sql("""
                        update loan_application set status = :status, closure_reason = :reason, closed_at = :at,
                               updated_at = now() where loan_id = :loanId""")
                .param("status", status.name())
                .param("reason", reason)
                .param("at", at == null ? null : Timestamp.from(at))
                .param("loanId", loanId)
                .update();
    }

    void setStatus(String loanId, LoanStatus status) {
        jdbc.sql("update loan_application set status = :status, updated_at = now() where loan_id = :loanId")
                .param("status", status.name())
                .param("loanId", loanId)
                .update();
    }

    void appendHistory(String loanId, LoanStatus status, String detail, String actor) {
        jdbc.sql("insert into loan_status_history (loan_id, status, detail, actor) values (:loanId, :status, :detail, :actor)")
                .param("loanId", loanId)
                .param("status", status.name())
                .param("detail", detail == null || detail.length() <= 500 ? detail : detail.substring(0, 499) + "…")
                .param("actor", actor)
                .update();
    }

    public List<StatusChange> history(String loanId) {
        return jdbc.sql("select status, detail, actor, at from loan_status_history where loan_id = :loanId order by id")
                .param("loanId", loanId)
                .query((rs, n) -> new StatusChange(
                        LoanStatus.valueOf(rs.getString("status")),
                        rs.getString("detail"),
                        rs.getString("actor"),
                        rs.getTimestamp("at").toInstant()))
                .list();
    }

    private LoanApplication withCollateral(LoanApplication application) {
        Map<String, List<BoundDevice>> devices = new LinkedHashMap<>();
        jdbc.sql("""
                        select d.collateral_id, d.device_id, d.device_type from collateral_item_device d
                        join collateral_item c on c.collateral_id = d.collateral_id
                        where c.loan_id = :loanId order by d.collateral_id, d.device_id""")
                .param("loanId", application.loanId())
                .query((rs, n) -> Map.entry(rs.getString("collateral_id"),
                        new BoundDevice(rs.getString("device_id"), DeviceType.valueOf(rs.getString("device_type")))))
                .list()
                .forEach(e -> devices.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        var collateral = jdbc.sql("select * from collateral_item where loan_id = :loanId order by collateral_id")
                .param("loanId", application.loanId())
                .query((rs, n) -> {
                    String id = rs.getString("collateral_id");
                    String address = rs.getString("site_address");
                    CollateralSite site = address == null ? null : new CollateralSite(address, rs.getDouble("site_latitude"),
                            rs.getDouble("site_longitude"), rs.getInt("site_radius_m"));
                    var bound = devices.getOrDefault(id,
                            List.of(new BoundDevice(rs.getString("device_id"), DeviceType.EQUIPMENT_MONITOR)));
                    return new CollateralItem(id, CollateralKind.valueOf(rs.getString("kind")), rs.getString("description"),
                            rs.getString("asset_identifier"), rs.getLong("declared_value_minor"), site, bound);
                })
                .list();
        return application.withCollateral(collateral);
    }

    private LoanApplication mapWithoutCollateral(ResultSet rs, int row) throws SQLException {
        String applicantType = rs.getString("applicant_type");
        Applicant applicant = applicantType == null ? null : new Applicant(
                ApplicantType.valueOf(applicantType),
                rs.getString("applicant_name"),
                localDate(rs.getDate("applicant_birth_date")),
                rs.getString("applicant_national_id"),
                rs.getString("applicant_registration_number"),
                localDate(rs.getDate("applicant_founded_on")),
                rs.getString("applicant_country"));
        return new LoanApplication(
                rs.getString("loan_id"),
                rs.getString("borrower_id"),
                rs.getString("borrower_username"),
                applicant,
                rs.getLong("amount_minor"),
                rs.getString("currency"),
                rs.getInt("term_months"),
                rs.getString("purpose"),
                RepaymentType.valueOf(rs.getString("repayment_type")),
                LoanStatus.valueOf(rs.getString("status")),
                rs.getObject("score", Integer.class),
                fromJson(rs.getString("score_factors"), FACTORS),
                fromJson(rs.getString("score_explanation"), EXPLANATION),
                rs.getString("decision"),
                rs.getString("decision_reason"),
                rs.getString("decided_by"),
                fromJson(rs.getString("valuation"), VALUATION),
                rs.getObject("max_loan_minor", Long.class),
                rs.getObject("approved_amount_minor", Long.class),
                rs.getObject("annual_rate_bps", Integer.class),
                instant(rs.getTimestamp("offer_expires_at")),
                instant(rs.getTimestamp("escalated_at")),
                rs.getString("lien_filing_number"),
                rs.getString("closure_reason"),
                instant(rs.getTimestamp("closed_at")),
                rs.getObject("process_instance_key", Long.class),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                List.of());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static LocalDate localDate(Date date) {
        return date == null ? null : date.toLocalDate();
    }

    private static Date sqlDate(LocalDate date) {
        return date == null ? null : Date.valueOf(date);
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Value cannot be written as JSON: " + value.getClass().getSimpleName(), e);
        }
    }

    private static <T> T fromJson(String json, TypeReference<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON column is not valid for " + type.getType(), e);
        }
    }
}
