package io.bankofthings.lending.web.things;

import io.bankofthings.lending.grant.GrantConflictException;
import io.bankofthings.lending.grant.GrantNotFoundException;
import io.bankofthings.lending.grant.GrantOverview;
import io.bankofthings.lending.grant.GrantQueries;
import io.bankofthings.lending.grant.GrantService;
import io.bankofthings.lending.grant.InvalidGrantRequestException;
import io.bankofthings.lending.grant.OwnerType;
import io.bankofthings.lending.grant.Period;
import io.bankofthings.lending.grant.ProcessEngineUnavailableException;
import io.bankofthings.lending.grant.RiskMonitor;
import io.bankofthings.lending.grant.Thing;
import io.bankofthings.lending.grant.ThingKind;
import io.bankofthings.lending.grant.ThingNotFoundException;
import io.bankofthings.lending.grant.ThingRegistry;
import io.bankofthings.lending.loan.FieldError;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The owner's pages for things and grants: register a thing (its credential is shown once), request a grant with a
 * scope and limits, confirm it where the risk table asks, follow what is left of each limit and every payment,
 * suspend-resume and revoke. The owner is the login's subject; another owner's thing or grant is not found.
 */
@Controller
@PreAuthorize("hasRole('borrower')")
class ThingPagesController {

    private final ThingRegistry things;
    private final GrantService grants;
    private final GrantQueries queries;
    private final RiskMonitor risk;
    private final Clock clock;

    ThingPagesController(ThingRegistry things, GrantService grants, GrantQueries queries, RiskMonitor risk, Clock clock) {
        this.things = things;
        this.grants = grants;
        this.queries = queries;
        this.risk = risk;
        this.clock = clock;
    }

    /** One row of the things list: the thing and its newest grant, if any. */
    public record ThingRow(Thing thing, @Nullable GrantOverview grant) {

        /** What is left of the grant's daily limit now, or null without a grant or a daily limit. */
        public GrantOverview.@Nullable Remaining leftToday() {
            return grant == null ? null : grant.remaining().get(Period.DAY);
        }
    }

