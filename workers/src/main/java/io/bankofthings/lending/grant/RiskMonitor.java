package io.bankofthings.lending.grant;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Watches payments after they are decided and warns the owner (a stored notification) when one looks risky:
 * <ul>
 *   <li>a refusal by a limit (OVER_LIMIT): warns only;</li>
 *   <li>a refusal because the counterparty or currency is outside the scope (OUT_OF_SCOPE): warns and suspends;</li>
 *   <li>a burst of payment requests (BURST, see {@link GrantRiskSettings}): warns and suspends.</li>
 * </ul>
 * A suspension goes through the grant's process: the message {@code grant-risk-warning} carries the warning's dedupe
 * key as message id, so a warning is stored and published once however often it is raised. A failure here never
 * undoes the payment decision.
 */
@Component
public class RiskMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(RiskMonitor.class);

    private final JdbcClient jdbc;
    private final Grants grants;
    private final Payments payments;
    private final GrantEngine engine;
    private final GrantRiskSettings settings;
    private final Clock clock;

    public RiskMonitor(JdbcClient jdbc, Grants grants, Payments payments, GrantEngine engine, GrantRiskSettings settings,
            Clock clock) {
        this.jdbc = jdbc;
        this.grants = grants;
        this.payments = payments;
        this.engine = engine;
        this.settings = settings;
        this.clock = clock;
    }

    void afterPayment(ThingPayment payment) {
        if (payment.grantId() == null) {
            return;
        }
        try {
            var grant = grants.find(payment.grantId()).orElseThrow();
            if (payment.refusalRule() != null) {
                switch (payment.refusalRule().kind()) {
                    case LIMIT -> warn(grant, "OVER_LIMIT", payment.refusalRule().name(), "payment:" + payment.paymentId(), false,
                            "Your thing " + grant.thingId() + " asked to pay " + payment.amountMinor() + " " + payment.currency()
                                    + " to " + payment.counterparty() + "; refused by " + payment.refusalRule() + ": "
                                    + payment.refusalDetail());
                    case SCOPE -> warn(grant, "OUT_OF_SCOPE", payment.refusalRule().name(), "payment:" + payment.paymentId(), true,
                            "Your thing " + grant.thingId() + " asked to pay " + payment.amountMinor() + " " + payment.currency()
                                    + " to " + payment.counterparty() + ", outside the grant's scope; the grant is suspended "
                                    + "until you resume it");
                    case STATE -> { }
                }
            }
            Instant now = clock.instant();
            long recent = payments.countSince(grant.grantId(), now.minus(settings.burstWindow()));
            if (recent >= settings.burstPayments()) {
                long bucket = now.toEpochMilli() / settings.burstWindow().toMillis();
                warn(grant, "BURST", null, "burst:" + grant.grantId() + ":" + bucket, true,
                        "Your thing " + grant.thingId() + " asked for " + recent + " payments within "
                                + settings.burstWindow() + "; the grant is suspended until you resume it");
            }
        } catch (RuntimeException e) {
            LOG.warn("Risk check after payment {} of grant {} failed: {}", payment.paymentId(), payment.grantId(), e.toString());
        }
    }

    private void warn(Grant grant, String kind, String rule, String dedupeKey, boolean suspend, String message) {
        boolean suspends = suspend && grant.state() == GrantState.AUTHORIZED;
        int inserted = jdbc.sql("""
                        insert into owner_notification (owner_id, thing_id, grant_id, kind, rule, message, suspends, dedupe_key)
                        values (:ownerId, :thingId, :grantId, :kind, :rule, :message, :suspends, :dedupeKey)
                        on conflict (dedupe_key) do nothing""")
                .param("ownerId", grant.ownerId())
                .param("thingId", grant.thingId())
                .param("grantId", grant.grantId())
                .param("kind", kind)
                .param("rule", rule)
                .param("message", message.length() <= 500 ? message : message.substring(0, 499) + "…")
                .param("suspends", suspends)
                .param("dedupeKey", dedupeKey)
                .update();
        if (inserted == 0) {
            return;
        }
        LOG.info("Risk warning {} for grant {} of thing {} (suspend: {})", kind, grant.grantId(), grant.thingId(), suspends);
        if (suspends) {
            engine.publishRiskWarning(grant.grantId(), dedupeKey, kind, rule);
        }
    }

    /** The owner's notifications, newest first. */
    public List<OwnerNotification> forOwner(String ownerId, int limit) {
        return jdbc.sql("select * from owner_notification where owner_id = :ownerId order by id desc limit :limit")
                .param("ownerId", ownerId)
                .param("limit", limit)
                .query((rs, n) -> new OwnerNotification(rs.getLong("id"), rs.getString("owner_id"), rs.getString("thing_id"),
                        rs.getString("grant_id"), rs.getString("kind"), rs.getString("rule"), rs.getString("message"),
                        rs.getBoolean("suspends"), rs.getTimestamp("created_at").toInstant()))
                .list();
    }
}
