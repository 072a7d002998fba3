package io.bankofthings.lending.collateral;

import io.bankofthings.lending.loan.CollateralItem;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The lien registry for movable goods: searched before lending, filed once the borrower accepts, released once the loan
 * is repaid. At most one lien per asset is active (a unique index); asset identifiers are compared upper-cased.
 * Filing numbers look like {@code LR-2026-000042}.
 */
@Repository
public class LienRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(LienRegistry.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public LienRegistry(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    static String normalize(String assetIdentifier) {
        return assetIdentifier.strip().toUpperCase(Locale.ROOT);
    }

    /** Active liens on any of these assets. */
    public List<Lien> activeOn(List<String> assetIdentifiers) {
        if (assetIdentifiers.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from lien where status = 'ACTIVE' and asset_identifier in (:assets) order by filing_number")
                .param("assets", assetIdentifiers.stream().map(LienRegistry::normalize).toList())
                .query(LienRegistry::map)
                .list();
    }

    public List<Lien> ofLoan(String loanId) {
        return jdbc.sql("select * from lien where loan_id = :loanId order by asset_identifier")
                .param("loanId", loanId)
                .query(LienRegistry::map)
                .list();
    }

    /**
     * Files one lien for the loan over all its assets, once: a repeated call returns the existing filing number.
     *
     * @throws IllegalStateException when an asset is under another active lien (the unique index refuses it)
     */
    public String register(String loanId, List<CollateralItem> collateral, String securedParty) {
        return tx.execute(status -> {
            var existing = jdbc.sql("select distinct filing_number from lien where loan_id = :loanId")
                    .param("loanId", loanId).query(String.class).list();
            if (!existing.isEmpty()) {
                return existing.getFirst();
            }
            long seq = jdbc.sql("select nextval('lien_filing_seq')").query(Long.class).single();
            String filing = String.format(Locale.ROOT, "LR-%d-%06d", clock.instant().atZone(ZoneOffset.UTC).getYear(), seq);
            for (var item : collateral) {
                file(filing, item.assetIdentifier(), loanId, securedParty);
            }
            LOG.info("Lien {} filed for loan {} over {} assets", filing, loanId, collateral.size());
            return filing;
        });
    }

    /** Files a lien of another lender (or a migrated one) on an asset; returns the filing number. */
    public String fileExternal(String filingNumber, String assetIdentifier, String securedParty) {
        tx.executeWithoutResult(status -> file(filingNumber, assetIdentifier, null, securedParty));
        return filingNumber;
    }

    private void file(String filing, String assetIdentifier, String loanId, String securedParty) {
        try {
            jdbc.sql("""
                            insert into lien (filing_number, asset_identifier, loan_id, secured_party, status)
                            values (:filing, :asset, :loanId, :party, 'ACTIVE')""")
                    .param("filing", filing)
                    .param("asset", normalize(assetIdentifier))
                    .param("loanId", loanId)
                    .param("party", securedParty)
                    .update();
        } catch (org.springframework.dao.DuplicateKeyException e) {
            throw new IllegalStateException("Asset " + assetIdentifier + " is already under an active lien", e);
        }
    }

    /** Releases the loan's liens; repeated calls change nothing. Returns how many were released now. */
    public int release(String loanId) {
        int released = jdbc.sql("""
                        update lien set status = 'RELEASED', released_at = now()
                        where loan_id = :loanId and status = 'ACTIVE'""")
                .param("loanId", loanId)
                .update();
        LOG.info("Liens of loan {} released: {}", loanId, released);
        return released;
    }

    private static Lien map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        var released = rs.getTimestamp("released_at");
        return new Lien(rs.getString("filing_number"), rs.getString("asset_identifier"), rs.getString("loan_id"),
                rs.getString("secured_party"), rs.getString("status"), rs.getTimestamp("registered_at").toInstant(),
                released == null ? null : released.toInstant());
    }
}