    @GetMapping("/things")
    String list(@AuthenticationPrincipal OidcUser user, Model model) {
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new ThingForm());
        }
        String owner = user.getSubject();
        Map<String, GrantOverview> newestGrant = queries.overviews(owner).stream()
                .collect(Collectors.toMap(o -> o.grant().thingId(), Function.identity(), (newer, older) -> newer));
        model.addAttribute("rows", things.findByOwner(owner).stream()
                .map(t -> new ThingRow(t, newestGrant.get(t.thingId())))
                .toList());
        model.addAttribute("notifications", risk.forOwner(owner, 20));
        model.addAttribute("ownerTypes", OwnerType.values());
        model.addAttribute("kinds", ThingKind.values());
        return "things/list";
    }

    @PostMapping("/things")
    String register(@AuthenticationPrincipal OidcUser user, @ModelAttribute("form") ThingForm form, BindingResult binding,
            Model model, HttpServletResponse response) {
        if (binding.hasErrors()) {
            return list(user, model);
        }
        try {
            var registered = things.register(user.getSubject(), form.toNewThing());
            response.setHeader("Cache-Control", "no-store");
            model.addAttribute("thing", registered.thing());
            model.addAttribute("credential", registered.credential());
            return "things/registered";
        } catch (InvalidGrantRequestException e) {
            reject(binding, e.errors(), List.of("ownerType", "kind", "serial", "displayName"), Function.identity());
            return list(user, model);
        } catch (GrantConflictException e) {
            model.addAttribute("problem", e.getMessage());
            return list(user, model);
        }
    }

    @GetMapping("/things/{thingId}")
    String detail(@AuthenticationPrincipal OidcUser user, @PathVariable String thingId, Model model) {
        String owner = user.getSubject();
        Thing thing = things.requireOwned(owner, thingId);
        List<GrantOverview> thingGrants = queries.overviews(owner).stream()
                .filter(o -> o.grant().thingId().equals(thingId))
                .toList();
        boolean hasOpenGrant = thingGrants.stream().anyMatch(o -> o.grant().state().isOpen());
        model.addAttribute("thing", thing);
        model.addAttribute("grants", thingGrants);
        model.addAttribute("hasOpenGrant", hasOpenGrant);
        model.addAttribute("trail", queries.thingTrail(owner, thingId).reversed());
        model.addAttribute("periods", Period.values());
        if (!model.containsAttribute("grantForm")) {
            model.addAttribute("grantForm", new GrantForm());
        }
        return "things/detail";
    }

    @PostMapping("/things/{thingId}/grants")
    String requestGrant(@AuthenticationPrincipal OidcUser user, @PathVariable String thingId,
            @ModelAttribute("grantForm") GrantForm form, BindingResult binding, Model model, RedirectAttributes redirect) {
        if (binding.hasErrors()) {
            return detail(user, thingId, model);
        }
        try {
            var grant = grants.request(user.getSubject(), thingId, form.toLimits(clock.instant()));
            redirect.addFlashAttribute("notice", "Grant " + grant.grantId() + " requested: the bank assesses its risk now.");
            return "redirect:/things/{thingId}";
        } catch (InvalidGrantRequestException e) {
            reject(binding, e.errors(), GrantForm.FIELDS, GrantForm::formField);
            return detail(user, thingId, model);
        } catch (GrantConflictException | ProcessEngineUnavailableException e) {
            model.addAttribute("problem", e.getMessage());
            return detail(user, thingId, model);
        }
    }

    @PostMapping("/things/{thingId}/grants/{grantId}/confirmation")
    String confirm(@AuthenticationPrincipal OidcUser user, @PathVariable String thingId, @PathVariable String grantId,
            @RequestParam boolean approve, @RequestParam(required = false) @Nullable String reason,
            RedirectAttributes redirect) {
        return act(thingId, redirect, approve ? "Grant confirmed: it becomes active in a moment." : "Grant refused.",
                () -> grants.confirm(user.getSubject(), owned(user, thingId, grantId), approve, reason));
    }

    @PostMapping("/things/{thingId}/grants/{grantId}/resumption")
    String resume(@AuthenticationPrincipal OidcUser user, @PathVariable String thingId, @PathVariable String grantId,
            RedirectAttributes redirect) {
        return act(thingId, redirect, "Resumption requested: the grant is active again in a moment.",
                () -> grants.resume(user.getSubject(), owned(user, thingId, grantId)));
    }

    @PostMapping("/things/{thingId}/grants/{grantId}/revocation")
    String revoke(@AuthenticationPrincipal OidcUser user, @PathVariable String thingId, @PathVariable String grantId,
            @RequestParam(required = false) @Nullable String reason, RedirectAttributes redirect) {
        return act(thingId, redirect, "Grant revoked: the thing's next payment is refused.",
                () -> grants.revoke(user.getSubject(), owned(user, thingId, grantId), reason));
    }

    @ExceptionHandler({ThingNotFoundException.class, GrantNotFoundException.class})
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(RuntimeException e, Model model) {
        model.addAttribute("problem", e.getMessage());
        return "things/not-found";
    }

    /** The grant id, if the grant belongs to this owner and this thing; anything else is not found. */
    private String owned(OidcUser user, String thingId, String grantId) {
        var grant = grants.requireOwned(user.getSubject(), grantId);
        if (!grant.thingId().equals(thingId)) {
            throw new GrantNotFoundException(grantId);
        }
        return grantId;
    }

    private static String act(String thingId, RedirectAttributes redirect, String done, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("notice", done);
        } catch (GrantConflictException | ProcessEngineUnavailableException e) {
            redirect.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/things/{thingId}";
    }

    private static void reject(BindingResult binding, List<FieldError> errors, List<String> formFields,
            Function<String, String> toFormField) {
        List<String> general = new ArrayList<>();
        for (FieldError error : errors) {
            String field = toFormField.apply(error.field());
            if (formFields.contains(field)) {
                binding.rejectValue(field, "invalid", error.message());
            } else {
                general.add(error.field() + " " + error.message());
            }
        }
        general.forEach(message -> binding.reject("invalid", message));
    }
}
