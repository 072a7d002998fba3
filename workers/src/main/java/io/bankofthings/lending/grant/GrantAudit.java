package io.bankofthings.lending.grant;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The audit trail of things and grants: who did what, when, on which grant or thing. Rows are never edited. */
@Repository
public class GrantAudit {

    /** One audited action. */
    public record Entry(long id, Instant at, String actor, String action, String thingId, String grantId, String detail) {}

    private final JdbcClient jdbc;

    public GrantAudit(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends an entry; joins the caller's transaction if there is one. */
    public void record(String actor, String action, String thingId, String grantId, String detail) {
        jdbc.sql("""
                        insert into grant_audit (actor, action, thing_id, grant_id, detail)
                        values (:actor, :action, :thingId, :grantId, :detail)""")
                .param("actor", actor)
                .param("action", action)
                .param("thingId", thingId)
                .param("grantId", grantId)
                .param("detail", detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 999) + "…")
                .update();
    }

    /** Every entry for a grant, oldest first. */
    public List<Entry> forGrant(String grantId) {
        return jdbc.sql("select * from grant_audit where grant_id = :grantId order by id")
                .param("grantId", grantId)
                .query(GrantAudit::map)
                .list();
    }

    /** Every entry for a thing and its grants, oldest first. */
    public List<Entry> forThing(String thingId) {
        return jdbc.sql("select * from grant_audit where thing_id = :thingId order by id")
                .param("thingId", thingId)
                .query(GrantAudit::map)
                .list();
    }

    private static Entry map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
                rs.getString("action"), rs.getString("thing_id"), rs.getString("grant_id"), rs.getString("detail"));
    }
}
