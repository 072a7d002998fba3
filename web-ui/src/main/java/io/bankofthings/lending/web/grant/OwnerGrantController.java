package io.bankofthings.lending.web.grant;

import io.bankofthings.lending.grant.GrantAudit;
import io.bankofthings.lending.grant.GrantQueries;
import io.bankofthings.lending.grant.GrantService;
import io.bankofthings.lending.grant.NewThing;
import io.bankofthings.lending.grant.OwnerNotification;
import io.bankofthings.lending.grant.OwnerType;
import io.bankofthings.lending.grant.RiskMonitor;
import io.bankofthings.lending.grant.ThingKind;
import io.bankofthings.lending.grant.ThingRegistry;
import java.net.URI;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The owner's side of things and grants, over the JWT-protected API: the owner is the token's subject and sees only
 * their own things and grants; anyone else's are not found (404).
 */
@RestController
@PreAuthorize("hasRole('borrower')")
class OwnerGrantController {

    record ThingRegistration(OwnerType ownerType, ThingKind kind, String serial, String displayName) {}

    record Confirmation(Boolean approve, String reason) {}

    record Revocation(String reason) {}

    private final ThingRegistry things;
    private final GrantService grants;
    private final GrantQueries queries;
    private final RiskMonitor risk;

    OwnerGrantController(ThingRegistry things, GrantService grants, GrantQueries queries, RiskMonitor risk) {
        this.things = things;
        this.grants = grants;
        this.queries = queries;
        this.risk = risk;
    }

    /** Registers a thing; the answer carries its credential this once (never cached, never shown again). */
    @PostMapping("/api/things")
    ResponseEntity<ThingView> register(@AuthenticationPrincipal Jwt jwt, @RequestBody ThingRegistration body) {
        var registered = things.register(jwt.getSubject(),
                new NewThing(body.ownerType(), body.kind(), body.serial(), body.displayName()));
        return ResponseEntity.created(URI.create("/api/things/" + registered.thing().thingId()))
                .cacheControl(CacheControl.noStore())
                .body(ThingView.of(registered.thing(), registered.credential()));
    }

    @GetMapping("/api/things")
    List<ThingView> myThings(@AuthenticationPrincipal Jwt jwt) {
        return things.findByOwner(jwt.getSubject()).stream().map(t -> ThingView.of(t, null)).toList();
    }

    @GetMapping("/api/things/{thingId}")
    ThingView thing(@AuthenticationPrincipal Jwt jwt, @PathVariable String thingId) {
        return ThingView.of(things.requireOwned(jwt.getSubject(), thingId), null);
    }

    /** Everything that happened to the thing and its grants, oldest first. */
    @GetMapping("/api/things/{thingId}/audit")
    List<GrantAudit.Entry> thingAudit(@AuthenticationPrincipal Jwt jwt, @PathVariable String thingId) {
        return queries.thingTrail(jwt.getSubject(), thingId);
    }

    /** Requests a grant for the thing; it is REQUESTED until the process authorizes or rejects it (202). */
    @PostMapping("/api/things/{thingId}/grants")
    ResponseEntity<GrantView> request(@AuthenticationPrincipal Jwt jwt, @PathVariable String thingId,
            @RequestBody GrantRequestBody body) {
        var grant = grants.request(jwt.getSubject(), thingId, body.toLimits());
        return ResponseEntity.accepted()
                .location(URI.create("/api/grants/" + grant.grantId()))
                .body(GrantView.of(queries.overview(jwt.getSubject(), grant.grantId())));
    }

    /** The owner's grants with what is left of each limit and their payments, newest first. */
    @GetMapping("/api/grants")
    List<GrantView> myGrants(@AuthenticationPrincipal Jwt jwt) {
        return queries.overviews(jwt.getSubject()).stream().map(GrantView::of).toList();
    }

    @GetMapping("/api/grants/{grantId}")
    GrantView grant(@AuthenticationPrincipal Jwt jwt, @PathVariable String grantId) {
        return GrantView.of(queries.overview(jwt.getSubject(), grantId));
    }

    /** New limits: the grant is re-authorized through the risk table (202, REQUESTED until then). */
    @PutMapping("/api/grants/{grantId}/limits")
    ResponseEntity<GrantView> changeLimits(@AuthenticationPrincipal Jwt jwt, @PathVariable String grantId,
            @RequestBody GrantRequestBody body) {
        grants.changeLimits(jwt.getSubject(), grantId, body.toLimits());
        return ResponseEntity.accepted().body(GrantView.of(queries.overview(jwt.getSubject(), grantId)));
    }

    /** Revokes at once: the next payment is refused. */
    @PostMapping("/api/grants/{grantId}/revocation")
    GrantView revoke(@AuthenticationPrincipal Jwt jwt, @PathVariable String grantId,
            @RequestBody(required = false) Revocation body) {
        grants.revoke(jwt.getSubject(), grantId, body == null ? null : body.reason());
        return GrantView.of(queries.overview(jwt.getSubject(), grantId));
    }

    /** The owner's answer where the risk table asked for a confirmation. */
    @PostMapping("/api/grants/{grantId}/confirmation")
    ResponseEntity<GrantView> confirm(@AuthenticationPrincipal Jwt jwt, @PathVariable String grantId,
            @RequestBody Confirmation body) {
        if (body.approve() == null) {
            throw new io.bankofthings.lending.grant.InvalidGrantRequestException("The confirmation has invalid fields",
                    List.of(new io.bankofthings.lending.loan.FieldError("approve", "is required: true or false")));
        }
        grants.confirm(jwt.getSubject(), grantId, body.approve(), body.reason());
        return ResponseEntity.accepted().body(GrantView.of(queries.overview(jwt.getSubject(), grantId)));
    }

    /** Lifts a suspension through the process (202: AUTHORIZED once the process has done it). */
    @PostMapping("/api/grants/{grantId}/resumption")
    ResponseEntity<GrantView> resume(@AuthenticationPrincipal Jwt jwt, @PathVariable String grantId) {
        grants.resume(jwt.getSubject(), grantId);
        return ResponseEntity.accepted().body(GrantView.of(queries.overview(jwt.getSubject(), grantId)));
    }

    @GetMapping("/api/grants/{grantId}/audit")
    List<GrantAudit.Entry> grantAudit(@AuthenticationPrincipal Jwt jwt, @PathVariable String grantId) {
        return queries.grantTrail(jwt.getSubject(), grantId);
    }

    /** Risk warnings and other messages about the owner's things, newest first. */
    @GetMapping("/api/grants/notifications")
    List<OwnerNotification> notifications(@AuthenticationPrincipal Jwt jwt) {
        return risk.forOwner(jwt.getSubject(), 100);
    }
}
