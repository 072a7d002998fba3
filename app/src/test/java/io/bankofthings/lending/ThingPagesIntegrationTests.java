package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.anonymous;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.bankofthings.lending.grant.GrantQueries;
import io.bankofthings.lending.grant.GrantState;
import io.bankofthings.lending.grant.Period;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.OidcLoginRequestPostProcessor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The owner's pages for things and grants on the whole application: register a thing and see its credential once,
 * request a grant (invalid fields are shown in place), see it authorized with its remaining limits, see the thing's
 * payment on the page, revoke it from the page; another owner and other roles see nothing.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ThingPagesIntegrationTests {

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsSupport.register(registry);
    }

    @Autowired MockMvc mvc;
    @Autowired GrantQueries queries;

    static OidcLoginRequestPostProcessor page(String subject, String role) {
        return oidcLogin()
                .idToken(t -> t.subject(subject).claim("preferred_username", subject))
                .authorities(new OidcUserAuthority(OidcIdToken.withTokenValue("t").subject(subject)
                                .claim("preferred_username", subject).build()),
                        new SimpleGrantedAuthority("ROLE_" + role));
    }

    @Test
    void ownerRegistersAThingGivesItAGrantSeesItsPaymentAndRevokesIt() throws Exception {
        String owner = "rosa-" + UUID.randomUUID();
        var rosa = page(owner, "borrower");
        String serial = "wvw" + UUID.randomUUID().toString().substring(0, 8);

        // register: the credential is on the page once, never cached
        var registered = mvc.perform(post("/things").with(rosa).with(csrf())
                        .param("ownerType", "PERSON").param("kind", "VEHICLE").param("serial", serial)
                        .param("displayName", "Rosa's car"))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", "no-store"))
                .andReturn().getResponse().getContentAsString();
        String thingId = "thing:person:vehicle:" + serial;
        assertThat(registered).contains(thingId);
        String credential = group(Pattern.compile("id=\"credential\">(tsk_[A-Za-z0-9_-]{43})<"), registered);

        assertThat(html(mvc.perform(get("/things").with(rosa)).andExpect(status().isOk()).andReturn()))
                .contains("Rosa&#39;s car").contains(thingId);

        // an invalid grant request is shown field by field and stores nothing
        String invalid = mvc.perform(post("/things/{id}/grants", thingId).with(rosa).with(csrf())
                        .param("currency", "EUR").param("counterparties", "ionity-berlin")
                        .param("maxPerTransaction", "lots").param("validDays", "90"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(invalid).contains("data-field=\"maxPerTransaction\"");
        assertThat(queries.overviews(owner)).isEmpty();

        mvc.perform(post("/things/{id}/grants", thingId).with(rosa).with(csrf())
                        .param("currency", "EUR").param("counterparties", "ionity-berlin, shell-de")
                        .param("maxPerTransaction", "50.00").param("dailyLimit", "80.00").param("weeklyLimit", "200.00")
                        .param("monthlyLimit", "600.00").param("validDays", "90"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/things/" + thingId));
        String grantId = awaitState(owner, GrantState.AUTHORIZED);

        // the thing pays on its own; the page shows the payment and what is left today
        mvc.perform(post("/api/things/{id}/payments", thingId).with(anonymous())
                        .header("Authorization", "Thing " + credential).header("Idempotency-Key", "charge-1")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"amountMinor\": 3000, \"currency\": \"EUR\", \"counterparty\": \"ionity-berlin\"}"))
                .andExpect(status().isCreated());
        String detail = html(mvc.perform(get("/things/{id}", thingId).with(rosa)).andExpect(status().isOk()).andReturn());
        assertThat(detail).contains(grantId).contains("AUTHORIZED").contains("30.00 EUR").contains("ionity-berlin");
        assertThat(group(Pattern.compile("data-period=\"DAY\">.*?class=\"left\">([^<]+)<", Pattern.DOTALL), detail))
                .isEqualTo("50.00 EUR");
        assertThat(queries.overview(owner, grantId).remaining().get(Period.DAY).amountMinor()).isEqualTo(5_000L);

        // another owner and other roles see nothing of it
        mvc.perform(get("/things/{id}", thingId).with(page("mallory-" + UUID.randomUUID(), "borrower")))
                .andExpect(status().isNotFound());
        mvc.perform(post("/things/{id}/grants/{g}/revocation", thingId, grantId).with(page("mallory-x", "borrower")).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/things").with(page("uma-subject", "underwriter"))).andExpect(status().isForbidden());
        assertThat(queries.overview(owner, grantId).grant().state()).isEqualTo(GrantState.AUTHORIZED);

        // revoke from the page: the next payment is refused at once
        mvc.perform(post("/things/{id}/grants/{g}/revocation", thingId, grantId).with(rosa).with(csrf())
                        .param("reason", "car sold"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/things/" + thingId));
        assertThat(queries.overview(owner, grantId).grant().state()).isEqualTo(GrantState.REVOKED);
        assertThat(html(mvc.perform(get("/things/{id}", thingId).with(rosa)).andReturn()))
                .contains("REVOKED").contains("car sold").contains("Give it a grant");
        mvc.perform(post("/api/things/{id}/payments", thingId).with(anonymous())
                        .header("Authorization", "Thing " + credential).header("Idempotency-Key", "charge-2")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"amountMinor\": 100, \"currency\": \"EUR\", \"counterparty\": \"ionity-berlin\"}"))
                .andExpect(status().isUnprocessableEntity());
    }

    @Test
    void aLargeGrantWaitsForTheOwnersConfirmationOnThePage() throws Exception {
        String owner = "theo-" + UUID.randomUUID();
        var theo = page(owner, "borrower");
        String serial = "press" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(post("/things").with(theo).with(csrf())
                        .param("ownerType", "COMPANY").param("kind", "MACHINE").param("serial", serial)
                        .param("displayName", "Press line 2"))
                .andExpect(status().isOk());
        String thingId = "thing:company:machine:" + serial;
        mvc.perform(post("/things/{id}/grants", thingId).with(theo).with(csrf())
                        .param("currency", "EUR").param("counterparties", "steel-supplier-1")
                        .param("maxPerTransaction", "500.00").param("dailyLimit", "1000.00")
                        .param("monthlyLimit", "4000.00").param("validDays", "30"))
                .andExpect(status().is3xxRedirection());
        String grantId = awaitConfirmationAsked(owner);
        assertThat(html(mvc.perform(get("/things/{id}", thingId).with(theo)).andReturn()))
                .contains("The bank asks you to confirm this grant.");

        mvc.perform(post("/things/{id}/grants/{g}/confirmation", thingId, grantId).with(theo).with(csrf())
                        .param("approve", "true"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/things/" + thingId));
        awaitState(owner, GrantState.AUTHORIZED);
    }

    private String awaitState(String owner, GrantState state) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            var grants = queries.overviews(owner);
            if (!grants.isEmpty() && grants.getFirst().grant().state() == state) {
                return grants.getFirst().grant().grantId();
            }
            assertThat(Instant.now()).as("grant of %s not %s in time: %s", owner, state, grants).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private String awaitConfirmationAsked(String owner) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            var grants = queries.overviews(owner);
            if (!grants.isEmpty() && grants.getFirst().grant().awaitingConfirmation()) {
                return grants.getFirst().grant().grantId();
            }
            assertThat(Instant.now()).as("grant of %s never asked for confirmation: %s", owner, grants).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static String html(org.springframework.test.web.servlet.MvcResult result) throws Exception {
        return result.getResponse().getContentAsString();
    }

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in the page", pattern).isTrue();
        return matcher.group(1);
    }
}
