package io.bankofthings.lending.grant;

import io.bankofthings.lending.ledger.Accounts;
import io.bankofthings.lending.loan.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** The registry of things: registration with a one-time credential, owner look-ups and thing authentication. */
@Service
public class ThingRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ThingRegistry.class);
    /** Hash of a credential nobody holds, compared when the thing is unknown so both answers take the same time. */
    private static final String NO_THING_HASH = ThingCredentials.hash(ThingCredentials.generate());

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final GrantAudit audit;

    public ThingRegistry(JdbcClient jdbc, TransactionTemplate tx, GrantAudit audit) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
    }

    /**
     * Registers a thing for its owner. Its virtual account is bound to the owner's account.
     *
     * @throws InvalidGrantRequestException if a part of the identity is missing or breaks the rule
     * @throws GrantConflictException       if a thing with the same identity is registered already
     */
    public RegisteredThing register(String ownerId, NewThing request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.ownerType() == null) {
            errors.add(new FieldError("ownerType", "is required: PERSON or COMPANY"));
        }
        if (request.kind() == null) {
            errors.add(new FieldError("kind", "is required: VEHICLE, MACHINE, APPLIANCE or SENSOR"));
        }
        if (request.serial() == null || request.serial().isBlank()) {
            errors.add(new FieldError("serial", "is required"));
        } else if (ThingId.of(OwnerType.PERSON, ThingKind.SENSOR, request.serial()).isEmpty()) {
            errors.add(new FieldError("serial",
                    "must be 1 to 48 letters, digits, dots or dashes, starting with a letter or digit"));
        }
        if (request.displayName() != null && request.displayName().length() > 200) {
            errors.add(new FieldError("displayName", "must be at most 200 characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidGrantRequestException("The thing has invalid fields", errors);
        }
        var id = ThingId.of(request.ownerType(), request.kind(), request.serial()).orElseThrow();
        String thingId = id.toString();
        String credential = ThingCredentials.generate();
        try {
            tx.executeWithoutResult(status -> {
                jdbc.sql("""
                                insert into thing (thing_id, owner_id, owner_type, kind, serial, display_name,
                                                   credential_hash, account, owner_account)
                                values (:thingId, :ownerId, :ownerType, :kind, :serial, :displayName, :hash, :account,
                                        :ownerAccount)""")
                        .param("thingId", thingId)
                        .param("ownerId", ownerId)
                        .param("ownerType", id.ownerType().name())
                        .param("kind", id.kind().name())
                        .param("serial", id.serial())
                        .param("displayName", request.displayName() == null ? null : request.displayName().strip())
                        .param("hash", ThingCredentials.hash(credential))
                        .param("account", Accounts.thingAccount(thingId))
                        .param("ownerAccount", Accounts.customerAccount(ownerId))
                        .update();
                audit.record(ownerId, "THING_REGISTERED", thingId, null, "kind " + id.kind() + ", account "
                        + Accounts.thingAccount(thingId) + " funded from " + Accounts.customerAccount(ownerId));
            });
        } catch (DuplicateKeyException e) {
            throw new GrantConflictException("Thing " + thingId + " is registered already");
        }
        LOG.info("Thing {} registered by owner {}", thingId, ownerId);
        return new RegisteredThing(find(thingId).orElseThrow(), credential);
    }

    public Optional<Thing> find(String thingId) {
        return jdbc.sql("select * from thing where thing_id = :thingId")
                .param("thingId", thingId)
                .query(ThingRegistry::map)
                .optional();
    }

    /** The owner's thing; another owner's thing is reported as not found. */
    public Thing requireOwned(String ownerId, String thingId) {
        return find(thingId).filter(t -> t.ownerId().equals(ownerId)).orElseThrow(() -> new ThingNotFoundException(thingId));
    }

    public List<Thing> findByOwner(String ownerId) {
        return jdbc.sql("select * from thing where owner_id = :ownerId order by created_at desc")
                .param("ownerId", ownerId)
                .query(ThingRegistry::map)
                .list();
    }

    /** The active thing this credential belongs to, or empty; never says which of the two was wrong. */
    public Optional<Thing> authenticate(String thingId, String credential) {
        var stored = jdbc.sql("select credential_hash from thing where thing_id = :thingId and status = 'ACTIVE'")
                .param("thingId", thingId)
                .query(String.class)
                .optional();
        boolean matches = ThingCredentials.matches(credential, stored.orElse(NO_THING_HASH));
        return matches && stored.isPresent() ? find(thingId) : Optional.empty();
    }

    static Thing map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Thing(
                rs.getString("thing_id"),
                rs.getString("owner_id"),
                OwnerType.valueOf(rs.getString("owner_type")),
                ThingKind.valueOf(rs.getString("kind")),
                rs.getString("serial"),
                rs.getString("display_name"),
                rs.getString("status"),
                rs.getString("account"),
                rs.getString("owner_account"),
                rs.getTimestamp("created_at").toInstant());
    }
}
